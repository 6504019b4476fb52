//! What the group refuses, leaving nothing of it: a bundle from a desk never
//! registered, a damaged or cut bundle, a rewritten desk history (online and by
//! bundle), and a gap in a site's chain.

use std::path::Path;

use crate::common::{self, cli, failed_json, ok_json};
use crate::desks::{count, desk, group, init, register, sign};
use crate::server;

#[test]
fn a_bundle_from_a_desk_never_registered_is_refused_and_leaves_nothing() {
    let url = server::fresh_db("unregistered");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    desk(&a, "丙分公司", "客服部", &[("张三", "C001")]);
    sign(&a, "张三", "C001", "客服部");
    let file = tmp.path().join("丙.sdbundle");
    ok_json(&cli(
        &a,
        &[
            "bundle",
            "export",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    let refused = failed_json(&group(&url, &["import", file.to_str().unwrap()]));
    assert_eq!(refused["error"]["kind"], "site_unknown", "{refused}");
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("丙分公司"));
    assert_eq!(count(&url, "SELECT count(*) FROM audit"), 0);
    assert_eq!(count(&url, "SELECT count(*) FROM agreements"), 0);

    // A damaged bundle is named as such, and a cut one too.
    let bytes = std::fs::read(&file).unwrap();
    let cut = tmp.path().join("cut.sdbundle");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    register(&url, &a, "丙分公司");
    let refused = failed_json(&group(&url, &["import", cut.to_str().unwrap()]));
    assert_eq!(refused["error"]["kind"], "bundle_damaged", "{refused}");
    assert_eq!(
        count(&url, "SELECT count(*) FROM agreements"),
        0,
        "a cut bundle leaves nothing"
    );
    let mut flipped = bytes.clone();
    let at = flipped.len() - 300;
    flipped[at] ^= 0x01;
    let changed = tmp.path().join("changed.sdbundle");
    std::fs::write(&changed, &flipped).unwrap();
    let refused = failed_json(&group(&url, &["import", changed.to_str().unwrap()]));
    assert!(
        ["seal_invalid", "bundle_damaged"].contains(&refused["error"]["kind"].as_str().unwrap()),
        "{refused}"
    );
    assert_eq!(count(&url, "SELECT count(*) FROM agreements"), 0);
    // The intact one goes in once registered.
    assert_eq!(
        ok_json(&group(&url, &["import", file.to_str().unwrap()]))["added"],
        1
    );
}

/// Rewrites the desk's audit entry `seq` (the actor) and re-hashes every later entry,
/// as someone with the passphrase and a SQLite shell could: locally the chain holds.
fn rewrite_history(data: &Path, seq: i64) {
    let conn = common::open_db(data);
    conn.execute_batch("DROP TRIGGER audit_never_update;")
        .unwrap();
    conn.execute("UPDATE audit SET actor = '某人' WHERE seq = ?1", [seq])
        .unwrap();
    let mut st = conn
        .prepare(
            "SELECT seq, at, actor, event, subject, detail FROM audit WHERE seq >= ?1 ORDER BY seq",
        )
        .unwrap();
    let rows: Vec<(i64, String, String, String, String, String)> = st
        .query_map([seq], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev: String = conn
        .query_row("SELECT prev_hash FROM audit WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .unwrap();
    for (s, at, actor, event, subject, detail) in rows {
        let h = signdesk_base::chain::entry_hash(&prev, s, &at, &actor, &event, &subject, &detail);
        conn.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            (&prev, &h, s),
        )
        .unwrap();
        prev = h;
    }
}

#[test]
fn a_rewritten_desk_history_is_refused_on_arrival_online_and_by_bundle() {
    let url = server::fresh_db("rewritten");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    desk(
        &a,
        "丁分公司",
        "客服部",
        &[("张三", "D001"), ("李四", "D002")],
    );
    sign(&a, "张三", "D001", "客服部");
    let a_url = register(&url, &a, "丁分公司");
    ok_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    let held = count(&url, "SELECT count(*) FROM audit");

    rewrite_history(&a, 2);
    sign(&a, "李四", "D002", "客服部");
    let refused = failed_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    assert_eq!(refused["error"]["kind"], "chain_rewritten", "{refused}");

    // A bundle starts after what the group acknowledged; forget that, so the whole
    // chain travels, rewritten entry included (as a desk restored from a doctored copy).
    let conn = common::open_db(&a);
    conn.execute("DELETE FROM settings WHERE key = 'group.acked'", [])
        .unwrap();
    drop(conn);
    let whole = tmp.path().join("丁-全部.sdbundle");
    ok_json(&cli(
        &a,
        &[
            "bundle",
            "export",
            "--out",
            whole.to_str().unwrap(),
            "--json",
        ],
    ));
    let refused = failed_json(&group(&url, &["import", whole.to_str().unwrap()]));
    assert_eq!(refused["error"]["kind"], "chain_rewritten", "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("第 2 条"),
        "{refused}"
    );
    assert_eq!(
        count(&url, "SELECT count(*) FROM audit"),
        held,
        "nothing of the refused bundle stays"
    );
    assert_eq!(count(&url, "SELECT count(*) FROM agreements"), 1);
}

#[test]
fn a_gap_in_the_chain_is_refused_and_named() {
    let url = server::fresh_db("gap");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    desk(
        &a,
        "戊分公司",
        "客服部",
        &[("张三", "E001"), ("李四", "E002")],
    );
    sign(&a, "张三", "E001", "客服部");
    let a_url = register(&url, &a, "戊分公司");
    ok_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    // The group loses what it held of this site (a restored old database copy) …
    server::client(&url)
        .batch_execute(
            "SET session_replication_role = replica;
             DELETE FROM arrivals; DELETE FROM rosters; DELETE FROM voids;
             DELETE FROM agreements; DELETE FROM pdfs; DELETE FROM audit;",
        )
        .unwrap();
    // … so the desk's next bundle, starting after what was acknowledged, leaves a gap.
    sign(&a, "李四", "E002", "客服部");
    let file = tmp.path().join("戊.sdbundle");
    ok_json(&cli(
        &a,
        &[
            "bundle",
            "export",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    let refused = failed_json(&group(&url, &["import", file.to_str().unwrap()]));
    assert_eq!(refused["error"]["kind"], "chain_gap", "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("缺失"),
        "{refused}"
    );
    assert_eq!(count(&url, "SELECT count(*) FROM audit"), 0);
}
