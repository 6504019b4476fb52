//! The holder of the passphrase can open the database, drop the triggers and delete a
//! row. Each such change must be named by the completeness check: an agreement gone,
//! a void gone or added behind the log's back, a renumbering, a hole in a year's
//! numbers, search entries left behind. A sound archive has no gap.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use signdesk_archive::completeness::{gaps, Gap};
use signdesk_archive::{voids, Archive, ArchiveError};

/// Three agreements of 2027, the second voided.
fn archive() -> (tempfile::TempDir, Archive, Vec<i64>) {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "t", "安全目标责任书");
    let ids: Vec<i64> = ["张三", "李四", "王五"]
        .iter()
        .map(|name| {
            sign(
                &mut a,
                v,
                &Spec {
                    name,
                    ..Default::default()
                },
            )
        })
        .collect();
    a.write(|tx| voids::void(tx, ids[1], "签错人", "管理员"))
        .unwrap();
    (dir, a, ids)
}

/// Raw SQL as someone with the key would run it, triggers and foreign keys out of the way.
fn tamper(a: &mut Archive, sql: &str) {
    a.write(|tx| {
        tx.execute_batch(
            "DROP TRIGGER IF EXISTS agreements_never_delete;
             DROP TRIGGER IF EXISTS agreements_never_update;
             DROP TRIGGER IF EXISTS signatures_never_delete;
             DROP TRIGGER IF EXISTS voids_never_delete;
             PRAGMA defer_foreign_keys = ON;",
        )?;
        tx.execute_batch(sql)?;
        Ok::<_, ArchiveError>(())
    })
    .unwrap();
}

fn kinds(g: &[Gap]) -> Vec<(&str, &str)> {
    g.iter().map(|g| (g.kind.as_str(), g.id.as_str())).collect()
}

#[test]
fn a_sound_archive_has_no_gap() {
    let (_d, a, _) = archive();
    assert_eq!(gaps(a.read()).unwrap(), vec![]);
}

#[test]
fn a_deleted_agreement_is_named_with_its_hole_and_its_search_entries() {
    let (_d, mut a, ids) = archive();
    // The careful forger removes the signatures, search keys and the void too, but
    // the FTS index keeps its row, and the log still records the signing.
    tamper(
        &mut a,
        &format!(
            "DELETE FROM signatures WHERE agreement_id = {id};
             DELETE FROM search_terms WHERE agreement_id = {id};
             DELETE FROM agreements WHERE id = {id};",
            id = ids[2]
        ),
    );
    let g = gaps(a.read()).unwrap();
    assert!(
        kinds(&g).contains(&("agreement_missing", "SD-2027-000003")),
        "{g:#?}"
    );
    assert!(kinds(&g).contains(&("search_orphan", "#3")), "{g:#?}");
    assert!(g[0].detail.contains("被删除"), "{}", g[0].detail);
}

#[test]
fn a_hole_in_the_numbers_is_named() {
    let (_d, mut a, ids) = archive();
    tamper(
        &mut a,
        &format!(
            "DELETE FROM signatures WHERE agreement_id = {id};
             DELETE FROM search_terms WHERE agreement_id = {id};
             DELETE FROM voids WHERE agreement_id = {id};
             DELETE FROM agreements WHERE id = {id};",
            id = ids[1]
        ),
    );
    let g = gaps(a.read()).unwrap();
    let hole = g.iter().find(|g| g.kind == "number_gap").expect("a gap");
    assert_eq!(hole.id, "SD-2027-000002");
    assert!(
        hole.detail.contains("缺少 SD-2027-000002"),
        "{}",
        hole.detail
    );
    // and the void the log recorded is gone with it
    assert!(
        kinds(&g).contains(&("void_missing", "SD-2027-000002")),
        "{g:#?}"
    );
}

#[test]
fn a_void_undone_or_added_behind_the_logs_back_is_named() {
    let (_d, mut a, ids) = archive();
    tamper(
        &mut a,
        &format!(
            "DELETE FROM voids WHERE agreement_id = {};
             INSERT INTO voids(agreement_id, reason, voided_at, actor)
               VALUES ({}, '伪造', '2027-03-02T09:00:00+08:00', '某人');",
            ids[1], ids[2]
        ),
    );
    let g = gaps(a.read()).unwrap();
    assert_eq!(
        kinds(&g),
        vec![
            ("void_unaudited", "SD-2027-000003"),
            ("void_missing", "SD-2027-000002")
        ]
    );
}

#[test]
fn a_renumbered_agreement_is_named() {
    let (_d, mut a, ids) = archive();
    tamper(
        &mut a,
        &format!(
            "UPDATE agreements SET number = 'SD-2027-000009' WHERE id = {};",
            ids[2]
        ),
    );
    let g = gaps(a.read()).unwrap();
    assert!(
        kinds(&g).contains(&("number_changed", "SD-2027-000003")),
        "{g:#?}"
    );
    assert!(g.iter().any(|g| g.kind == "number_gap"), "{g:#?}");
}
