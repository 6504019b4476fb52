//! Signing ceremonies: the round, its roster, and signatures captured but not yet part
//! of an archived agreement (see migration 0004 for the model). A person's state in a
//! ceremony is derived from these rows, the agreements and the voids — never stored
//! twice, so it cannot disagree with the archive.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use signdesk_base::{Countersign, ErrorKind, RosterStatus};

use crate::people::{person_row, PersonRow, PERSON_COLUMNS};
use crate::{now, ArchiveError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCeremony {
    pub title: String,
    pub template_version_id: i64,
    pub year: i32,
    pub values_json: String,
    pub bindings_json: String,
    pub org_signers_json: String,
    pub countersign: Countersign,
    pub renewed_from: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CeremonyRow {
    pub id: i64,
    pub title: String,
    pub template_version_id: i64,
    pub year: i32,
    pub values_json: String,
    pub bindings_json: String,
    pub org_signers_json: String,
    pub countersign: Countersign,
    pub renewed_from: Option<i64>,
    pub created_at: String,
    pub closed_at: Option<String>,
}

/// A ceremony with its progress, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CeremonySummary {
    pub ceremony: CeremonyRow,
    pub people: u32,
    pub signed: u32,
    pub awaiting: u32,
    pub absent: u32,
    pub voided: u32,
}

/// One person on a ceremony's roster, with their derived state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
    pub person: PersonRow,
    pub seq: i64,
    pub status: RosterStatus,
    pub agreement_id: Option<i64>,
    pub agreement_number: Option<String>,
}

/// A captured signature waiting in a ceremony.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSignature {
    pub person_id: Option<i64>,
    pub role_key: String,
    pub signer_name: String,
    pub png: Vec<u8>,
    pub strokes_json: String,
    pub signed_at: String,
}

const CEREMONY_COLUMNS: &str = "id, title, template_version_id, year, values_json, bindings_json,
    org_signers_json, countersign, renewed_from, created_at, closed_at";

/// A state column (`countersign`, the derived status) as its closed set; any other
/// text means the database was changed outside SignDesk.
fn state<T: std::str::FromStr<Err = signdesk_base::status::UnknownState>>(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<T> {
    r.get::<_, String>(i)?.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn ceremony_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CeremonyRow> {
    Ok(CeremonyRow {
        id: r.get(0)?,
        title: r.get(1)?,
        template_version_id: r.get(2)?,
        year: r.get(3)?,
        values_json: r.get(4)?,
        bindings_json: r.get(5)?,
        org_signers_json: r.get(6)?,
        countersign: state(r, 7)?,
        renewed_from: r.get(8)?,
        created_at: r.get(9)?,
        closed_at: r.get(10)?,
    })
}

pub fn create(conn: &Connection, c: &NewCeremony) -> Result<i64, ArchiveError> {
    conn.execute(
        "INSERT INTO ceremonies (title, template_version_id, year, values_json, bindings_json,
            org_signers_json, countersign, renewed_from, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.title,
            c.template_version_id,
            c.year,
            c.values_json,
            c.bindings_json,
            c.org_signers_json,
            c.countersign.as_str(),
            c.renewed_from,
            now()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<CeremonyRow, ArchiveError> {
    conn.query_row(
        &format!("SELECT {CEREMONY_COLUMNS} FROM ceremonies WHERE id = ?1"),
        [id],
        ceremony_row,
    )
    .optional()?
    .ok_or_else(|| ArchiveError::NotFound {
        what: "签约仪式",
        id: id.to_string(),
    })
}

/// The derived state of one roster row (see the module doc).
const STATUS_SQL: &str = "CASE
      WHEN cp.agreement_id IS NOT NULL THEN
        CASE WHEN EXISTS (SELECT 1 FROM voids v WHERE v.agreement_id = cp.agreement_id)
             THEN 'voided' ELSE 'signed' END
      WHEN EXISTS (SELECT 1 FROM ceremony_signatures s
                   WHERE s.ceremony_id = cp.ceremony_id AND s.person_id = cp.person_id)
        THEN 'awaiting'
      WHEN cp.absent THEN 'absent'
      ELSE 'pending' END";

/// Every ceremony, newest first, with its progress.
pub fn list(conn: &Connection) -> Result<Vec<CeremonySummary>, ArchiveError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CEREMONY_COLUMNS} FROM ceremonies ORDER BY id DESC"
    ))?;
    let rows = stmt
        .query_map([], ceremony_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(|c| summarise(conn, c)).collect()
}

/// One ceremony with its progress.
pub fn summary(conn: &Connection, id: i64) -> Result<CeremonySummary, ArchiveError> {
    summarise(conn, get(conn, id)?)
}

fn summarise(conn: &Connection, ceremony: CeremonyRow) -> Result<CeremonySummary, ArchiveError> {
    let mut count = conn.prepare_cached(&format!(
        "SELECT {STATUS_SQL} AS status, count(*) FROM ceremony_people cp
         WHERE cp.ceremony_id = ?1 GROUP BY status"
    ))?;
    let counts = count
        .query_map([ceremony.id], |r| {
            Ok((state::<RosterStatus>(r, 0)?, r.get::<_, u32>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut s = CeremonySummary {
        ceremony,
        people: 0,
        signed: 0,
        awaiting: 0,
        absent: 0,
        voided: 0,
    };
    for (status, n) in counts {
        s.people += n;
        match status {
            RosterStatus::Signed => s.signed = n,
            RosterStatus::Awaiting => s.awaiting = n,
            RosterStatus::Absent => s.absent = n,
            RosterStatus::Voided => s.voided = n,
            RosterStatus::Pending => {}
        }
    }
    Ok(s)
}

/// Puts people on the roster (in the given order, after those already on it);
/// people already on it are left as they are. Returns how many were added.
pub fn add_people(
    conn: &Connection,
    ceremony_id: i64,
    people: &[i64],
) -> Result<u32, ArchiveError> {
    get(conn, ceremony_id)?;
    let mut seq: i64 = conn.query_row(
        "SELECT ifnull(max(seq), 0) FROM ceremony_people WHERE ceremony_id = ?1",
        [ceremony_id],
        |r| r.get(0),
    )?;
    let mut added = 0;
    let mut stmt = conn.prepare(
        "INSERT INTO ceremony_people (ceremony_id, person_id, seq) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?;
    for p in people {
        seq += 1;
        added += stmt.execute(params![ceremony_id, p, seq])? as u32;
    }
    Ok(added)
}

/// The roster in order with each person's state.
pub fn roster(conn: &Connection, ceremony_id: i64) -> Result<Vec<RosterEntry>, ArchiveError> {
    roster_rows(conn, ceremony_id, None)
}

/// One person's roster entry; `NotFound` when they are not on this ceremony's roster.
pub fn entry(
    conn: &Connection,
    ceremony_id: i64,
    person_id: i64,
) -> Result<RosterEntry, ArchiveError> {
    roster_rows(conn, ceremony_id, Some(person_id))?
        .pop()
        .ok_or_else(|| ArchiveError::NotFound {
            what: "名单中的人员",
            id: person_id.to_string(),
        })
}

fn roster_rows(
    conn: &Connection,
    ceremony_id: i64,
    person_id: Option<i64>,
) -> Result<Vec<RosterEntry>, ArchiveError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLUMNS}, cp.seq, {STATUS_SQL}, cp.agreement_id, a.number
         FROM ceremony_people cp
         JOIN people p ON p.id = cp.person_id
         LEFT JOIN agreements a ON a.id = cp.agreement_id
         WHERE cp.ceremony_id = ?1 AND (?2 IS NULL OR cp.person_id = ?2)
         ORDER BY cp.seq"
    ))?;
    let rows = stmt.query_map(params![ceremony_id, person_id], |r| {
        Ok(RosterEntry {
            person: person_row(r)?,
            seq: r.get(7)?,
            status: state(r, 8)?,
            agreement_id: r.get(9)?,
            agreement_number: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn set_absent(
    conn: &Connection,
    ceremony_id: i64,
    person_id: i64,
    absent: bool,
) -> Result<(), ArchiveError> {
    let n = conn.execute(
        "UPDATE ceremony_people SET absent = ?3 WHERE ceremony_id = ?1 AND person_id = ?2",
        params![ceremony_id, person_id, absent],
    )?;
    if n == 0 {
        return Err(ArchiveError::NotFound {
            what: "名单中的人员",
            id: person_id.to_string(),
        });
    }
    Ok(())
}

/// Re-opens a person whose agreement in this ceremony was voided: the roster row
/// forgets that agreement (it stays in the archive, voided, with its void record) and
/// the person is to sign again. Returns the voided agreement's id; refused for anyone
/// whose agreement is not voided.
pub fn reopen(conn: &Connection, ceremony_id: i64, person_id: i64) -> Result<i64, ArchiveError> {
    let e = entry(conn, ceremony_id, person_id)?;
    match (e.status, e.agreement_id) {
        (RosterStatus::Voided, Some(agreement)) => {
            conn.execute(
                "UPDATE ceremony_people SET agreement_id = NULL
                 WHERE ceremony_id = ?1 AND person_id = ?2",
                params![ceremony_id, person_id],
            )?;
            Ok(agreement)
        }
        _ => Err(ArchiveError::invalid(
            ErrorKind::BadArgument,
            format!("{}的协议没有作废，无需重新开放", e.person.name),
        )),
    }
}

/// Records the archived agreement of a person and drops their held signatures — call
/// in the transaction that inserted the agreement. A person already holding a valid
/// (not voided) agreement in this ceremony is refused: one agreement per person.
pub fn complete(
    conn: &Connection,
    ceremony_id: i64,
    person_id: i64,
    agreement_id: i64,
) -> Result<(), ArchiveError> {
    let e = entry(conn, ceremony_id, person_id)?;
    if e.status == RosterStatus::Signed {
        return Err(ArchiveError::invalid(
            ErrorKind::AlreadySigned,
            format!(
                "{}已经签署过本次协议（{}）",
                e.person.name,
                e.agreement_number.unwrap_or_default()
            ),
        ));
    }
    conn.execute(
        "UPDATE ceremony_people SET agreement_id = ?3, absent = 0
         WHERE ceremony_id = ?1 AND person_id = ?2",
        params![ceremony_id, person_id, agreement_id],
    )?;
    conn.execute(
        "DELETE FROM ceremony_signatures WHERE ceremony_id = ?1 AND person_id = ?2",
        params![ceremony_id, person_id],
    )?;
    Ok(())
}

/// Holds a signature in the ceremony, replacing one held for the same person and role.
pub fn hold(conn: &Connection, ceremony_id: i64, s: &HeldSignature) -> Result<(), ArchiveError> {
    conn.execute(
        "DELETE FROM ceremony_signatures
         WHERE ceremony_id = ?1 AND ifnull(person_id, 0) = ifnull(?2, 0) AND role_key = ?3",
        params![ceremony_id, s.person_id, s.role_key],
    )?;
    conn.execute(
        "INSERT INTO ceremony_signatures
            (ceremony_id, person_id, role_key, signer_name, png, strokes_json, signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            ceremony_id,
            s.person_id,
            s.role_key,
            s.signer_name,
            s.png,
            s.strokes_json,
            s.signed_at
        ],
    )?;
    Ok(())
}

/// Signatures held for a person (`Some`) or the organisation's adopted ones (`None`).
pub fn held(
    conn: &Connection,
    ceremony_id: i64,
    person_id: Option<i64>,
) -> Result<Vec<HeldSignature>, ArchiveError> {
    let mut stmt = conn.prepare(
        "SELECT person_id, role_key, signer_name, png, strokes_json, signed_at
         FROM ceremony_signatures
         WHERE ceremony_id = ?1 AND ifnull(person_id, 0) = ifnull(?2, 0)
         ORDER BY role_key",
    )?;
    let rows = stmt.query_map(params![ceremony_id, person_id], |r| {
        Ok(HeldSignature {
            person_id: r.get(0)?,
            role_key: r.get(1)?,
            signer_name: r.get(2)?,
            png: r.get(3)?,
            strokes_json: r.get(4)?,
            signed_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn close(conn: &Connection, ceremony_id: i64) -> Result<(), ArchiveError> {
    get(conn, ceremony_id)?;
    conn.execute(
        "UPDATE ceremonies SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL",
        params![ceremony_id, now()],
    )?;
    Ok(())
}
