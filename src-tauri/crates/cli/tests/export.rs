//! `signdesk-cli export` writes the files and a manifest whose hashes match.
#![allow(clippy::unwrap_used)]

mod seed;

use seed::*;

#[test]
fn export_a_year_with_manifest() {
    let dir = tempfile::tempdir().unwrap();
    seed(
        dir.path(),
        &[
            ("张三", "E1", "客服部", 2027, 1, 2),
            ("a/b:*", "E2", "../CON", 2027, 1, 2),
            ("李四", "E3", "客服部", 2026, 1, 2),
        ],
    );
    let out = dir.path().join("导出");
    let (code, v) = json(
        dir.path(),
        &["export", "--year", "2027", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["files"], 2);
    let folder = std::path::PathBuf::from(v["folder"].as_str().unwrap());
    assert!(folder.starts_with(&out));
    let manifest = std::fs::read_to_string(folder.join("manifest.csv")).unwrap();
    let manifest = manifest.trim_start_matches('\u{FEFF}');
    // header, two agreements, and the audit chain's head (`verify --anchor` reads it)
    assert_eq!(manifest.lines().count(), 4);
    assert!(manifest.lines().last().unwrap().starts_with("存证链位置,"));
    for line in manifest.lines().skip(1).take(2) {
        let cols: Vec<&str> = line.split(',').collect();
        let bytes = std::fs::read(folder.join(cols[0])).unwrap();
        let sha = signdesk_archive::agreements::sha256_hex(&bytes);
        assert_eq!(sha, cols[1]);
    }
    let paths: Vec<&str> = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"2027/客服部/张三-客服部安全目标责任书-SD-2027-000001.pdf"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"2027/_._CON/a_b__-客服部安全目标责任书-SD-2027-000002.pdf"),
        "{paths:?}"
    );
    let (code, v) = json(
        dir.path(),
        &["export", "--year", "2099", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["kind"], "empty_selection");
}
