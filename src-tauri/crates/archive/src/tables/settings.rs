//! Key/value settings of this installation (organisation name, locale, …).

use rusqlite::{Connection, OptionalExtension};

use crate::ArchiveError;

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, ArchiveError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<(), ArchiveError> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, key: &str) -> Result<(), ArchiveError> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}
