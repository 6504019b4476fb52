//! Two desks feed one group archive: one syncs online, the other's bundle is carried
//! over; the group finds agreements of both, counts coverage and results, hands out
//! the desks' PDFs, and names a PDF changed inside its database.

use std::path::Path;

use crate::common::{cli, failed_json, ok_json};
use crate::desks::{desk, group, hits, init, register, sign};
use crate::server;
use serde_json::Value;

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

    let shown = assess(&a, &zhang);
    desk_a_syncs_online(&a, &a_url);
    desk_b_bundle_is_carried_over(&url, &b, &tmp.path().join("乙.sdbundle"));
    the_group_finds_both_desks_agreements(&url, &zhang);
    coverage_and_results_per_department(&url, &shown);

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

    a_pdf_changed_in_the_group_is_named(&url, &zhang);
}

/// 张三's result of the year, before desk A goes online; answers it as shown.
fn assess(a: &Path, zhang: &str) -> Value {
    ok_json(&cli(
        a,
        &[
            "assess",
            "set",
            zhang,
            "--value",
            "安全责任=52",
            "--value",
            "事故情况=10",
            "--json",
        ],
    ));
    ok_json(&cli(a, &["assess", "show", zhang, "--json"]))
}

/// Desk A online: what it has is sent once.
fn desk_a_syncs_online(a: &Path, a_url: &str) {
    let synced = ok_json(&cli(a, &["sync", "--url", a_url, "--json"]));
    assert_eq!(synced["sent"], 2, "{synced}");
    assert!(synced["head"]["entries"].as_i64().unwrap() > 2);
    let again = ok_json(&cli(a, &["sync", "--url", a_url, "--json"]));
    assert_eq!(again["sent"], 0, "a second sync sends nothing new: {again}");
}

/// Desk B's bundle carried over, twice: the second time it adds nothing.
fn desk_b_bundle_is_carried_over(url: &str, b: &Path, file: &Path) {
    let exported = ok_json(&cli(
        b,
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
    let imported = ok_json(&group(url, &["import", file.to_str().unwrap()]));
    assert_eq!(
        (imported["added"].as_i64(), imported["unchanged"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        imported["head"], exported["head"],
        "the group holds B's chain up to the bundle's head"
    );
    let twice = ok_json(&group(url, &["import", file.to_str().unwrap()]));
    assert_eq!(
        (twice["added"].as_i64(), twice["unchanged"].as_i64()),
        (Some(0), Some(1))
    );
}

/// The group view finds both desks' agreements.
fn the_group_finds_both_desks_agreements(url: &str, zhang: &str) {
    let found = ok_json(&group(url, &["search", "张三"]));
    assert_eq!(found["total"], 1);
    assert_eq!(hits(&found), [("甲分公司".to_string(), "张三".to_string())]);
    assert_eq!(found["hits"][0]["number"], zhang);
    assert_eq!(
        hits(&ok_json(&group(url, &["search", "zs"]))).len(),
        1,
        "initials"
    );
    assert_eq!(
        hits(&ok_json(&group(url, &["search", "zhaoliu"]))),
        [("乙分公司".into(), "赵六".into())]
    );
    assert_eq!(
        hits(&ok_json(&group(url, &["search", "B001"]))),
        [("乙分公司".into(), "赵六".into())]
    );
    assert_eq!(
        hits(&ok_json(&group(url, &["search", "四"]))),
        [("甲分公司".into(), "李四".into())]
    );
    assert_eq!(
        ok_json(&group(url, &["search", "--year", "2027"]))["total"],
        3
    );
    assert_eq!(
        ok_json(&group(url, &["search", "--year", "2026"]))["total"],
        0
    );
    assert_eq!(
        ok_json(&group(url, &["search", "--site", "乙分公司"]))["total"],
        1
    );
    assert_eq!(
        ok_json(&group(
            url,
            &["search", "--department", "客服部", "--year", "2027"]
        ))["total"],
        2
    );
}

/// 签订率 per site and department, with who is missing; the year's assessment per
/// site and department, from the results that arrived.
fn coverage_and_results_per_department(url: &str, shown: &Value) {
    let cov = ok_json(&group(url, &["coverage", "--year", "2027"]));
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
    let report = ok_json(&group(url, &["report", "--year", "2027"]));
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
}

/// A PDF changed inside the group database is named, and only that one.
fn a_pdf_changed_in_the_group_is_named(url: &str, zhang: &str) {
    let mut c = server::client(url);
    c.batch_execute(&format!(
        "SET session_replication_role = replica;
         UPDATE pdfs SET bytes = overlay(bytes placing '\\x25504446' :: bytea from 200)
         WHERE sha256 = (SELECT a.pdf_sha256 FROM agreements a JOIN sites s ON s.id = a.site_id
                         WHERE a.number = '{zhang}' AND s.name = '甲分公司')"
    ))
    .unwrap();
    let report = failed_json(&group(url, &["verify"]));
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
        named.contains(&("pdf_changed", "甲分公司", zhang)),
        "{report}"
    );
    assert!(
        named.iter().all(|(_, _, n)| *n == zhang),
        "only the changed one: {report}"
    );
}
