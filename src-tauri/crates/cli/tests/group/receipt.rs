//! Offline, both ways: the group's receipt of an imported bundle (`group import
//! --json`) carried back to the desk (`bundle ack --receipt`) makes the next bundle
//! start after what the group holds; a receipt that does not match the desk's own
//! chain is refused and changes nothing.

use std::path::Path;

use crate::common::{cli, failed_json, ok_json};
use crate::desks::{desk, group, init, register, sign};
use crate::server;

fn export(data: &Path, file: &Path) -> serde_json::Value {
    ok_json(&cli(
        data,
        &[
            "bundle",
            "export",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ))
}

fn ack(data: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["bundle", "ack"];
    all.extend_from_slice(args);
    all.push("--json");
    cli(data, &all)
}

#[test]
fn the_groups_receipt_carried_back_makes_the_next_bundle_start_after_it() {
    let url = server::fresh_db("receipt");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    desk(
        &a,
        "丁分公司",
        "客服部",
        &[("孙一", "D001"), ("孙二", "D002")],
    );
    sign(&a, "孙一", "D001", "客服部");
    register(&url, &a, "丁分公司");
    let first = tmp.path().join("1.sdbundle");
    let exported = export(&a, &first);
    assert_eq!(exported["agreements"], 1, "{exported}");
    let imported = group(&url, &["import", first.to_str().unwrap()]);
    let receipt = tmp.path().join("回执.json");
    std::fs::write(&receipt, &imported.stdout).unwrap();
    assert_eq!(ok_json(&imported)["added"], 1);

    // A receipt whose hash is not the desk's own at that position, or that names a
    // position beyond its chain, is refused.
    let head = &exported["head"];
    let entries = head["entries"].as_i64().unwrap();
    let wrong = "0".repeat(64);
    let refused = failed_json(&ack(
        &a,
        &["--entries", &entries.to_string(), "--hash", &wrong],
    ));
    assert_eq!(refused["error"]["kind"], "chain_rewritten", "{refused}");
    let beyond = failed_json(&ack(
        &a,
        &["--entries", &(entries + 1000).to_string(), "--hash", &wrong],
    ));
    assert_eq!(beyond["error"]["kind"], "chain_gap", "{beyond}");

    // The real receipt: acknowledged up to the bundle's head.
    let acked = ok_json(&ack(&a, &["--receipt", receipt.to_str().unwrap()]));
    assert_eq!(acked["acked_entries"], entries, "{acked}");

    // The next bundle holds only what came after, and the group takes it.
    sign(&a, "孙二", "D002", "客服部");
    let second = tmp.path().join("2.sdbundle");
    let next = export(&a, &second);
    assert_eq!(next["agreements"], 1, "only the new agreement: {next}");
    let taken = ok_json(&group(&url, &["import", second.to_str().unwrap()]));
    assert_eq!(
        (taken["added"].as_i64(), taken["unchanged"].as_i64()),
        (Some(1), Some(0))
    );
    // An older receipt again changes nothing.
    let again = ok_json(&ack(&a, &["--receipt", receipt.to_str().unwrap()]));
    assert_eq!(again["acked_entries"], entries);
}
