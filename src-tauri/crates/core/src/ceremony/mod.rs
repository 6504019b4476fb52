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
use signdesk_archive::ceremonies;
use ts_rs::TS;

use crate::dto::RosterImport;
use crate::signing::{Checked, LoadedVersion, SignOutcome, SignatureInput};
use crate::{CoreError, Desk};

mod create;
mod organise;
pub mod staged;
mod turn;

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
    /// In a renewal: the person's assessment result in the ceremony this one renews
    /// (last year's), when there is one.
    pub last_result: Option<LastResult>,
}

/// Last year's result beside a person in a renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LastResult {
    pub year: i32,
    pub number: String,
    /// The exact score, as text (`95.5`).
    pub score: String,
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
    /// What the signer must give to open their agreement (「工号」) when the roster has
    /// it: picking a colleague's name is not enough. The value itself is never sent.
    pub confirm_with: Option<String>,
    /// What they came to do: sign their agreement, or acknowledge their assessment
    /// result (「本人已知悉考核结果」) once it is recorded.
    pub task: KioskTask,
}

/// What a person does at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KioskTask {
    Sign,
    Acknowledge,
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
    serde_json::to_string(v).map_err(|e| CoreError::internal("签约仪式的设置无法保存", e))
}

/// One of a ceremony row's stored maps. A damaged one is named, never read as empty
/// (an empty map would sign agreements with blanks or organisation signers missing).
fn parse_map(
    row: &ceremonies::CeremonyRow,
    what: &str,
    s: &str,
) -> Result<BTreeMap<String, String>, CoreError> {
    serde_json::from_str(s).map_err(|e| {
        CoreError::failed(
            ErrorKind::ArchiveCorrupt,
            format!(
                "签约仪式“{}”（编号 {}）的{what}记录已损坏，无法读取；请从备份恢复或重新建立这场签约仪式",
                row.title, row.id
            ),
            e,
        )
    })
}

/// A loaded ceremony: its row, template and maps.
struct Loaded {
    row: ceremonies::CeremonyRow,
    version: LoadedVersion,
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
        let version = LoadedVersion::by_id(conn, row.template_version_id)?;
        Ok(Loaded {
            values: parse_map(&row, "待填内容", &row.values_json)?,
            bindings: parse_map(&row, "名单列对应", &row.bindings_json)?,
            org_signers: parse_map(&row, "发约方签署人", &row.org_signers_json)?,
            version,
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
}

/// Checks that `given` holds exactly one good signature for each hand-signed role of
/// `side`, and nothing for other roles.
fn own_signatures(
    ts: &signdesk_typeset::Typesetter,
    t: &Template,
    side: Side,
    given: &[SignatureInput],
) -> Result<Vec<Checked>, CoreError> {
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
        out.push(Checked {
            signer_name: None,
            ..Checked::new(ts, r, s)?
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
