//! The archive on a real on-disk database.

use signdesk_archive::{audit, settings, stats, templates, Archive, ArchiveError, DbKey};

fn key() -> DbKey {
    DbKey::from_bytes([7; 32])
}

fn fresh() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open_dir(&dir.path().join("data"), &key()).unwrap();
    (dir, archive)
}

#[test]
fn creates_the_database_file_with_wal_and_full_sync() {
    let (dir, archive) = fresh();
    assert!(dir
        .path()
        .join("data")
        .join(signdesk_archive::DB_FILE)
        .is_file());
    let mode: String = archive
        .read()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = archive
        .read()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(
        archive.schema_version(),
        signdesk_archive::migrate::latest()
    );
}

#[test]
fn reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut a = Archive::open_dir(dir.path(), &key()).unwrap();
        a.write(|tx| settings::set(tx, "org", "宁德新奥")).unwrap();
    }
    let a = Archive::open_dir(dir.path(), &key()).unwrap();
    assert_eq!(
        settings::get(a.read(), "org").unwrap().as_deref(),
        Some("宁德新奥")
    );
}

#[test]
fn template_versions_count_up_and_are_listed() {
    let (_d, mut a) = fresh();
    a.write(|tx| {
        let id = templates::insert(tx, "kefu", "客服部安全目标责任书", true)?;
        templates::add_version(tx, id, "客服部安全目标责任书", "{}", "内置")?;
        templates::add_version(tx, id, "客服部安全目标责任书（修订）", "{\"a\":1}", "编辑")?;
        Ok::<_, ArchiveError>(())
    })
    .unwrap();
    let list = templates::list(a.read()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].latest_version, 2);
    assert_eq!(list[0].title, "客服部安全目标责任书（修订）");
    let v1 = templates::version(a.read(), "kefu", Some(1)).unwrap();
    assert_eq!(
        (v1.version, v1.body_json.as_str(), v1.used),
        (1, "{}", false)
    );
    assert_eq!(
        templates::version(a.read(), "kefu", None).unwrap().version,
        2
    );
    let err = templates::version(a.read(), "kefu", Some(9)).unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert!(err.to_string().contains("第 9 版"), "{err}");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_d, mut a) = fresh();
    let r: Result<(), ArchiveError> = a.write(|tx| {
        templates::insert(tx, "half", "半途", false)?;
        Err(ArchiveError::Corrupt("boom".into()))
    });
    assert!(r.is_err());
    assert_eq!(stats::counts(a.read()).unwrap().templates, 0);
}

#[test]
fn audit_chain_verifies_and_detects_tampering() {
    let (_d, mut a) = fresh();
    a.write(|tx| {
        for i in 0..5 {
            audit::append(
                tx,
                "管理员",
                signdesk_base::AuditEvent::TemplateVersioned,
                &format!("t{i}"),
                "v1",
            )?;
        }
        Ok::<_, ArchiveError>(())
    })
    .unwrap();
    assert!(audit::verify_chain(a.read()).unwrap().is_empty());
    let (seq, _) = audit::head(a.read()).unwrap();
    assert_eq!(seq, 5);

    // The triggers refuse edits through SQL…
    let refused = a
        .read()
        .execute("UPDATE audit SET actor = 'x' WHERE seq = 2", []);
    assert!(refused.is_err());
    // …so simulate someone editing the file: drop the triggers, then rewrite history.
    a.read()
        .execute_batch(
            "DROP TRIGGER audit_never_update; DROP TRIGGER audit_never_delete;
             UPDATE audit SET detail = 'v2' WHERE seq = 2; DELETE FROM audit WHERE seq = 4;",
        )
        .unwrap();
    let problems = audit::verify_chain(a.read()).unwrap();
    let seqs: Vec<i64> = problems.iter().map(|p| p.seq).collect();
    assert!(seqs.contains(&2), "modified entry named: {problems:?}");
    assert!(
        seqs.contains(&5),
        "gap after the deleted entry named: {problems:?}"
    );
}
