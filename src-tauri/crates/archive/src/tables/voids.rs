//! Voiding: a signed agreement is never edited or deleted; voiding adds one row
//! (with reason, time and who) and an audit entry. An agreement is voided at most once.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use signdesk_base::ErrorKind;

use crate::{audit, now, ArchiveError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoidRow {
    pub agreement_id: i64,
    pub reason: String,
    pub voided_at: String,
    pub actor: String,
}

/// Voids an agreement. Call inside `Archive::write`.
pub fn void(
    conn: &Connection,
    agreement_id: i64,
    reason: &str,
    actor: &str,
) -> Result<VoidRow, ArchiveError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ArchiveError::invalid(
            ErrorKind::VoidReasonMissing,
            "作废必须填写原因",
        ));
    }
    let number: String = conn
        .query_row(
            "SELECT number FROM agreements WHERE id = ?1",
            [agreement_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| ArchiveError::NotFound {
            what: "协议",
            id: agreement_id.to_string(),
        })?;
    if let Some(v) = get(conn, agreement_id)? {
        return Err(ArchiveError::invalid(
            ErrorKind::AlreadyVoided,
            format!(
                "协议 {number} 已于 {} 作废（原因：{}），不能重复作废",
                v.voided_at, v.reason
            ),
        ));
    }
    let row = VoidRow {
        agreement_id,
        reason: reason.to_string(),
        voided_at: now(),
        actor: actor.to_string(),
    };
    conn.execute(
        "INSERT INTO voids(agreement_id, reason, voided_at, actor) VALUES (?1, ?2, ?3, ?4)",
        params![row.agreement_id, row.reason, row.voided_at, row.actor],
    )?;
    let detail = serde_json::json!({ "id": agreement_id, "reason": reason });
    audit::append(
        conn,
        actor,
        signdesk_base::AuditEvent::AgreementVoided,
        &number,
        &detail.to_string(),
    )?;
    Ok(row)
}

pub fn get(conn: &Connection, agreement_id: i64) -> Result<Option<VoidRow>, ArchiveError> {
    Ok(conn
        .query_row(
            "SELECT agreement_id, reason, voided_at, actor FROM voids WHERE agreement_id = ?1",
            [agreement_id],
            |r| {
                Ok(VoidRow {
                    agreement_id: r.get(0)?,
                    reason: r.get(1)?,
                    voided_at: r.get(2)?,
                    actor: r.get(3)?,
                })
            },
        )
        .optional()?)
}
