//! Numbered SQL migrations embedded in the binary, applied in order and tracked with
//! `PRAGMA user_version`. A shipped migration is never edited: add the next file.

use rusqlite::Connection;

use crate::ArchiveError;

/// `(version, sql)`; versions start at 1 and have no gaps.
pub const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_archive.sql")),
    (3, include_str!("../migrations/0003_search_index.sql")),
    (4, include_str!("../migrations/0004_ceremonies.sql")),
    (5, include_str!("../migrations/0005_assessments.sql")),
    (6, include_str!("../migrations/0006_assessment_source.sql")),
];

/// The schema version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0)
}

pub(crate) fn current(conn: &Connection) -> Result<u32, ArchiveError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to date. Each migration runs in its own transaction together
/// with its `user_version` bump, so a crash leaves the schema at a whole version.
pub fn run(conn: &mut Connection, migrations: &[(u32, &str)]) -> Result<u32, ArchiveError> {
    let mut version = current(conn)?;
    let newest = migrations.last().map(|(v, _)| *v).unwrap_or(0);
    if version > newest {
        return Err(ArchiveError::TooNew {
            found: version,
            supported: newest,
        });
    }
    let start = version;
    for (v, sql) in migrations.iter().filter(|(v, _)| *v > start) {
        if *v != version + 1 {
            return Err(ArchiveError::Migration {
                version: *v,
                detail: "编号不连续".into(),
            });
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql).map_err(|e| ArchiveError::Migration {
            version: *v,
            detail: e.to_string(),
        })?;
        tx.pragma_update(None, "user_version", v)?;
        tx.commit()?;
        version = *v;
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_names(conn: &Connection) -> Vec<String> {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn fresh_database_reaches_latest_version() {
        let mut conn = crate::key::connect(
            std::path::Path::new(":memory:"),
            crate::key::READ_WRITE_CREATE,
        )
        .unwrap();
        assert_eq!(run(&mut conn, MIGRATIONS).unwrap(), latest());
        assert_eq!(current(&conn).unwrap(), latest());
        assert!(table_names(&conn).contains(&"agreements".to_string()));
    }

    #[test]
    fn running_twice_changes_nothing() {
        let mut conn = crate::key::connect(
            std::path::Path::new(":memory:"),
            crate::key::READ_WRITE_CREATE,
        )
        .unwrap();
        run(&mut conn, MIGRATIONS).unwrap();
        let before = table_names(&conn);
        assert_eq!(run(&mut conn, MIGRATIONS).unwrap(), latest());
        assert_eq!(table_names(&conn), before);
    }

    #[test]
    fn applies_only_the_missing_steps_in_order() {
        let steps: &[(u32, &str)] = &[
            (1, "CREATE TABLE a(x);"),
            (2, "CREATE TABLE b(x);"),
            (3, "INSERT INTO b VALUES (1);"),
        ];
        let mut conn = crate::key::connect(
            std::path::Path::new(":memory:"),
            crate::key::READ_WRITE_CREATE,
        )
        .unwrap();
        assert_eq!(run(&mut conn, &steps[..2]).unwrap(), 2);
        assert_eq!(run(&mut conn, steps).unwrap(), 3);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM b", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_failing_step_leaves_the_previous_version_intact() {
        let steps: &[(u32, &str)] = &[
            (1, "CREATE TABLE a(x);"),
            (2, "CREATE TABLE c(x); SELECT nonsense FROM nowhere;"),
        ];
        let mut conn = crate::key::connect(
            std::path::Path::new(":memory:"),
            crate::key::READ_WRITE_CREATE,
        )
        .unwrap();
        let err = run(&mut conn, steps).unwrap_err();
        assert!(
            matches!(err, ArchiveError::Migration { version: 2, .. }),
            "{err:?}"
        );
        assert_eq!(current(&conn).unwrap(), 1);
        assert!(
            !table_names(&conn).contains(&"c".to_string()),
            "step 2 rolled back"
        );
    }

    #[test]
    fn refuses_an_archive_from_a_newer_build() {
        let mut conn = crate::key::connect(
            std::path::Path::new(":memory:"),
            crate::key::READ_WRITE_CREATE,
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = run(&mut conn, MIGRATIONS).unwrap_err();
        assert!(matches!(err, ArchiveError::TooNew { found: 99, .. }));
    }

    #[test]
    fn refuses_gaps_in_numbering() {
        let steps: &[(u32, &str)] = &[(1, "CREATE TABLE a(x);"), (3, "CREATE TABLE b(x);")];
        let mut conn = crate::key::connect(
            std::path::Path::new(":memory:"),
            crate::key::READ_WRITE_CREATE,
        )
        .unwrap();
        assert!(matches!(
            run(&mut conn, steps),
            Err(ArchiveError::Migration { version: 3, .. })
        ));
    }
}
