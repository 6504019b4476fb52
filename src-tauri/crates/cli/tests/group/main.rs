//! The group archive end to end (issue 25), with the real `signdesk-cli`, real desk
//! archives and a real PostgreSQL server: two desks sign in their own archives; one
//! syncs online, the other's bundle is carried over; the group finds agreements of
//! both, counts coverage, and names a PDF changed inside its database; a bundle from
//! an unregistered desk, a rewritten history and a gap are refused and leave nothing.

#[path = "../common/mod.rs"]
mod common;
mod server;

use std::path::Path;

use common::{cli, failed_json, ok_json};
use serde_json::Value;

/// A desk archive for `org` whose 2027 ceremony roster is `people` (name, number).
fn desk(data: &Path, org: &str, department: &str, people: &[(&str, &str)]) {
    let mut desk = signdesk_core::Desk::create(data, org, common::PASSPHRASE).unwrap();
    let c = desk
        .ceremony_create(&signdesk_core::ceremony::CeremonyInput {
            template_id: common::TEMPLATE.into(),
            version: None,
            year: 2027,
            title: None,
            values: Default::default(),
            bindings: Default::default(),
            org_signers: [("director".to_string(), "周总监".to_string())].into(),
            countersign: signdesk_core::Countersign::Each,
        })
        .unwrap();
    let mut roster = String::from("姓名,工号,部门\n");
    for (name, no) in people {
        roster.push_str(&format!("{name},{no},{department}\n"));
    }
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        roster.as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )
    .unwrap();
}

/// Signs a 2027 agreement for `name` (`no`) at the desk in `data`; answers its number.
fn sign(data: &Path, name: &str, no: &str, department: &str) -> String {
    let emp = common::signature_png(data, "emp.png");
    let dir = common::signature_png(data, "dir.png");
    let mut args = common::sign_args(name, &emp, &dir);
    args.extend(["--employee-no".into(), no.into()]);
    let pos = args.iter().position(|a| a == "客服部").unwrap();
    args[pos] = department.into();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ok_json(&cli(data, &args));
    out["number"].as_str().unwrap().to_string()
}

fn group(url: &str, args: &[&str]) -> std::process::Output {
    common::bin()
        .arg("group")
        .arg("--url")
        .arg(url)
        .args(args)
        .arg("--json")
        .output()
        .unwrap()
}

/// Registers the desk in `data` as site `name`; answers its role's connection string.
fn register(url: &str, data: &Path, name: &str) -> String {
    let pem = data.join("root.pem");
    ok_json(&cli(
        data,
        &[
            "seal",
            "export-root",
            "--out",
            pem.to_str().unwrap(),
            "--json",
        ],
    ));
    let added = ok_json(&group(
        url,
        &[
            "site",
            "add",
            "--name",
            name,
            "--root",
            pem.to_str().unwrap(),
        ],
    ));
    assert_eq!(added["name"], name);
    server::as_user(
        url,
        added["db_role"].as_str().unwrap(),
        added["password"].as_str().unwrap(),
    )
}

fn init(url: &str) {
    assert_eq!(
        ok_json(&group(url, &["init"]))["schema"],
        signdesk_group::schema::VERSION
    );
}

fn count(url: &str, sql: &str) -> i64 {
    server::client(url).query_one(sql, &[]).unwrap().get(0)
}

fn hits(found: &Value) -> Vec<(String, String)> {
    found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["site"].as_str().unwrap().to_string(),
                h["signer"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn two_desks_feed_one_group_archive_that_finds_counts_and_verifies() {
    let url = server::fresh_db("two_desks");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    desk(
        &a,
        "甲分公司",
        "客服部",
        &[("张三", "A001"), ("李四", "A002"), ("王五", "A003")],
    );
    desk(
        &b,
        "乙分公司",
        "生产部",
        &[("赵六", "B001"), ("钱七", "B002")],
    );
    let zhang = sign(&a, "张三", "A001", "客服部");
    sign(&a, "李四", "A002", "客服部");
    sign(&b, "赵六", "B001", "生产部");
    let a_url = register(&url, &a, "甲分公司");
    register(&url, &b, "乙分公司");

    // 张三's result of the year, before desk A goes online.
    ok_json(&cli(
        &a,
        &[
            "assess",
            "set",
            &zhang,
            "--value",
            "安全责任=52",
            "--value",
            "事故情况=10",
            "--json",
        ],
    ));
    let shown = ok_json(&cli(&a, &["assess", "show", &zhang, "--json"]));

    // Desk A online.
    let synced = ok_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    assert_eq!(synced["sent"], 2, "{synced}");
    assert!(synced["head"]["entries"].as_i64().unwrap() > 2);
    let again = ok_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    assert_eq!(again["sent"], 0, "a second sync sends nothing new: {again}");

    // Desk B's bundle carried over.
    let file = tmp.path().join("乙.sdbundle");
    let exported = ok_json(&cli(
        &b,
        &[
            "bundle",
            "export",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(exported["agreements"], 1, "{exported}");
    assert_eq!(exported["file"], file.to_str().unwrap());
    let imported = ok_json(&group(&url, &["import", file.to_str().unwrap()]));
    assert_eq!(
        (imported["added"].as_i64(), imported["unchanged"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        imported["head"], exported["head"],
        "the group holds B's chain up to the bundle's head"
    );
    let twice = ok_json(&group(&url, &["import", file.to_str().unwrap()]));
    assert_eq!(
        (twice["added"].as_i64(), twice["unchanged"].as_i64()),
        (Some(0), Some(1))
    );

    // The group view finds both desks' agreements.
    let found = ok_json(&group(&url, &["search", "张三"]));
    assert_eq!(found["total"], 1);
    assert_eq!(hits(&found), [("甲分公司".to_string(), "张三".to_string())]);
    assert_eq!(found["hits"][0]["number"], zhang.as_str());
    assert_eq!(
        hits(&ok_json(&group(&url, &["search", "zs"]))).len(),
        1,
        "initials"
    );
    assert_eq!(
        hits(&ok_json(&group(&url, &["search", "zhaoliu"]))),
        [("乙分公司".into(), "赵六".into())]
    );
    assert_eq!(
        hits(&ok_json(&group(&url, &["search", "B001"]))),
        [("乙分公司".into(), "赵六".into())]
    );
    assert_eq!(
        hits(&ok_json(&group(&url, &["search", "四"]))),
        [("甲分公司".into(), "李四".into())]
    );
    assert_eq!(
        ok_json(&group(&url, &["search", "--year", "2027"]))["total"],
        3
    );
    assert_eq!(
        ok_json(&group(&url, &["search", "--year", "2026"]))["total"],
        0
    );
    assert_eq!(
        ok_json(&group(&url, &["search", "--site", "乙分公司"]))["total"],
        1
    );
    assert_eq!(
        ok_json(&group(
            &url,
            &["search", "--department", "客服部", "--year", "2027"]
        ))["total"],
        2
    );

    // 签订率 per site and department, with who is missing.
    let cov = ok_json(&group(&url, &["coverage", "--year", "2027"]));
    assert_eq!(
        cov["sites"],
        serde_json::json!([
            {"site": "乙分公司", "departments": [
                {"department": "生产部", "people": 2, "signed": 1, "missing": ["钱七"]}]},
            {"site": "甲分公司", "departments": [
                {"department": "客服部", "people": 3, "signed": 2, "missing": ["王五"]}]},
        ]),
        "{cov}"
    );

    // The year's assessment per site and department, from the results that arrived.
    let report = ok_json(&group(&url, &["report", "--year", "2027"]));
    let depts = report["departments"].as_array().unwrap();
    let a_dept = depts.iter().find(|d| d["site"] == "甲分公司").unwrap();
    assert_eq!(
        (a_dept["signed"].as_i64(), a_dept["assessed"].as_i64()),
        (Some(2), Some(1)),
        "{report}"
    );
    let score: f64 = shown["score"]
        .as_str()
        .map_or_else(|| shown["score"].as_f64().unwrap(), |s| s.parse().unwrap());
    assert!(
        (a_dept["mean"].as_f64().unwrap() - score).abs() < 1e-9,
        "{report} vs {shown}"
    );
    let b_dept = depts.iter().find(|d| d["site"] == "乙分公司").unwrap();
    assert_eq!(
        (b_dept["assessed"].as_i64(), b_dept["mean"].as_f64()),
        (Some(0), None)
    );

    // The PDF out of the group archive is the desk's, seal and all.
    let pdf = tmp.path().join("out.pdf");
    ok_json(&group(
        &url,
        &[
            "pdf",
            "--site",
            "甲分公司",
            "--number",
            &zhang,
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let report = ok_json(&group(&url, &["verify"]));
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["agreements"], 3);

    // A PDF changed inside the group database is named.
    let mut c = server::client(&url);
    c.batch_execute(&format!(
        "SET session_replication_role = replica;
         UPDATE pdfs SET bytes = overlay(bytes placing '\\x25504446' :: bytea from 200)
         WHERE sha256 = (SELECT a.pdf_sha256 FROM agreements a JOIN sites s ON s.id = a.site_id
                         WHERE a.number = '{zhang}' AND s.name = '甲分公司')"
    ))
    .unwrap();
    let report = failed_json(&group(&url, &["verify"]));
    assert_eq!(report["ok"], false);
    let named: Vec<(&str, &str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap(),
                p["site"].as_str().unwrap(),
                p["number"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        named.contains(&("pdf_changed", "甲分公司", zhang.as_str())),
        "{report}"
    );
    assert!(
        named.iter().all(|(_, _, n)| *n == zhang),
        "only the changed one: {report}"
    );
}

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

#[test]
fn a_site_role_writes_only_its_own_rows_never_changes_any_and_a_viewer_only_reads() {
    let url = server::fresh_db("privileges");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    desk(&a, "甲站", "客服部", &[("张三", "A001")]);
    desk(&b, "乙站", "客服部", &[("李四", "B001")]);
    sign(&a, "张三", "A001", "客服部");
    sign(&b, "李四", "B001", "客服部");
    let a_url = register(&url, &a, "甲站");
    let b_url = register(&url, &b, "乙站");
    ok_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    ok_json(&cli(&b, &["sync", "--url", &b_url, "--json"]));
    let b_id: i32 = server::client(&url)
        .query_one("SELECT id FROM sites WHERE name = '乙站'", &[])
        .unwrap()
        .get(0);

    let mut site_a = server::client(&a_url);
    let seen: i64 = site_a
        .query_one("SELECT count(*) FROM agreements", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 1, "a site reads back only its own agreements");
    let other = site_a.execute(
        "INSERT INTO rosters(site_id, year, person_key, name, department) VALUES ($1, 2027, 'x', '冒名', '客服部')",
        &[&b_id],
    );
    assert!(other.is_err(), "a site cannot write another site's rows");
    for sql in [
        "UPDATE agreements SET signer = '改名'",
        "DELETE FROM agreements",
        "DELETE FROM audit",
        "UPDATE pdfs SET bytes = ''",
        "DROP TABLE agreements",
    ] {
        assert!(
            site_a.batch_execute(sql).is_err(),
            "{sql} must be refused to a site"
        );
    }

    let viewer = ok_json(&group(&url, &["viewer", "add", "--name", "group_viewer_t"]));
    let v_url = server::as_user(&url, "group_viewer_t", viewer["password"].as_str().unwrap());
    let mut v = server::client(&v_url);
    let all: i64 = v
        .query_one("SELECT count(*) FROM agreements", &[])
        .unwrap()
        .get(0);
    assert_eq!(all, 2, "the viewer reads every site");
    for sql in [
        "INSERT INTO rosters(site_id, year, person_key, name, department) VALUES (1, 2027, 'y', '某', '部')",
        "UPDATE agreements SET signer = '改名'",
        "DELETE FROM voids",
    ] {
        assert!(v.batch_execute(sql).is_err(), "{sql} must be refused to a viewer");
    }
    // And the viewer finds through the same CLI.
    assert_eq!(
        ok_json(&group(&v_url, &["search", "--year", "2027"]))["total"],
        2
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM agreements WHERE signer = '改名'"
        ),
        0
    );
}
