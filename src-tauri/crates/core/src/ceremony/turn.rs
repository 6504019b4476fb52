//! The signer's turn in a ceremony: find one's name, read one's agreement, preview
//! and sign it (held for the countersignature in `each` mode, else archived at once).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use signdesk_agreement::Side;
use signdesk_archive::{audit, ceremonies, PersonRef};
use signdesk_base::{Countersign, ErrorKind, RosterStatus};

use super::*;
use crate::signing::{Checked, SignOutcome, SignatureInput, SignerInput, Signing, Staged};
use crate::{CoreError, Desk};

impl Desk {
    /// Kiosk search: the signer types a few characters of their name, pinyin
    /// (full or initials) or their employee number; only people still to sign in this
    /// ceremony are found, and only their name and department are shown.
    pub fn ceremony_find(&self, id: i64, query: &str) -> Result<Vec<KioskPerson>, CoreError> {
        self.guard_ceremony(id)?;
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let mut hits: Vec<(u8, KioskPerson)> = ceremonies::roster(self.archive.read(), id)?
            .into_iter()
            // Only people still to sign: someone marked absent is not offered until
            // the organiser clears the mark, nor someone whose agreement was voided
            // until the organiser re-opens them (`ceremony_reopen`).
            // And people who signed and have a result to acknowledge.
            .filter_map(|e| {
                let task = match e.status {
                    RosterStatus::Pending => KioskTask::Sign,
                    RosterStatus::Signed if self.to_acknowledge(&e) => KioskTask::Acknowledge,
                    _ => return None,
                };
                let rank = if e.person.name == query.trim()
                    || e.person.employee_no.as_deref() == Some(query.trim())
                {
                    0
                } else if e.person.name.contains(query.trim()) {
                    1
                } else if e.person.initials.starts_with(&q) || e.person.pinyin.starts_with(&q) {
                    2
                } else {
                    return None;
                };
                Some((
                    rank,
                    KioskPerson {
                        person_id: e.person.id,
                        confirm_with: e
                            .person
                            .employee_no
                            .as_deref()
                            .is_some_and(|n| !n.trim().is_empty())
                            .then(|| "工号".to_string()),
                        name: e.person.name,
                        department: e.person.department,
                        task,
                    },
                ))
            })
            .collect();
        hits.sort_by_key(|(r, _)| *r);
        Ok(hits.into_iter().take(20).map(|(_, p)| p).collect())
    }

    /// The signer proves they are `person_id` with the second item the roster holds
    /// (the employee number, compared without case or surrounding spaces). A person
    /// without one has nothing to give: the name alone opens their agreement.
    pub fn ceremony_confirm_identity(
        &self,
        id: i64,
        person_id: i64,
        answer: &str,
    ) -> Result<(), CoreError> {
        self.guard_ceremony(id)?;
        let e = ceremonies::entry(self.archive.read(), id, person_id)?;
        match e.person.employee_no.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() && !n.eq_ignore_ascii_case(answer.trim()) => {
                Err(CoreError::invalid(
                    ErrorKind::IdentityMismatch,
                    format!("工号与“{}”不符，请核对后重新输入", e.person.name),
                ))
            }
            _ => Ok(()),
        }
    }

    /// What `person_id` reads: the agreement with this ceremony's blanks and theirs.
    pub fn ceremony_person_agreement(
        &self,
        id: i64,
        person_id: i64,
    ) -> Result<PersonAgreement, CoreError> {
        self.guard_ceremony(id)?;
        let c = self.load_ceremony(id)?;
        let e = ceremonies::entry(self.archive.read(), id, person_id)?;
        // In kiosk mode only someone still to sign can be opened: nobody reads up
        // another person's finished agreement at the shared laptop.
        self.kiosk_may_open(&e)?;
        let adopted = if c.row.countersign == Countersign::Adopt {
            ceremonies::held(self.archive.read(), id, None)?
                .into_iter()
                .map(|h| AdoptedSignature {
                    role_key: h.role_key,
                    signer_name: h.signer_name,
                    png: h.png,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(PersonAgreement {
            person_id,
            adopted,
            values: person_values(&c, &e),
            name: e.person.name,
            department: e.person.department,
            roles: c
                .version
                .template
                .roles
                .iter()
                .filter(|r| hand(r, Side::Signer))
                .cloned()
                .collect(),
            template: c.version.template,
        })
    }

    /// A signer at the kiosk: the ceremony (the locked one, ready), their roster entry
    /// (not signed yet) and their own signatures, checked against their roles.
    pub(super) fn signers_turn(
        &self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
    ) -> Result<(Loaded, ceremonies::RosterEntry, Vec<Checked>), CoreError> {
        self.guard_ceremony(id)?;
        let c = self.load_ceremony(id)?;
        self.ready(&c)?;
        let e = ceremonies::entry(self.archive.read(), id, person_id)?;
        not_yet_signed(&e)?;
        self.kiosk_may_open(&e)?;
        let own = own_signatures(
            &*self.typesetter()?,
            &c.version.template,
            Side::Signer,
            signatures,
        )?;
        Ok((c, e, own))
    }

    /// `own` signatures plus the ones the organisation's signers adopted for the whole
    /// ceremony, with the moments those were drawn.
    pub(super) fn with_adopted(
        &self,
        id: i64,
        own: Vec<Checked>,
    ) -> Result<(Vec<Checked>, SignedAt), CoreError> {
        let mut all = own;
        let mut times = BTreeMap::new();
        for a in ceremonies::held(self.archive.read(), id, None)? {
            if let Some(t) = parse_time(&a.signed_at) {
                times.insert(a.role_key.clone(), t);
            }
            all.push(Checked::held(a));
        }
        Ok((all, times))
    }

    /// Renders, seals and archives one person's complete agreement and marks them
    /// signed in the ceremony — one transaction.
    pub(super) fn archive_for(
        &mut self,
        c: &Loaded,
        e: &ceremonies::RosterEntry,
        signatures: Vec<Checked>,
        times: BTreeMap<String, DateTime<FixedOffset>>,
        device: &str,
    ) -> Result<SignOutcome, CoreError> {
        let staged = self.stage(&signing_for(c, e, signatures, device), &times)?;
        self.store_in_ceremony(c, e, staged)
    }

    /// Seals and stores a person's staged agreement and marks them signed in the
    /// ceremony (and, when countersigned per agreement, audits that) — one transaction.
    pub(super) fn store_in_ceremony(
        &mut self,
        c: &Loaded,
        e: &ceremonies::RosterEntry,
        staged: Staged,
    ) -> Result<SignOutcome, CoreError> {
        let (cid, pid) = (c.row.id, e.person.id);
        let actor = self.actor.clone();
        let countersigned = c.row.countersign == Countersign::Each;
        self.store_staged(
            staged,
            |_| PersonRef::Existing(pid),
            |tx, agreement_id, number| {
                ceremonies::complete(tx, cid, pid, agreement_id)?;
                if countersigned {
                    audit::append(
                        tx,
                        &actor,
                        signdesk_base::AuditEvent::AgreementCountersigned,
                        number,
                        &e.person.name,
                    )?;
                }
                Ok(())
            },
        )
    }
}

impl Desk {
    /// At the kiosk only people still to sign are opened — whatever a page asks for by
    /// id: not who signed, not who is marked absent (the organiser clears the mark),
    /// not whose agreement was voided (the organiser re-opens them). Outside the kiosk
    /// the organiser may sign a make-up for anyone not signed yet.
    pub(super) fn kiosk_may_open(&self, e: &ceremonies::RosterEntry) -> Result<(), CoreError> {
        if self.kiosk.is_none() {
            return Ok(());
        }
        let name = &e.person.name;
        match e.status {
            RosterStatus::Pending => Ok(()),
            RosterStatus::Signed | RosterStatus::Awaiting => Err(CoreError::invalid(
                ErrorKind::AlreadySigned,
                format!("{name}已经签署过本次协议"),
            )),
            RosterStatus::Absent => Err(CoreError::invalid(
                ErrorKind::NotOpenForSigning,
                format!("{name}已标记为缺席；请组织者先取消缺席标记"),
            )),
            RosterStatus::Voided => Err(CoreError::invalid(
                ErrorKind::NotOpenForSigning,
                format!("{name}的协议已作废；请组织者在名单中重新开放后再签署"),
            )),
        }
    }
}

/// When signatures captured earlier were drawn, by role key.
pub(super) type SignedAt = BTreeMap<String, DateTime<FixedOffset>>;

/// Refuses a person who already signed (or whose agreement waits for the
/// countersignature).
pub(super) fn not_yet_signed(e: &ceremonies::RosterEntry) -> Result<(), CoreError> {
    match e.status {
        RosterStatus::Signed => Err(CoreError::invalid(
            ErrorKind::AlreadySigned,
            format!("{}已经签署过本次协议", e.person.name),
        )),
        RosterStatus::Awaiting => Err(CoreError::invalid(
            ErrorKind::AlreadySigned,
            format!("{}已经签名，正等待发约方会签", e.person.name),
        )),
        _ => Ok(()),
    }
}

/// One person's agreement in a ceremony, to sign: the ceremony's loaded version, the
/// person as the roster has them.
pub(super) fn signing_for<'a>(
    c: &'a Loaded,
    e: &ceremonies::RosterEntry,
    signatures: Vec<Checked>,
    device: &'a str,
) -> Signing<'a> {
    Signing {
        version: &c.version,
        signer: SignerInput {
            name: e.person.name.clone(),
            employee_no: e.person.employee_no.clone(),
            department: e.person.department.clone(),
            position: e.person.position.clone(),
        },
        year: Some(c.row.year),
        values: person_values(c, e),
        signatures,
        device,
    }
}

/// The blanks for one person: the ceremony's values plus the bound roster columns.
pub(super) fn person_values(c: &Loaded, e: &ceremonies::RosterEntry) -> BTreeMap<String, String> {
    let mut values = c.values.clone();
    for (key, col) in &c.bindings {
        let v = match col.as_str() {
            "name" => e.person.name.clone(),
            "department" => e.person.department.clone(),
            "position" => e.person.position.clone(),
            "employee_no" => e.person.employee_no.clone().unwrap_or_default(),
            _ => String::new(),
        };
        if !v.trim().is_empty() {
            values.insert(key.clone(), v);
        }
    }
    values
}
