//! Counts shown by `signdesk-cli info` and the settings screen.

use rusqlite::Connection;
use serde::Serialize;

use crate::ArchiveError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub templates: i64,
    pub template_versions: i64,
    pub people: i64,
    pub agreements: i64,
    pub voided: i64,
    pub audit_entries: i64,
}

pub fn counts(conn: &Connection) -> Result<Counts, ArchiveError> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM templates),
                (SELECT count(*) FROM template_versions),
                (SELECT count(*) FROM people),
                (SELECT count(*) FROM agreements),
                (SELECT count(*) FROM voids),
                (SELECT count(*) FROM audit)",
        [],
        |r| {
            Ok(Counts {
                templates: r.get(0)?,
                template_versions: r.get(1)?,
                people: r.get(2)?,
                agreements: r.get(3)?,
                voided: r.get(4)?,
                audit_entries: r.get(5)?,
            })
        },
    )?)
}
