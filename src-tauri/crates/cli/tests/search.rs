//! `signdesk-cli search`, `show` and `void` against a real archive.
#![allow(clippy::unwrap_used)]

mod seed;

use seed::*;

const ROWS: &[(&str, &str, &str, i32, u32, u32)] = &[
    ("张三", "E001", "客服部", 2026, 1, 2),
    ("张三", "E002", "工程部", 2027, 1, 2),
    ("张三丰", "E003", "客服部", 2027, 2, 3),
    ("李四", "E004", "工程部", 2027, 1, 2),
];

#[test]
fn search_prints_total_and_hits_in_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), ROWS);
    let (code, v) = json(dir.path(), &["search", "张三"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["total"], 3);
    let hits = v["hits"].as_array().unwrap();
    let keys: Vec<&str> = hits[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "id",
        "number",
        "signer",
        "year",
        "department",
        "title",
        "signed_at",
        "status",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(hits[0]["signer"], "张三");
    assert_eq!(hits[2]["signer"], "张三丰");
    assert_eq!(hits[0]["status"], "signed");

    let (_, v) = json(
        dir.path(),
        &["search", "zs", "--year", "2027", "--department", "工程部"],
    );
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["number"], "SD-2027-000001");
    let (_, v) = json(dir.path(), &["search", "E004"]);
    assert_eq!(v["hits"][0]["signer"], "李四");
    let (_, v) = json(
        dir.path(),
        &["search", "消防通道", "--limit", "2", "--offset", "1"],
    );
    assert_eq!(
        (v["total"].as_i64(), v["hits"].as_array().unwrap().len()),
        (Some(4), 2)
    );
    let (_, v) = json(
        dir.path(),
        &["search", "--template", "test-kefu", "--year", "2026"],
    );
    assert_eq!(v["total"], 1);
}

#[test]
fn hostile_queries_and_bad_filters() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), ROWS);
    for q in [
        "\"",
        "NEAR(",
        "*",
        "张三 OR 李四",
        "\u{202E}张三",
        "'; DROP TABLE agreements; --",
    ] {
        let (code, v) = json(dir.path(), &["search", q]);
        assert_eq!(code, Some(0), "{q:?}: {v}");
        assert!(v["total"].is_number());
    }
    let (code, v) = json(dir.path(), &["search", &"长".repeat(200)]);
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["kind"], "query_too_long");
    let (code, v) = json(dir.path(), &["search", "x", "--status", "maybe"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["kind"], "invalid_status");
    assert!(v["error"]["message"].as_str().unwrap().contains("状态"));
}

#[test]
fn show_and_void() {
    let dir = tempfile::tempdir().unwrap();
    let ids = seed(dir.path(), ROWS);
    let id = ids[0].to_string();
    let pdf = dir.path().join("a.pdf");
    let (code, v) = json(dir.path(), &["show", &id, "--pdf", pdf.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(
        (
            v["signer"].as_str(),
            v["status"].as_str(),
            v["copies"].as_u64()
        ),
        (Some("张三"), Some("signed"), Some(2))
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let (code, v) = json(dir.path(), &["void", &id, "--reason", "签错人"]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["status"], "voided");
    assert_eq!(v["void"]["reason"], "签错人");
    let (code, v) = json(dir.path(), &["void", &id, "--reason", "再来"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["kind"], "already_voided");
    let (_, v) = json(dir.path(), &["search", "张三", "--status", "voided"]);
    assert_eq!(v["total"], 1);
    let (_, v) = json(dir.path(), &["search", "张三", "--status", "signed"]);
    assert_eq!(v["total"], 2);
    let (code, v) = json(dir.path(), &["show", "9999"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["kind"], "not_found");
}
