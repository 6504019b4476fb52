//! `passphrase`: a new passphrase re-seals the key (the archive is not re-encrypted),
//! old backups keep the passphrase they were made with, and the copies a restore left
//! are named and deleted on request.

use crate::common::{self, cli, db, failed_json, ok_json, PASSPHRASE};
use crate::{change_passphrase, cli_as, names_in, signed_and_backed_up};

#[test]
fn changing_the_passphrase_keeps_the_archive_and_old_backups_keep_theirs() {
    let (dir, data, backup, _) = signed_and_backed_up();
    let db_before = std::fs::read(db(&data)).unwrap();

    let new = "新的口令 new 2028";
    let weak = change_passphrase(&data, "短");
    assert_eq!(failed_json(&weak)["error"]["kind"], "weak_passphrase");
    let changed = change_passphrase(&data, new);
    assert_eq!(ok_json(&changed)["changed"], true);

    let old = failed_json(&cli(&data, &["info", "--json"]));
    assert_eq!(old["error"]["kind"], "wrong_passphrase", "{old}");
    assert!(old["error"]["message"]
        .as_str()
        .unwrap()
        .contains("口令不正确"));
    let info = ok_json(&cli_as(&data, new, &["info", "--json"]));
    assert_eq!(info["counts"]["agreements"], 1);
    assert_eq!(
        std::fs::read(db(&data)).unwrap().len(),
        db_before.len(),
        "the archive is not re-encrypted, only its key re-sealed"
    );
    // The old backup still needs the passphrase it was made with.
    let laptop = dir.path().join("laptop");
    let v = failed_json(&cli_as(
        &laptop,
        new,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["error"]["kind"], "wrong_passphrase");
    ok_json(&cli(
        &laptop,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    // Restoring over an archive with another passphrase is refused.
    let v = failed_json(&cli_as(
        &data,
        PASSPHRASE,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["error"]["kind"], "passphrase_differs", "{v}");
}

/// The archive a restore replaced (and its key file) still opens with the old
/// passphrase: `passphrase` names them, `passphrase --delete-old-copies` removes them.
#[test]
fn a_passphrase_change_names_and_can_delete_what_a_restore_left() {
    let (_dir, data, backup, _) = signed_and_backed_up();
    ok_json(&cli(
        &data,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    let left = || {
        names_in(&data)
            .into_iter()
            .filter(|n| n.contains(".before-restore"))
            .collect::<Vec<_>>()
    };
    assert_eq!(left().len(), 2, "{:?}", names_in(&data));
    let first = "第一个新口令 2028";
    let v = ok_json(&change_passphrase(&data, first));
    assert_eq!(v["old_copies"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["deleted"].as_array().unwrap().len(), 0);
    assert_eq!(left().len(), 2, "nothing deleted unasked");
    let v = ok_json(
        &common::bin()
            .env("SIGNDESK_PASSPHRASE", first)
            .env("SIGNDESK_NEW_PASSPHRASE", "第二个新口令 2029")
            .arg("--data")
            .arg(&data)
            .args(["passphrase", "--delete-old-copies", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["deleted"].as_array().unwrap().len(), 2, "{v}");
    assert!(left().is_empty(), "{:?}", names_in(&data));
}
