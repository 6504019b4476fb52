//! The group archive's schema: `migrations/NNNN_*.sql`, embedded, each run once in
//! its own transaction and recorded in `signdesk_schema` — the desk's rule
//! (`archive/migrate.rs`) on a server that has no `user_version`.

use postgres::Client;
use signdesk_base::ErrorKind;

use crate::GroupError;

const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_group.sql")),
    (2, include_str!("../migrations/0002_assessments.sql")),
    (3, include_str!("../migrations/0003_texts.sql")),
];

/// The schema this program writes and reads.
pub const VERSION: i32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Creates or brings the schema up to date; answers the version now in place.
/// Run by the group's owner role.
pub fn migrate(client: &mut Client) -> Result<i32, GroupError> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS signdesk_schema (
           version    integer PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let mut current = version(client)?;
    if current > VERSION {
        return Err(too_new(current));
    }
    for (v, sql) in MIGRATIONS {
        if *v <= current {
            continue;
        }
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)?;
        tx.execute("INSERT INTO signdesk_schema(version) VALUES ($1)", &[v])?;
        tx.commit()?;
        current = *v;
    }
    Ok(current)
}

/// The version in place (0 before `init`).
pub fn version(client: &mut Client) -> Result<i32, GroupError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('signdesk_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one("SELECT coalesce(max(version), 0) FROM signdesk_schema", &[])?
        .get(0))
}

/// Checks before reading or writing that the schema is the one this program knows.
pub fn require_current(client: &mut Client) -> Result<(), GroupError> {
    match version(client)? {
        0 => Err(GroupError::new(
            ErrorKind::GroupSchema,
            "集团档案库还没有初始化（请管理员先运行 signdesk-cli group init）",
        )),
        v if v > VERSION => Err(too_new(v)),
        v if v < VERSION => Err(GroupError::new(
            ErrorKind::GroupSchema,
            format!("集团档案库是第 {v} 版，本程序需要第 {VERSION} 版：请管理员运行 signdesk-cli group init 升级"),
        )),
        _ => Ok(()),
    }
}

fn too_new(v: i32) -> GroupError {
    GroupError::new(
        ErrorKind::GroupSchema,
        format!("集团档案库是第 {v} 版，比本程序（第 {VERSION} 版）新：请先升级签约台"),
    )
}
