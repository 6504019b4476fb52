//! The organiser's side of a ceremony: create it, fill its roster, adopt the
//! organisation's signature, mark people absent, countersign, close and renew.

use std::collections::BTreeMap;

use signdesk_agreement::Side;
use signdesk_archive::{audit, ceremonies, people, templates};
use signdesk_base::{Countersign, ErrorKind, Job, RosterStatus};

use super::*;
use crate::signing::{check_signature_png, Checked, SignOutcome, SignatureInput};
use crate::{CoreError, Desk};

impl Desk {
    pub fn ceremonies(&self) -> Result<Vec<CeremonySummary>, CoreError> {
        self.guard()?;
        ceremonies::list(self.archive.read())?
            .into_iter()
            .map(|s| self.to_summary(s))
            .collect()
    }

    pub(super) fn ceremony_summary(&self, id: i64) -> Result<CeremonySummary, CoreError> {
        self.to_summary(ceremonies::summary(self.archive.read(), id)?)
    }

    pub(super) fn to_summary(
        &self,
        s: ceremonies::CeremonySummary,
    ) -> Result<CeremonySummary, CoreError> {
        let v = templates::version_by_id(self.archive.read(), s.ceremony.template_version_id)?;
        Ok(CeremonySummary {
            id: s.ceremony.id,
            title: s.ceremony.title,
            template_id: v.slug,
            template_version: v.version,
            year: s.ceremony.year,
            countersign: s.ceremony.countersign,
            created_at: s.ceremony.created_at,
            closed: s.ceremony.closed_at.is_some(),
            renewed_from: s.ceremony.renewed_from,
            people: s.people,
            signed: s.signed,
            awaiting: s.awaiting,
            absent: s.absent,
            voided: s.voided,
        })
    }

    /// Everything the organiser's ceremony screen shows.
    pub fn ceremony(&self, id: i64) -> Result<CeremonyDetail, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        let adopted = ceremonies::held(self.archive.read(), id, None)?;
        let org_roles = c
            .version
            .template
            .roles
            .iter()
            .filter(|r| hand(r, Side::Organisation))
            .map(|r| OrgRole {
                role_key: r.key.clone(),
                label: r.label.clone(),
                signer_name: c.org_signers.get(&r.key).cloned().unwrap_or_default(),
                adopted: adopted.iter().any(|a| a.role_key == r.key),
            })
            .collect();
        Ok(CeremonyDetail {
            summary: self.ceremony_summary(id)?,
            not_ready: self.ready(&c).err().map(|e| e.to_string()),
            values: c.values,
            bindings: c.bindings,
            template: c.version.template,
            org_roles,
            roster: self.roster_of(id)?,
        })
    }

    pub(super) fn roster_of(&self, id: i64) -> Result<Vec<RosterPerson>, CoreError> {
        let last = self.last_results(id)?;
        Ok(ceremonies::roster(self.archive.read(), id)?
            .into_iter()
            .map(|e| RosterPerson {
                last_result: last.get(&e.person.id).cloned(),
                person_id: e.person.id,
                name: e.person.name,
                employee_no: e.person.employee_no,
                department: e.person.department,
                position: e.person.position,
                status: e.status,
                agreement_id: e.agreement_id,
                agreement_number: e.agreement_number,
            })
            .collect())
    }

    /// For a renewal, each person's current result in the renewed ceremony.
    fn last_results(
        &self,
        id: i64,
    ) -> Result<std::collections::BTreeMap<i64, LastResult>, CoreError> {
        let conn = self.archive.read();
        let Some(prev) = ceremonies::get(conn, id)?.renewed_from else {
            return Ok(Default::default());
        };
        let year = ceremonies::get(conn, prev)?.year;
        let signed: Vec<(i64, i64, String)> = ceremonies::roster(conn, prev)?
            .into_iter()
            .filter_map(|e| Some((e.person.id, e.agreement_id?, e.agreement_number?)))
            .collect();
        let ids: Vec<i64> = signed.iter().map(|(_, a, _)| *a).collect();
        let scores: std::collections::BTreeMap<i64, String> =
            signdesk_archive::assessments::current_scores(conn, &ids)?
                .into_iter()
                .collect();
        Ok(signed
            .into_iter()
            .filter_map(|(person, agreement, number)| {
                let score = scores.get(&agreement)?.clone();
                Some((
                    person,
                    LastResult {
                        year,
                        number,
                        score,
                    },
                ))
            })
            .collect())
    }

    /// Whether people can start signing: in `adopt` mode the organisation's
    /// signatures must be there first.
    pub(crate) fn ceremony_ready(&self, id: i64) -> Result<(), CoreError> {
        self.ready(&self.load_ceremony(id)?)
    }

    pub(super) fn ready(&self, c: &Loaded) -> Result<(), CoreError> {
        Self::check_open(c)?;
        if c.row.countersign == Countersign::Adopt {
            let adopted = ceremonies::held(self.archive.read(), c.row.id, None)?;
            if let Some(r) = c
                .version
                .template
                .roles
                .iter()
                .filter(|r| hand(r, Side::Organisation))
                .find(|r| !adopted.iter().any(|a| a.role_key == r.key))
            {
                return Err(CoreError::invalid(
                    ErrorKind::AdoptedSignatureMissing,
                    format!(
                        "请先由“{}”（{}）签名一次，之后每份协议都使用这个签名",
                        r.label,
                        c.org_signers.get(&r.key).cloned().unwrap_or_default()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Imports a roster file (all rows or none, see `roster.rs`) and puts everyone in
    /// it on the ceremony's roster, in file order — the people, the audit entry and
    /// the roster in one transaction, so 取消 on `job` leaves the archive as it was.
    pub fn ceremony_import_roster(
        &mut self,
        id: i64,
        file_name: &str,
        bytes: &[u8],
        commit: bool,
        job: &Job,
    ) -> Result<CeremonyRosterAdded, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        Self::check_open(&c)?;
        let (import, added) = self
            .save_roster(file_name, bytes, commit, job, |tx, ids| {
                Ok(ceremonies::add_people(tx, id, ids)?)
            })
            .map_err(crate::error::nothing_saved)?;
        Ok(CeremonyRosterAdded {
            import,
            added: added.unwrap_or(0),
        })
    }

    /// Puts people already in the archive on the roster.
    pub fn ceremony_add_people(&mut self, id: i64, people: &[i64]) -> Result<u32, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        Self::check_open(&c)?;
        self.archive.write(|tx| {
            for p in people {
                people::get(tx, *p)?;
            }
            Ok::<_, CoreError>(ceremonies::add_people(tx, id, people)?)
        })
    }

    pub fn ceremony_set_absent(
        &mut self,
        id: i64,
        person_id: i64,
        absent: bool,
    ) -> Result<(), CoreError> {
        self.guard()?;
        self.archive
            .write(|tx| Ok::<_, CoreError>(ceremonies::set_absent(tx, id, person_id, absent)?))
    }

    /// Lets a person whose agreement was voided sign again at the kiosk (audited; the
    /// voided agreement stays in the archive).
    pub fn ceremony_reopen(&mut self, id: i64, person_id: i64) -> Result<(), CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        Self::check_open(&c)?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            let voided = ceremonies::reopen(tx, id, person_id)?;
            let detail = serde_json::json!({ "person_id": person_id, "voided_agreement": voided })
                .to_string();
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::CeremonyReopened,
                &id.to_string(),
                &detail,
            )?;
            Ok::<_, CoreError>(())
        })
    }

    pub fn ceremony_close(&mut self, id: i64) -> Result<(), CoreError> {
        self.guard()?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            ceremonies::close(tx, id)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::CeremonyClosed,
                &id.to_string(),
                "",
            )?;
            Ok::<_, CoreError>(())
        })
    }

    /// Renewal: next year's ceremony from this one in one step — the latest version
    /// of the same template, the same blanks (the year inside them moved on), the same
    /// organisation signers and countersigning, and the same roster.
    pub fn ceremony_renew(
        &mut self,
        id: i64,
        year: Option<i32>,
    ) -> Result<CeremonySummary, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        let year = year.unwrap_or(c.row.year + 1);
        let (old, new) = (c.row.year.to_string(), year.to_string());
        let input = CeremonyInput {
            template_id: c.version.row.slug.clone(),
            version: None,
            year,
            title: Some(c.row.title.replace(&old, &new)),
            values: c
                .values
                .iter()
                .map(|(k, v)| (k.clone(), v.replace(&old, &new)))
                .collect(),
            bindings: c.bindings.clone(),
            org_signers: c.org_signers.clone(),
            countersign: c.row.countersign,
        };
        let new_id = self.create_ceremony(&input, Some(id))?;
        let people: Vec<i64> = ceremonies::roster(self.archive.read(), id)?
            .into_iter()
            .map(|e| e.person.id)
            .collect();
        self.archive
            .write(|tx| Ok::<_, CoreError>(ceremonies::add_people(tx, new_id, &people)?))?;
        self.ceremony_summary(new_id)
    }

    /// The organisation's signer signs once (`adopt` mode); the signature is then used
    /// on every agreement of the ceremony.
    pub fn ceremony_adopt_signature(
        &mut self,
        id: i64,
        sig: &SignatureInput,
    ) -> Result<CeremonyDetail, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        Self::check_open(&c)?;
        if c.row.countersign != Countersign::Adopt {
            return Err(CoreError::invalid(
                ErrorKind::BadCountersign,
                "这场仪式是逐份会签，不使用统一签名",
            ));
        }
        let role = c
            .version
            .template
            .roles
            .iter()
            .find(|r| r.key == sig.role_key && hand(r, Side::Organisation))
            .ok_or_else(|| {
                CoreError::invalid(
                    ErrorKind::UnknownRole,
                    format!("“{}”不是发约方的签名角色", sig.role_key),
                )
            })?;
        check_signature_png(&*self.typesetter()?, &role.label, &sig.png)?;
        let held = ceremonies::HeldSignature {
            person_id: None,
            role_key: role.key.clone(),
            signer_name: c.org_signers.get(&role.key).cloned().unwrap_or_default(),
            png: sig.png.clone(),
            strokes_json: strokes(&sig.strokes_json),
            signed_at: crate::signing::now_rfc3339(),
        };
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            ceremonies::hold(tx, id, &held)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::CeremonySignatureAdopted,
                &id.to_string(),
                &format!("{} {}", role.label, held.signer_name),
            )?;
            Ok::<_, CoreError>(())
        })?;
        self.ceremony(id)
    }

    /// The organisation's signer countersigns a held agreement (`each` mode); it is
    /// then rendered, sealed and archived with both signatures.
    pub fn ceremony_countersign(
        &mut self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
        device: &str,
    ) -> Result<SignOutcome, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        Self::check_open(&c)?;
        let e = ceremonies::entry(self.archive.read(), id, person_id)?;
        if e.status != RosterStatus::Awaiting {
            return Err(CoreError::invalid(
                ErrorKind::NotAwaiting,
                format!("{}的协议不在等待会签状态", e.person.name),
            ));
        }
        let ts = self.typesetter()?;
        let mut all = own_signatures(&ts, &c.version.template, Side::Organisation, signatures)?;
        for s in &mut all {
            s.signer_name = c.org_signers.get(&s.role_key).cloned();
        }
        let mut times = BTreeMap::new();
        for h in ceremonies::held(self.archive.read(), id, Some(person_id))? {
            if let Some(t) = parse_time(&h.signed_at) {
                times.insert(h.role_key.clone(), t);
            }
            // The signer's own, held: their name comes from the roster.
            all.push(Checked {
                signer_name: None,
                ..Checked::held(h)
            });
        }
        self.archive_for(&c, &e, all, times, device)
    }
}
