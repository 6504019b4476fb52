//! `signdesk-cli template …` on a real archive.

mod common;
use common::{cli, ok_json as json};

const PLEDGE: &str = "岗位安全承诺书
为落实安全生产责任制，本人郑重承诺：
第一条 遵守公司各项安全规章制度。
第二条 按规定佩戴劳动防护用品。
（一）进入作业区必须戴安全帽；
（二）高处作业必须系安全带。
第三条 发现隐患立即报告。
本承诺书一式两份，自签订之日起生效。
承诺人（签字）：__________
日期：____年__月__日
";

#[test]
fn a_new_archive_lists_the_built_in_templates() {
    let dir = tempfile::tempdir().unwrap();
    let list = json(&cli(dir.path(), &["template", "list", "--json"]));
    let list = list.as_array().unwrap();
    assert!(list.len() >= 10, "built-ins installed: {}", list.len());
    assert!(list
        .iter()
        .all(|t| t["builtin"] == true && t["latest_version"] == 1));
    assert!(list.iter().any(|t| t["title"] == "客服部安全目标责任书"));
    // Opening again does not duplicate them.
    let again = json(&cli(dir.path(), &["template", "list", "--json"]));
    assert_eq!(again.as_array().unwrap().len(), list.len());
}

#[test]
fn import_prints_the_detected_outline_and_stores_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("承诺书.txt");
    std::fs::write(&file, PLEDGE).unwrap();
    let t = json(&cli(
        dir.path(),
        &["template", "import", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(t["title"], "岗位安全承诺书");
    assert_eq!(t["copies"], 2);
    // 第X条 articles are sections (as the issue defines them); （一）（二） are clauses.
    let numbers: Vec<&str> = t["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["第一条", "第二条", "第三条"], "{t}");
    assert_eq!(t["clauses"].as_u64().unwrap(), 2, "{t}");
    assert_eq!(t["sections"][1]["clauses"], 2);
    let roles = t["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 1, "{t}");
    assert_eq!(roles[0]["signs"], "hand");
    let id = t["id"].as_str().unwrap();
    let shown = json(&cli(dir.path(), &["template", "show", id, "--json"]));
    assert_eq!(shown, t);
    let list = json(&cli(dir.path(), &["template", "list", "--json"]));
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == id && x["builtin"] == false));
}

#[test]
fn bad_files_are_refused_in_chinese_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = json(&cli(dir.path(), &["info", "--json"]));
    for (name, bytes, kind) in [
        // PDFs are read (issue #16): a broken one is named as such
        ("a.pdf", b"%PDF-1.4".to_vec(), "corrupt_pdf"),
        ("a.wps", b"\xd0\xcf\x11\xe0".to_vec(), "old_word_format"),
        ("a.rtf", b"{\\rtf1}".to_vec(), "unsupported_type"),
        ("empty.txt", Vec::new(), "empty"),
        ("fake.docx", b"not a zip at all".to_vec(), "corrupt_docx"),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        let out = cli(
            dir.path(),
            &["template", "import", f.to_str().unwrap(), "--json"],
        );
        assert_eq!(out.status.code(), Some(1), "{name}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["kind"], kind, "{name}: {v}");
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(
            msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese message: {msg}"
        );
    }
    let missing = cli(dir.path(), &["template", "import", "/no/such/file.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    let after = json(&cli(dir.path(), &["info", "--json"]));
    assert_eq!(before["counts"], after["counts"], "nothing stored");
}

/// A broken .docx is refused in Chinese only; zip's own words appear on standard
/// error just when `SIGNDESK_DEBUG` asks for them.
#[test]
fn a_broken_docx_is_refused_in_chinese_and_the_detail_is_shown_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("责任书.docx");
    std::fs::write(&file, b"this is not a zip archive").unwrap();
    let out = cli(dir.path(), &["template", "import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let err = stderr
        .lines()
        .find(|l| l.starts_with("错误："))
        .unwrap_or_else(|| panic!("no error line: {stderr}"));
    assert!(err.contains("无法读取 .docx 文件"), "{err}");
    assert!(
        signdesk_core::base::foreign_words(err).is_empty(),
        "no library words: {err}"
    );
    assert!(!stderr.contains("技术细节"), "{stderr}");
    let out = common::bin()
        .env("SIGNDESK_DEBUG", "1")
        .arg("--data")
        .arg(dir.path())
        .args(["template", "import", file.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("技术细节"), "{err}");
    assert!(
        !signdesk_core::base::foreign_words(&err).is_empty(),
        "{err}"
    );
}
