//! `signdesk-cli roster import` and `people list` against a real on-disk archive:
//! a roster with one bad row saves nobody; next year's roster keeps everyone's id.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../roster/tests/fixtures");

/// Every roster command here runs with `--json`.
fn cli(data: &Path, args: &[&str]) -> Output {
    common::cli(data, &[args, &["--json"]].concat())
}

fn ok(out: Output) -> Value {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(kind, message)` of a failed command (exit 1).
fn failed(out: Output) -> (String, String) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        v["error"]["kind"].as_str().unwrap().to_string(),
        v["error"]["message"].as_str().unwrap().to_string(),
    )
}

fn people_count(data: &Path) -> i64 {
    ok(cli(data, &["info"]))["counts"]["people"]
        .as_i64()
        .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(data: &Path, file: &Path, commit: bool) -> Output {
    let mut args = vec!["roster", "import", file.to_str().unwrap()];
    if commit {
        args.push("--commit");
    }
    cli(data, &args)
}

/// `employee_no → (id, name, department)` from `people list`.
fn people(data: &Path) -> Vec<(String, i64, String, String)> {
    let v = ok(cli(data, &["people", "list"]));
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["employee_no"].as_str().unwrap_or("").to_string(),
                p["id"].as_i64().unwrap(),
                p["name"].as_str().unwrap().to_string(),
                p["department"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn preview_saves_nothing_and_shows_rows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let f = write(
        dir.path(),
        "名单.csv",
        "姓名,工号,部门\n张三,1001,客服部\n".as_bytes(),
    );
    let v = ok(import(&data, &f, false));
    assert_eq!(v["saved"], 0);
    assert_eq!(v["preview"]["file_name"], "名单.csv");
    assert_eq!(v["preview"]["rows"][0]["name"], "张三");
    assert_eq!(v["preview"]["rows"][0]["line"], 2);
    assert_eq!(people_count(&data), 0);
}

#[test]
fn a_roster_with_one_bad_row_saves_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let before = people_count(&data);
    let f = write(
        dir.path(),
        "名单.csv",
        "姓名,工号,部门,岗位\n张三,1001,客服部,专员\n李四,1002,客服部,专员\n,1003,客服部,专员\n王五,1004,客服部,专员\n"
            .as_bytes(),
    );
    // The preview names the bad row.
    let v = ok(import(&data, &f, false));
    assert_eq!(v["preview"]["errors_count"], 1);
    assert_eq!(v["preview"]["rows"][2]["line"], 4);
    assert_eq!(v["preview"]["rows"][2]["errors"][0]["kind"], "missing_name");
    // Committing is refused, and nobody — not even the three good rows — is saved.
    let (kind, message) = failed(import(&data, &f, true));
    assert_eq!(kind, "roster_has_errors");
    assert!(
        message.contains("1 行有错误") && message.contains("未保存"),
        "{message}"
    );
    assert_eq!(people_count(&data), before);
    assert!(people(&data).is_empty());

    // Duplicate employee numbers block saving too.
    let f = write(
        dir.path(),
        "dup.csv",
        "姓名,工号\n张三,1001\n李四,1001\n".as_bytes(),
    );
    let (kind, message) = failed(import(&data, &f, true));
    assert_eq!(kind, "roster_has_errors");
    assert!(message.contains("2 行有错误"), "{message}");
    assert_eq!(people_count(&data), before);
}

#[test]
fn next_years_roster_keeps_everyones_identity() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let y1 = write(
        dir.path(),
        "2026.csv",
        "姓名,工号,部门,岗位\n张三,1001,客服部,专员\n李四,1002,客服部,班长\n王五,1003,安全环保部,安全员\n"
            .as_bytes(),
    );
    let v = ok(import(&data, &y1, true));
    assert_eq!(
        (v["saved"].as_u64(), v["created"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(people_count(&data), 3);
    let first = people(&data);

    // A year later: another file type, columns reordered, full-width numbers typed
    // with an IME, 李四 moved department, 王五 left, 赵六 joined.
    let y2 = write(
        dir.path(),
        "2027.csv",
        "部门,姓名,员工编号\n客服部,张三,１００１\n燃气输配部,李四,1002\n客服部,赵六,1004\n"
            .as_bytes(),
    );
    let v = ok(import(&data, &y2, true));
    assert_eq!(
        (v["saved"].as_u64(), v["created"].as_u64()),
        (Some(3), Some(1))
    );
    let second = people(&data);
    assert_eq!(second.len(), 4);
    let id = |list: &[(String, i64, String, String)], no: &str| {
        list.iter().find(|p| p.0 == no).unwrap().clone()
    };
    assert_eq!(id(&second, "1001").1, id(&first, "1001").1);
    assert_eq!(id(&second, "1002").1, id(&first, "1002").1);
    assert_eq!(id(&second, "1002").3, "燃气输配部");
    assert_eq!(id(&second, "1003"), id(&first, "1003"));
    assert!(!first.iter().any(|p| p.1 == id(&second, "1004").1));

    // Importing the very same file again changes nothing.
    let v = ok(import(&data, &y2, true));
    assert_eq!(v["created"], 0);
    assert_eq!(people(&data), second);
    // And pinyin is computed for search.
    let list = ok(cli(&data, &["people", "list"]));
    let zs = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "张三")
        .unwrap();
    assert_eq!(
        (zs["pinyin"].as_str(), zs["initials"].as_str()),
        (Some("zhangsan"), Some("zs"))
    );
}

#[test]
fn excel_and_gbk_files_import() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let xlsx = PathBuf::from(FIXTURES).join("roster_title.xlsx");
    let v = ok(import(&data, &xlsx, true));
    assert_eq!(v["saved"], 3);
    assert_eq!(v["preview"]["encoding"], "Excel (.xlsx)");
    let gbk = PathBuf::from(FIXTURES).join("roster_gbk.csv");
    let v = ok(import(&data, &gbk, true));
    assert_eq!(v["preview"]["encoding"], "GBK/GB18030");
    assert_eq!(v["preview"]["rows"][2]["name"], "单雄信");
    let names: Vec<String> = people(&data).into_iter().map(|p| p.2).collect();
    assert!(names.contains(&"欧阳娜娜".to_string()) && names.contains(&"单雄信".to_string()));
    assert_eq!(people_count(&data), 6);
}

#[test]
fn unreadable_files_fail_with_their_kind() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cases: Vec<(PathBuf, &str)> = vec![
        (write(dir.path(), "empty.csv", b""), "roster_empty"),
        (
            write(dir.path(), "a.pdf", b"%PDF-1.7\n"),
            "roster_unsupported_type",
        ),
        (
            write(dir.path(), "huge.csv", &vec![b'a'; 5 * 1024 * 1024 + 1]),
            "roster_too_large",
        ),
        (
            write(dir.path(), "bad.xlsx", b"PK\x03\x04junk"),
            "roster_corrupt_xlsx",
        ),
        (
            write(dir.path(), "noheader.csv", "张三,1001\n".as_bytes()),
            "roster_missing_name_column",
        ),
        (dir.path().join("missing.csv"), "file_unreadable"),
    ];
    for (file, want) in cases {
        let (kind, message) = failed(import(&data, &file, true));
        assert_eq!(kind, want, "{}: {message}", file.display());
    }
    assert_eq!(people_count(&data), 0);
}

#[test]
fn text_output_lists_the_errors_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let f = write(
        dir.path(),
        "a.csv",
        "姓名,工号\n张\u{202E}三,1\n".as_bytes(),
    );
    let out = common::bin()
        .arg("--data")
        .arg(&data)
        .args(["roster", "import", f.to_str().unwrap(), "--commit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("第 2 行") && stdout.contains("U+202E"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("未保存任何人员"));
}

/// The progress bar of a long import is for a terminal: piped, the text is all there
/// is (and with `--json`, the JSON).
#[test]
fn a_piped_import_draws_no_progress_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = write(
        tmp.path(),
        "名单.csv",
        "姓名,工号\n张三,E001\n李四,E002\n".as_bytes(),
    );
    ok(cli(&data, &["info"])); // the archive is made (and said so on stderr) first
    let out = common::cli(
        &data,
        &["roster", "import", file.to_str().unwrap(), "--commit"],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("已保存 2 人"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
