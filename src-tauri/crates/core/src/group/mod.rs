//! The desk's side of the group archive (issue 25): what it sends and how.
//!
//! - `bundle_out.rs` writes a 上报包 for the group office: the chain after the last
//!   position the group acknowledged, the agreements and voids it records, the
//!   rosters, sealed with the installation key;
//! - `sync.rs` sends the same online, as the site's database role, in batches that
//!   each commit on their own, so a broken connection resumes where the group's head
//!   is and signing never waits for it.
//!
//! Both feed the group crate's one `Ingest`, so what the group checks on arrival is
//! checked the same way whichever road the data took.

mod bundle_out;
mod receipt;
mod sync;

use serde::{Deserialize, Serialize};
use signdesk_archive::settings;
use signdesk_base::chain::{ChainPosition, GENESIS};
use signdesk_base::ErrorKind;
use ts_rs::TS;

use crate::{CoreError, Desk};

pub use bundle_out::{BundleExported, BundleHead};
pub use sync::Synced;

/// The last chain position the group archive acknowledged (after a sync).
const ACKED_KEY: &str = "group.acked";
/// The group archive's connection string and its password (kept in the encrypted
/// archive, never sent to the window).
const URL_KEY: &str = "group.url";
const PASSWORD_KEY: &str = "group.password";

/// The connection the window shows and edits (the password only as "set or not").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupSettings {
    pub url: String,
    pub password_set: bool,
    /// The last chain position the group acknowledged (entries, fingerprint), if any.
    #[ts(type = "number | null")]
    pub acked_entries: Option<i64>,
    pub acked_fingerprint: Option<String>,
}

impl Desk {
    /// The last chain position the group archive acknowledged (0 entries: never).
    pub(crate) fn group_acked(&self) -> Result<ChainPosition, CoreError> {
        let stored = settings::get(self.archive.read(), ACKED_KEY)?;
        Ok(stored
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(ChainPosition {
                entries: 0,
                hash: GENESIS.to_string(),
            }))
    }

    pub fn group_settings(&self) -> Result<GroupSettings, CoreError> {
        self.guard()?;
        let conn = self.archive.read();
        let acked = self.group_acked()?;
        Ok(GroupSettings {
            url: settings::get(conn, URL_KEY)?.unwrap_or_default(),
            password_set: settings::get(conn, PASSWORD_KEY)?.is_some_and(|p| !p.is_empty()),
            acked_entries: (acked.entries > 0).then_some(acked.entries),
            acked_fingerprint: (acked.entries > 0).then(|| acked.fingerprint()),
        })
    }

    /// Sets the group archive's connection; `password: None` keeps the stored one.
    /// The connection string is checked for form (nothing is contacted).
    pub fn set_group_settings(
        &mut self,
        url: &str,
        password: Option<&str>,
    ) -> Result<(), CoreError> {
        self.guard()?;
        let url = url.trim().to_string();
        if !url.is_empty() {
            signdesk_group::connect::config(&url, None)?;
        }
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            settings::set(tx, URL_KEY, &url)?;
            if let Some(p) = password {
                settings::set(tx, PASSWORD_KEY, p)?;
            }
            signdesk_archive::audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::GroupConfigured,
                URL_KEY,
                &redacted(&url),
            )?;
            Ok::<_, CoreError>(())
        })
    }

    /// The stored connection string and password, for a sync from the window.
    pub(crate) fn group_connection(&self) -> Result<(String, Option<String>), CoreError> {
        let conn = self.archive.read();
        let url = settings::get(conn, URL_KEY)?.unwrap_or_default();
        if url.trim().is_empty() {
            return Err(CoreError::invalid(
                ErrorKind::GroupConnect,
                "还没有设置集团档案库：请在 设置 → 集团档案库 填写服务器地址和账号",
            ));
        }
        Ok((
            url,
            settings::get(conn, PASSWORD_KEY)?.filter(|p| !p.is_empty()),
        ))
    }

    /// The installation's root certificate, created on first use like a signing's.
    fn group_root(&mut self) -> Result<Vec<u8>, CoreError> {
        Ok(self.installation()?.root_cert_der.clone())
    }
}

/// A connection string as the audit may keep it: without a password in it.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &userinfo[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url
            .split_whitespace()
            .map(|kv| {
                if kv.starts_with("password=") {
                    "password=***"
                } else {
                    kv
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn outgoing_record(a: &signdesk_archive::outbox::Outgoing) -> signdesk_group::AgreementRecord {
    signdesk_group::AgreementRecord {
        number: a.number.clone(),
        year: a.year,
        template_slug: a.template_slug.clone(),
        template_version: a.template_version,
        title: a.title.clone(),
        signer: a.signer.clone(),
        department: a.department.clone(),
        employee_no: a.employee_no.clone(),
        signed_at: a.signed_at.clone(),
        content_sha256: a.content_sha256.clone(),
        pdf_sha256: a.pdf_sha256.clone(),
        pages: a.pages,
        copies: a.copies,
        signed_text: a.signed_text.clone(),
        values_json: a.values_json.clone(),
        signatures: a
            .signatures
            .iter()
            .map(|(role_key, png_sha256)| signdesk_group::SignatureDigest {
                role_key: role_key.clone(),
                png_sha256: png_sha256.clone(),
            })
            .collect(),
    }
}

fn void_record(v: &signdesk_archive::outbox::OutgoingVoid) -> signdesk_group::VoidRecord {
    signdesk_group::VoidRecord {
        number: v.number.clone(),
        reason: v.reason.clone(),
        voided_at: v.voided_at.clone(),
        actor: v.actor.clone(),
    }
}

fn assessment_record(
    a: &signdesk_archive::outbox::OutgoingAssessment,
) -> signdesk_group::AssessmentRecord {
    signdesk_group::AssessmentRecord {
        number: a.number.clone(),
        version: a.version,
        scheme_json: a.scheme_json.clone(),
        values_json: a.values_json.clone(),
        adjustment: a.adjustment.clone(),
        reason: a.reason.clone(),
        score: a.score.clone(),
        score_value: a.score_value,
        reward_value: a.reward_value,
        pass_value: a.pass_value,
        lines_json: a.lines_json.clone(),
        source: a.source.clone(),
        source_file: a.source_file.clone(),
        actor: a.actor.clone(),
        assessed_at: a.assessed_at.clone(),
        content_sha256: a.content_sha256.clone(),
    }
}

fn ack_record(k: &signdesk_archive::outbox::OutgoingAck) -> signdesk_group::AckRecord {
    signdesk_group::AckRecord {
        number: k.number.clone(),
        version: k.version,
        signed_at: k.signed_at.clone(),
        pdf_sha256: k.pdf_sha256.clone(),
    }
}

fn roster_record(r: &signdesk_archive::outbox::RosterLine) -> signdesk_group::RosterRecord {
    signdesk_group::RosterRecord {
        year: r.year,
        name: r.name.clone(),
        department: r.department.clone(),
        employee_no: r.employee_no.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn the_audit_never_keeps_a_password_from_the_connection_string() {
        assert_eq!(
            redacted("postgresql://site1:geheim@10.0.0.5:5432/group"),
            "postgresql://site1:***@10.0.0.5:5432/group"
        );
        assert_eq!(
            redacted("host=10.0.0.5 user=site1 password=geheim dbname=group"),
            "host=10.0.0.5 user=site1 password=*** dbname=group"
        );
        assert_eq!(redacted("postgresql://site1@h/g"), "postgresql://site1@h/g");
    }
}
