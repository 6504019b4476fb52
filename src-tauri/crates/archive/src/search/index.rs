//! Writing a new agreement's search entries: its keys in `search_terms` and its text
//! in the FTS5 table.

use rusqlite::{params, Connection};

use super::text::key;
use super::*;
use crate::people::pinyin_readings;
use crate::ArchiveError;

/// Writes the search entries of a new agreement (inside its transaction).
pub fn index_agreement(conn: &Connection, id: i64, e: &IndexEntry<'_>) -> Result<(), ArchiveError> {
    conn.execute(
        "INSERT INTO agreement_text(rowid, title, signed_text) VALUES (?1, ?2, ?3)",
        params![id, e.title, e.signed_text],
    )?;
    let mut st = conn.prepare_cached(
        "INSERT OR IGNORE INTO search_terms(kind, term, agreement_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut put = |kind: i64, term: &str| -> Result<(), ArchiveError> {
        if !term.is_empty() {
            st.execute(params![kind, term, id])?;
        }
        Ok(())
    };
    let name = key(e.signer_name);
    put(KIND_NAME, &name)?;
    for (i, _) in name.char_indices().skip(1) {
        put(KIND_NAME_SUFFIX, &name[i..])?;
    }
    if let Some(no) = e.employee_no {
        put(KIND_EMPLOYEE_NO, &key(no))?;
    }
    for (full, initials) in pinyin_readings(e.signer_name) {
        put(KIND_PINYIN, &full)?;
        put(KIND_INITIALS, &initials)?;
    }
    put(KIND_DEPARTMENT, &key(e.department))?;
    put(KIND_NUMBER, &key(e.number))?;
    Ok(())
}
