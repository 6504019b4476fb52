//! Assessment results and their acknowledgements on arrival: a result's digest is
//! recomputed and its `assessed` entry found; an acknowledgement's sealed page hashes
//! and verifies against the site's root, and its entry recorded that page.

use postgres::GenericClient;
use signdesk_base::{AuditEvent, ErrorKind};

use super::Ingest;
use crate::records::{AckRecord, AssessmentRecord};
use crate::GroupError;

impl<C: GenericClient> Ingest<'_, C> {
    /// The `(seq, recorded hash)` of the entry `event` wrote for `number`'s `version`,
    /// from this arrival or from what the group holds.
    fn versioned_entry(
        &mut self,
        event: AuditEvent,
        number: &str,
        version: u32,
        key: &str,
    ) -> Result<Option<(i64, String)>, GroupError> {
        let mine = match event {
            AuditEvent::Assessed => &self.assessed,
            _ => &self.acknowledged,
        };
        if let Some(hit) = mine.get(&(number.to_string(), version)) {
            return Ok(Some(hit.clone()));
        }
        let rows = self.db.query(
            "SELECT seq, detail FROM audit WHERE site_id = $1 AND event = $2 AND subject = $3",
            &[&self.site.id, &event.as_str(), &number],
        )?;
        Ok(rows.iter().find_map(|r| {
            let (v, sha) = versioned_detail(r.get::<_, &str>(1), key)?;
            (v == version).then(|| (r.get::<_, i64>(0), sha))
        }))
    }

    /// One version of a result: its digest recomputed, its `assessed` entry found.
    pub fn assessment(&mut self, a: &AssessmentRecord) -> Result<(), GroupError> {
        let site = self.site.name.clone();
        let version = a.version as i32;
        let held: Option<String> = self
            .db
            .query_opt(
                "SELECT content_sha256 FROM assessments WHERE site_id = $1 AND number = $2 AND version = $3",
                &[&self.site.id, &a.number, &version],
            )?
            .map(|r| r.get(0));
        if let Some(h) = held {
            if h == a.content_sha256 {
                return Ok(());
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!(
                    "站点「{site}」协议 {} 的第 {} 版考核结果与已收到的不同",
                    a.number, a.version
                ),
            ));
        }
        if a.digest() != a.content_sha256 {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」协议 {} 的第 {} 版考核结果与它的摘要不符",
                    a.number, a.version
                ),
            ));
        }
        let entry = self.versioned_entry(AuditEvent::Assessed, &a.number, a.version, "sha256")?;
        let Some((seq, _)) = entry.filter(|(_, sha)| *sha == a.content_sha256) else {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」协议 {} 的第 {} 版考核结果没有对应的审计记录",
                    a.number, a.version
                ),
            ));
        };
        self.db.execute(
            "INSERT INTO assessments(site_id, number, version, scheme_json, values_json, adjustment,
                reason, score, score_value, reward_value, pass_value, lines_json, source, source_file,
                actor, assessed_at, content_sha256, audit_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            &[
                &self.site.id, &a.number, &version, &a.scheme_json, &a.values_json, &a.adjustment,
                &a.reason, &a.score, &a.score_value, &a.reward_value, &a.pass_value, &a.lines_json,
                &a.source, &a.source_file, &a.actor, &a.assessed_at, &a.content_sha256, &seq,
            ],
        )?;
        self.out.assessments += 1;
        Ok(())
    }

    /// A signed acknowledgement: its page hashes and verifies against the site's root,
    /// and the `assessment_acknowledged` entry recorded that page.
    pub fn ack(&mut self, k: &AckRecord, pdf: &[u8]) -> Result<(), GroupError> {
        let site = self.site.name.clone();
        let version = k.version as i32;
        let held = self
            .db
            .query_opt(
                "SELECT pdf_sha256 FROM acknowledgements WHERE site_id = $1 AND number = $2 AND version = $3",
                &[&self.site.id, &k.number, &version],
            )?
            .map(|r| r.get::<_, String>(0));
        if let Some(h) = held {
            if h == k.pdf_sha256 {
                return Ok(());
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!("站点「{site}」协议 {} 的考核确认与已收到的不同", k.number),
            ));
        }
        if signdesk_base::chain::sha256_hex(pdf) != k.pdf_sha256 {
            return Err(GroupError::new(
                ErrorKind::SealInvalid,
                format!(
                    "站点「{site}」协议 {} 的考核确认页与它记录的哈希不符",
                    k.number
                ),
            ));
        }
        if let Err(e) = signdesk_seal::verify_pdf(pdf, &self.site.root_der) {
            return Err(GroupError::new(
                ErrorKind::SealInvalid,
                format!(
                    "站点「{site}」协议 {} 的考核确认页的电子印章不能验证：{e}",
                    k.number
                ),
            ));
        }
        let entry = self.versioned_entry(
            AuditEvent::AssessmentAcknowledged,
            &k.number,
            k.version,
            "pdf_sha256",
        )?;
        let Some((seq, _)) = entry.filter(|(_, sha)| *sha == k.pdf_sha256) else {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」协议 {} 的考核确认没有对应的审计记录",
                    k.number
                ),
            ));
        };
        self.db.execute(
            "INSERT INTO pdfs(sha256, bytes, site_id) VALUES ($1, $2, $3)
             ON CONFLICT (sha256) DO NOTHING",
            &[&k.pdf_sha256, &pdf, &self.site.id],
        )?;
        self.db.execute(
            "INSERT INTO acknowledgements(site_id, number, version, signed_at, pdf_sha256, audit_seq)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&self.site.id, &k.number, &version, &k.signed_at, &k.pdf_sha256, &seq],
        )?;
        self.out.acknowledgements += 1;
        Ok(())
    }
}

/// `(version, detail[key])` of an `assessed` / `assessment_acknowledged` entry.
pub(super) fn versioned_detail(detail: &str, key: &str) -> Option<(u32, String)> {
    let v: serde_json::Value = serde_json::from_str(detail).ok()?;
    Some((
        u32::try_from(v.get("version")?.as_u64()?).ok()?,
        v.get(key)?.as_str()?.to_string(),
    ))
}
