//! The append-only, hash-chained audit log.
//!
//! Each entry's hash covers the previous entry's hash, so rewriting or deleting any
//! entry changes every later hash; the head hash (shown in the UI, printable) pins
//! the whole history.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{now, ArchiveError};
use signdesk_base::AuditEvent;

pub use signdesk_base::chain::{entry_hash, AuditEntry, GENESIS};

/// The newest entry's `(seq, hash)`, or `(0, GENESIS)` for an empty log.
pub fn head(conn: &Connection) -> Result<(i64, String), ArchiveError> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// The hash of entry `seq`, if the log has it (an anchor's position).
pub fn hash_at(conn: &Connection, seq: i64) -> Result<Option<String>, ArchiveError> {
    Ok(conn
        .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()?)
}

/// Appends an event; call inside the transaction that does what the event records.
pub fn append(
    conn: &Connection,
    actor: &str,
    event: AuditEvent,
    subject: &str,
    detail: &str,
) -> Result<AuditEntry, ArchiveError> {
    let event = event.as_str();
    let (last, prev_hash) = head(conn)?;
    let seq = last + 1;
    let at = now();
    let hash = entry_hash(&prev_hash, seq, &at, actor, event, subject, detail);
    conn.execute(
        "INSERT INTO audit(seq, at, actor, event, subject, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, actor, event, subject, detail, prev_hash, hash],
    )?;
    Ok(AuditEntry {
        seq,
        at,
        actor: actor.into(),
        event: event.into(),
        subject: subject.into(),
        detail: detail.into(),
        prev_hash,
        hash,
    })
}

pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM audit
         ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = st.query_map([limit], entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An agreement's history: its own entries (signed, countersigned, voided — subject is
/// the document number) and the print and export jobs that included it.
pub fn for_agreement(
    conn: &Connection,
    id: i64,
    number: &str,
) -> Result<Vec<AuditEntry>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM audit
         WHERE subject = ?2
            OR (event IN (?3, ?4) AND json_valid(detail)
                AND EXISTS (SELECT 1 FROM json_each(detail, '$.ids') WHERE value = ?1))
         ORDER BY seq",
    )?;
    let (printed, exported) = (AuditEvent::Printed.as_str(), AuditEvent::Exported.as_str());
    let rows = st.query_map(rusqlite::params![id, number, printed, exported], entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `(subject, detail)` of every entry of one event, oldest first (the verifier matches
/// records to the entries that stored them).
pub fn of_event(conn: &Connection, event: &str) -> Result<Vec<(String, String)>, ArchiveError> {
    let mut st = conn.prepare("SELECT subject, detail FROM audit WHERE event = ?1 ORDER BY seq")?;
    let rows = st.query_map([event], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A break in the chain: which entry, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    pub seq: i64,
    pub detail: String,
}

/// Walks the whole log and reports every entry whose hash or link does not hold.
pub fn verify_chain(conn: &Connection) -> Result<Vec<ChainProblem>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM audit ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let mut problems = Vec::new();
    let (mut expected_seq, mut prev) = (1i64, GENESIS.to_string());
    while let Some(r) = rows.next()? {
        let e = AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            event: r.get(3)?,
            subject: r.get(4)?,
            detail: r.get(5)?,
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        };
        if e.seq != expected_seq {
            problems.push(ChainProblem {
                seq: e.seq,
                detail: format!("审计记录缺失：第 {expected_seq} 至 {} 条不见了", e.seq - 1),
            });
        }
        if e.prev_hash != prev {
            problems.push(ChainProblem {
                seq: e.seq,
                detail: "与上一条记录的链接不符".into(),
            });
        }
        let h = entry_hash(
            &e.prev_hash,
            e.seq,
            &e.at,
            &e.actor,
            &e.event,
            &e.subject,
            &e.detail,
        );
        if h != e.hash {
            problems.push(ChainProblem {
                seq: e.seq,
                detail: "记录内容与其哈希不符（被改动过）".into(),
            });
        }
        expected_seq = e.seq + 1;
        prev = e.hash;
    }
    Ok(problems)
}

/// An entry from a row of `SELECT seq, at, actor, event, subject, detail, prev_hash, hash`.
pub(crate) fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        event: r.get(3)?,
        subject: r.get(4)?,
        detail: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}
