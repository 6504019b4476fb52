//! Signing ceremonies: a department signs this year's agreement on one laptop.
//!
//! The organiser creates a ceremony (template version, year, the blanks that are the
//! same for everyone, which blanks come from the roster, who signs for the
//! organisation and how), puts people on its roster, and locks the desk to it (kiosk
//! mode, `kiosk.rs`). Each person then finds their name, reads, signs; the agreement is
//! rendered, sealed and archived in the same transaction that marks them signed.
//!
//! Countersigning: in `adopt` mode the organisation's signer signs once before the
//! first signer and that signature goes on every agreement (complete at once); in
//! `each` mode the person's signature is held and the agreement is archived when the
//! organisation's signer countersigns it. An agreement is complete only with every
//! hand-signed role signed — there is no half-signed agreement in the archive.

use signdesk_base::{Countersign, ErrorKind, RosterStatus};
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use signdesk_agreement::{Role, Side, Signs, Template};
use signdesk_archive::{audit, ceremonies, people, templates, PersonRef};
use ts_rs::TS;

use crate::dto::RosterImport;
use crate::signing::{
    check_signature_png, clean_name, SignOutcome, SignRequest, SignatureInput, SignerInput,
};
use crate::{CoreError, Desk};

/// Roster columns a blank can be filled from, per person.
pub const BINDABLE: &[(&str, &str)] = &[
    ("name", "姓名"),
    ("department", "部门"),
    ("position", "岗位"),
    ("employee_no", "工号"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CeremonyInput {
    pub template_id: String,
    pub version: Option<u32>,
    pub year: i32,
    /// Defaults to "<year>年度<template title>".
    pub title: Option<String>,
    /// Blanks that are the same for everyone.
    pub values: BTreeMap<String, String>,
    /// Blanks filled per person from a roster column (`name`, `department`, …).
    pub bindings: BTreeMap<String, String>,
    /// Who signs each of the organisation's hand-signed roles.
    pub org_signers: BTreeMap<String, String>,
    /// Sign once for every agreement, or countersign each.
    pub countersign: Countersign,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CeremonySummary {
    pub id: i64,
    pub title: String,
    pub template_id: String,
    pub template_version: u32,
    pub year: i32,
    pub countersign: Countersign,
    pub created_at: String,
    pub closed: bool,
    pub renewed_from: Option<i64>,
    pub people: u32,
    pub signed: u32,
    pub awaiting: u32,
    pub absent: u32,
    pub voided: u32,
}

/// One person on a ceremony's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterPerson {
    pub person_id: i64,
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
    pub status: RosterStatus,
    pub agreement_id: Option<i64>,
    pub agreement_number: Option<String>,
}

/// An organisation role and whether its adopted signature is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrgRole {
    pub role_key: String,
    pub label: String,
    pub signer_name: String,
    pub adopted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CeremonyDetail {
    pub summary: CeremonySummary,
    pub template: Template,
    pub values: BTreeMap<String, String>,
    pub bindings: BTreeMap<String, String>,
    pub org_roles: Vec<OrgRole>,
    pub roster: Vec<RosterPerson>,
    /// Why signing cannot start yet (e.g. the adopted signature is missing).
    pub not_ready: Option<String>,
}

/// A name found by the signer in kiosk mode: only what they need to pick themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskPerson {
    pub person_id: i64,
    pub name: String,
    pub department: String,
}

/// What one person reads and signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonAgreement {
    pub person_id: i64,
    pub name: String,
    pub department: String,
    pub template: Template,
    pub values: BTreeMap<String, String>,
    /// The roles this person signs by hand.
    pub roles: Vec<Role>,
    /// The organisation's signatures already adopted for every agreement (shown in
    /// place when the signer checks their page).
    pub adopted: Vec<AdoptedSignature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AdoptedSignature {
    pub role_key: String,
    pub signer_name: String,
    pub png: Vec<u8>,
}

/// The result of a person's signing in a ceremony.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CeremonySigned {
    /// `signed` (archived) or `awaiting` (held for the countersignature).
    pub status: RosterStatus,
    pub outcome: Option<SignOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CeremonyRosterAdded {
    pub import: RosterImport,
    /// People put on this ceremony's roster (already there: not counted).
    pub added: u32,
}

fn hand(r: &Role, side: Side) -> bool {
    r.side == side && r.signs != Signs::Seal
}

fn json<T: Serialize>(v: &T) -> Result<String, CoreError> {
    serde_json::to_string(v).map_err(|e| CoreError::invalid(ErrorKind::Internal, e.to_string()))
}

fn parse_map(s: &str) -> BTreeMap<String, String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// A loaded ceremony: its row, template and maps.
struct Loaded {
    row: ceremonies::CeremonyRow,
    slug: String,
    version: u32,
    template: Template,
    values: BTreeMap<String, String>,
    bindings: BTreeMap<String, String>,
    org_signers: BTreeMap<String, String>,
}

fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

impl Desk {
    fn load_ceremony(&self, id: i64) -> Result<Loaded, CoreError> {
        let conn = self.archive.read();
        let row = ceremonies::get(conn, id)?;
        let v = templates::version_by_id(conn, row.template_version_id)?;
        let template: Template = serde_json::from_str(&v.body_json).map_err(|e| {
            CoreError::invalid(ErrorKind::ArchiveCorrupt, format!("模板无法读取：{e}"))
        })?;
        Ok(Loaded {
            values: parse_map(&row.values_json),
            bindings: parse_map(&row.bindings_json),
            org_signers: parse_map(&row.org_signers_json),
            slug: v.slug,
            version: v.version,
            template,
            row,
        })
    }

    fn check_open(c: &Loaded) -> Result<(), CoreError> {
        if c.row.closed_at.is_some() {
            return Err(CoreError::invalid(
                ErrorKind::CeremonyClosed,
                format!("签约仪式“{}”已结束", c.row.title),
            ));
        }
        Ok(())
    }

    /// Creates a ceremony after checking that every blank is either filled or bound
    /// to a roster column and that every organisation role has a signer.
    pub fn ceremony_create(&mut self, input: &CeremonyInput) -> Result<CeremonySummary, CoreError> {
        self.guard()?;
        let id = self.create_ceremony(input, None)?;
        self.ceremony_summary(id)
    }

    fn create_ceremony(
        &mut self,
        input: &CeremonyInput,
        renewed_from: Option<i64>,
    ) -> Result<i64, CoreError> {
        let v = templates::version(self.archive.read(), &input.template_id, input.version)?;
        let template: Template = serde_json::from_str(&v.body_json).map_err(|e| {
            CoreError::invalid(ErrorKind::ArchiveCorrupt, format!("模板无法读取：{e}"))
        })?;
        CoreError::year(input.year)?;
        let countersign = input.countersign;
        let mut values = BTreeMap::new();
        let mut bindings = BTreeMap::new();
        for f in template.fields.iter().filter(|f| !template.is_role_date(f)) {
            if let Some(col) = input
                .bindings
                .get(&f.key)
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
            {
                if !BINDABLE.iter().any(|(k, _)| *k == col) {
                    return Err(CoreError::invalid(
                        ErrorKind::BadBinding,
                        format!("待填项“{}”不能取自名单列“{col}”", f.label),
                    ));
                }
                bindings.insert(f.key.clone(), col.to_string());
                continue;
            }
            match input
                .values
                .get(&f.key)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            {
                Some(v) => {
                    if v.chars().any(|c| c.is_control()) {
                        return Err(CoreError::invalid(
                            ErrorKind::BadValue,
                            format!("待填项“{}”含有控制字符", f.label),
                        ));
                    }
                    values.insert(f.key.clone(), v.to_string());
                }
                None => {
                    return Err(CoreError::invalid(
                        ErrorKind::MissingField,
                        format!("请填写“{}”，或选择从名单中按人填写", f.label),
                    ))
                }
            }
        }
        if let Some(k) = input
            .values
            .keys()
            .chain(input.bindings.keys())
            .find(|k| !template.fields.iter().any(|f| &f.key == *k))
        {
            return Err(CoreError::invalid(
                ErrorKind::UnknownField,
                format!("模板中没有待填项“{k}”"),
            ));
        }
        let mut org_signers = BTreeMap::new();
        for r in template
            .roles
            .iter()
            .filter(|r| hand(r, Side::Organisation))
        {
            let name = input
                .org_signers
                .get(&r.key)
                .map(String::as_str)
                .unwrap_or("");
            org_signers.insert(r.key.clone(), clean_name(&r.label, name)?);
        }
        let title = match input
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(t) => clean_name("签约仪式", t).map_err(|_| {
                CoreError::invalid(
                    ErrorKind::BadTitle,
                    "签约仪式名称不能含控制字符，且不超过 40 个字",
                )
            })?,
            None => format!("{}年度{}", input.year, template.title),
        };
        let new = ceremonies::NewCeremony {
            title: title.clone(),
            template_version_id: v.id,
            year: input.year,
            values_json: json(&values)?,
            bindings_json: json(&bindings)?,
            org_signers_json: json(&org_signers)?,
            countersign,
            renewed_from,
        };
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            let id = ceremonies::create(tx, &new)?;
            let detail = match renewed_from {
                Some(from) => format!("{title}（由仪式 {from} 续签）"),
                None => title.clone(),
            };
            audit::append(tx, &actor, "ceremony_opened", &id.to_string(), &detail)?;
            Ok::<_, CoreError>(id)
        })
    }

    pub fn ceremonies(&self) -> Result<Vec<CeremonySummary>, CoreError> {
        self.guard()?;
        ceremonies::list(self.archive.read())?
            .into_iter()
            .map(|s| self.to_summary(s))
            .collect()
    }

    fn ceremony_summary(&self, id: i64) -> Result<CeremonySummary, CoreError> {
        self.to_summary(ceremonies::summary(self.archive.read(), id)?)
    }

    fn to_summary(&self, s: ceremonies::CeremonySummary) -> Result<CeremonySummary, CoreError> {
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
            template: c.template,
            org_roles,
            roster: self.roster_of(id)?,
        })
    }

    fn roster_of(&self, id: i64) -> Result<Vec<RosterPerson>, CoreError> {
        Ok(ceremonies::roster(self.archive.read(), id)?
            .into_iter()
            .map(|e| RosterPerson {
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

    /// Whether people can start signing: in `adopt` mode the organisation's
    /// signatures must be there first.
    pub(crate) fn ceremony_ready(&self, id: i64) -> Result<(), CoreError> {
        self.ready(&self.load_ceremony(id)?)
    }

    fn ready(&self, c: &Loaded) -> Result<(), CoreError> {
        Self::check_open(c)?;
        if c.row.countersign == Countersign::Adopt {
            let adopted = ceremonies::held(self.archive.read(), c.row.id, None)?;
            if let Some(r) = c
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
    /// it on the ceremony's roster, in file order.
    pub fn ceremony_import_roster(
        &mut self,
        id: i64,
        file_name: &str,
        bytes: &[u8],
        commit: bool,
    ) -> Result<CeremonyRosterAdded, CoreError> {
        self.guard()?;
        let c = self.load_ceremony(id)?;
        Self::check_open(&c)?;
        let (import, ids) = self.import_roster_ids(file_name, bytes, commit)?;
        let added = if commit {
            self.archive
                .write(|tx| Ok::<_, CoreError>(ceremonies::add_people(tx, id, &ids)?))?
        } else {
            0
        };
        Ok(CeremonyRosterAdded { import, added })
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

    pub fn ceremony_close(&mut self, id: i64) -> Result<(), CoreError> {
        self.guard()?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            ceremonies::close(tx, id)?;
            audit::append(tx, &actor, "ceremony_closed", &id.to_string(), "")?;
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
            template_id: c.slug.clone(),
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
        check_signature_png(&role.label, &sig.png)?;
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
                "ceremony_signature_adopted",
                &id.to_string(),
                &format!("{} {}", role.label, held.signer_name),
            )?;
            Ok::<_, CoreError>(())
        })?;
        self.ceremony(id)
    }

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
            .filter(|e| {
                matches!(
                    e.status,
                    RosterStatus::Pending | RosterStatus::Absent | RosterStatus::Voided
                )
            })
            .filter_map(|e| {
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
                        name: e.person.name,
                        department: e.person.department,
                    },
                ))
            })
            .collect();
        hits.sort_by_key(|(r, _)| *r);
        Ok(hits.into_iter().take(20).map(|(_, p)| p).collect())
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
        if self.kiosk.is_some() && matches!(e.status, RosterStatus::Signed | RosterStatus::Awaiting)
        {
            return Err(CoreError::invalid(
                ErrorKind::AlreadySigned,
                format!("{}已经签署过本次协议", e.person.name),
            ));
        }
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
                .template
                .roles
                .iter()
                .filter(|r| hand(r, Side::Signer))
                .cloned()
                .collect(),
            template: c.template,
        })
    }

    /// A person signs in the ceremony. `adopt` mode (or no organisation signature
    /// needed): the agreement is archived now, complete. `each` mode: the signature is
    /// held until the organisation's signer countersigns.
    pub fn ceremony_sign(
        &mut self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
        device: &str,
    ) -> Result<CeremonySigned, CoreError> {
        let (c, e, own) = self.signers_turn(id, person_id, signatures)?;
        let org_roles: Vec<&Role> = c
            .template
            .roles
            .iter()
            .filter(|r| hand(r, Side::Organisation))
            .collect();
        if c.row.countersign == Countersign::Each && !org_roles.is_empty() {
            let at = crate::signing::now_rfc3339();
            let actor = self.actor.clone();
            let name = e.person.name.clone();
            self.archive.write(|tx| {
                for s in &own {
                    ceremonies::hold(
                        tx,
                        id,
                        &ceremonies::HeldSignature {
                            person_id: Some(person_id),
                            role_key: s.role_key.clone(),
                            signer_name: name.clone(),
                            png: s.png.clone(),
                            strokes_json: strokes(&s.strokes_json),
                            signed_at: at.clone(),
                        },
                    )?;
                }
                audit::append(
                    tx,
                    &actor,
                    "ceremony_signed_awaiting",
                    &id.to_string(),
                    &name,
                )?;
                Ok::<_, CoreError>(())
            })?;
            return Ok(CeremonySigned {
                status: RosterStatus::Awaiting,
                outcome: None,
            });
        }
        let (all, times) = self.with_adopted(id, own)?;
        let outcome = self.archive_for(&c, &e, all, times, device)?;
        Ok(CeremonySigned {
            status: RosterStatus::Signed,
            outcome: Some(outcome),
        })
    }

    /// The signer's agreement as it will be archived, with the signatures just drawn:
    /// rendered for the kiosk's check step, never numbered, sealed or stored. With
    /// countersigning `each`, the organisation's lines are still empty.
    pub fn ceremony_preview(
        &self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
        device: &str,
    ) -> Result<Vec<u8>, CoreError> {
        let (c, e, own) = self.signers_turn(id, person_id, signatures)?;
        let each = c.row.countersign == Countersign::Each;
        let (all, times) = if each {
            (own, BTreeMap::new())
        } else {
            self.with_adopted(id, own)?
        };
        let req = request_for(&c, &e, all, device);
        Ok(self.preview_with(&req, &times, !each)?.bytes)
    }

    /// A signer at the kiosk: the ceremony (the locked one, ready), their roster entry
    /// (not signed yet) and their own signatures, checked against their roles.
    fn signers_turn(
        &self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
    ) -> Result<(Loaded, ceremonies::RosterEntry, Vec<SignatureInput>), CoreError> {
        self.guard_ceremony(id)?;
        let c = self.load_ceremony(id)?;
        self.ready(&c)?;
        let e = ceremonies::entry(self.archive.read(), id, person_id)?;
        not_yet_signed(&e)?;
        let own = own_signatures(&c.template, Side::Signer, signatures)?;
        Ok((c, e, own))
    }

    /// `own` signatures plus the ones the organisation's signers adopted for the whole
    /// ceremony, with the moments those were drawn.
    fn with_adopted(
        &self,
        id: i64,
        own: Vec<SignatureInput>,
    ) -> Result<(Vec<SignatureInput>, SignedAt), CoreError> {
        let mut all = own;
        let mut times = BTreeMap::new();
        for a in ceremonies::held(self.archive.read(), id, None)? {
            if let Some(t) = parse_time(&a.signed_at) {
                times.insert(a.role_key.clone(), t);
            }
            all.push(SignatureInput {
                role_key: a.role_key,
                signer_name: Some(a.signer_name),
                png: a.png,
                strokes_json: a.strokes_json,
            });
        }
        Ok((all, times))
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
        let mut all = own_signatures(&c.template, Side::Organisation, signatures)?;
        for s in &mut all {
            s.signer_name = c.org_signers.get(&s.role_key).cloned();
        }
        let mut times = BTreeMap::new();
        for h in ceremonies::held(self.archive.read(), id, Some(person_id))? {
            if let Some(t) = parse_time(&h.signed_at) {
                times.insert(h.role_key.clone(), t);
            }
            all.push(SignatureInput {
                role_key: h.role_key,
                signer_name: None,
                png: h.png,
                strokes_json: h.strokes_json,
            });
        }
        self.archive_for(&c, &e, all, times, device)
    }

    /// Renders, seals and archives one person's complete agreement and marks them
    /// signed in the ceremony — one transaction.
    fn archive_for(
        &mut self,
        c: &Loaded,
        e: &ceremonies::RosterEntry,
        signatures: Vec<SignatureInput>,
        times: BTreeMap<String, DateTime<FixedOffset>>,
        device: &str,
    ) -> Result<SignOutcome, CoreError> {
        let req = request_for(c, e, signatures, device);
        let (cid, pid) = (c.row.id, e.person.id);
        let actor = self.actor.clone();
        let countersigned = c.row.countersign == Countersign::Each;
        self.sign_with(
            &req,
            |_| PersonRef::Existing(pid),
            &times,
            |tx, agreement_id, number| {
                ceremonies::complete(tx, cid, pid, agreement_id)?;
                if countersigned {
                    audit::append(
                        tx,
                        &actor,
                        "agreement_countersigned",
                        number,
                        &req.signer.name,
                    )?;
                }
                Ok(())
            },
        )
    }
}

/// When signatures captured earlier were drawn, by role key.
type SignedAt = BTreeMap<String, DateTime<FixedOffset>>;

/// Refuses a person who already signed (or whose agreement waits for the
/// countersignature).
fn not_yet_signed(e: &ceremonies::RosterEntry) -> Result<(), CoreError> {
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

/// One person's agreement in a ceremony as a signing request.
fn request_for(
    c: &Loaded,
    e: &ceremonies::RosterEntry,
    signatures: Vec<SignatureInput>,
    device: &str,
) -> SignRequest {
    SignRequest {
        template_id: c.slug.clone(),
        version: Some(c.version),
        signer: SignerInput {
            name: e.person.name.clone(),
            employee_no: e.person.employee_no.clone(),
            department: e.person.department.clone(),
            position: e.person.position.clone(),
        },
        year: Some(c.row.year),
        values: person_values(c, e),
        signatures,
        device: device.to_string(),
    }
}

/// The blanks for one person: the ceremony's values plus the bound roster columns.
fn person_values(c: &Loaded, e: &ceremonies::RosterEntry) -> BTreeMap<String, String> {
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

/// Checks that `given` holds exactly one good signature for each hand-signed role of
/// `side`, and nothing for other roles.
fn own_signatures(
    t: &Template,
    side: Side,
    given: &[SignatureInput],
) -> Result<Vec<SignatureInput>, CoreError> {
    let mut out = Vec::new();
    for s in given {
        if !t.roles.iter().any(|r| r.key == s.role_key && hand(r, side)) {
            return Err(CoreError::invalid(
                ErrorKind::UnknownRole,
                format!("不能在这里为“{}”签名", s.role_key),
            ));
        }
    }
    for r in t.roles.iter().filter(|r| hand(r, side)) {
        let s = given.iter().find(|s| s.role_key == r.key).ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::MissingSignature,
                format!("缺少“{}”的签名", r.label),
            )
        })?;
        check_signature_png(&r.label, &s.png)?;
        out.push(SignatureInput {
            signer_name: None,
            ..s.clone()
        });
    }
    Ok(out)
}

fn strokes(s: &str) -> String {
    if s.trim().is_empty() {
        "[]".into()
    } else {
        s.to_string()
    }
}
