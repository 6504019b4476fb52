//! The handwritten signatures of an agreement: image and raw strokes, one per role.
//! Written once with their agreement; never changed (schema triggers).

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::ArchiveError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignature {
    pub role_key: String,
    pub role_label: String,
    pub signer_name: String,
    /// Transparent PNG of the ink, whitespace cropped.
    pub png: Vec<u8>,
    pub strokes_json: String,
    /// RFC 3339.
    pub signed_at: String,
}

/// A stored signature without its image (fetch that with [`png`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureRow {
    pub id: i64,
    pub agreement_id: i64,
    pub role_key: String,
    pub role_label: String,
    pub signer_name: String,
    pub signed_at: String,
}

pub fn insert(conn: &Connection, agreement_id: i64, s: &NewSignature) -> Result<i64, ArchiveError> {
    conn.execute(
        "INSERT INTO signatures(agreement_id, role_key, role_label, signer_name, png, strokes_json,
                                signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            agreement_id,
            s.role_key,
            s.role_label,
            s.signer_name,
            s.png,
            s.strokes_json,
            s.signed_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn for_agreement(
    conn: &Connection,
    agreement_id: i64,
) -> Result<Vec<SignatureRow>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT id, agreement_id, role_key, role_label, signer_name, signed_at FROM signatures
         WHERE agreement_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([agreement_id], |r| {
        Ok(SignatureRow {
            id: r.get(0)?,
            agreement_id: r.get(1)?,
            role_key: r.get(2)?,
            role_label: r.get(3)?,
            signer_name: r.get(4)?,
            signed_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The PNG of one signature.
pub fn png(conn: &Connection, signature_id: i64) -> Result<Vec<u8>, ArchiveError> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT png FROM signatures WHERE id = ?1",
        [signature_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| ArchiveError::NotFound {
        what: "签名",
        id: signature_id.to_string(),
    })
}
