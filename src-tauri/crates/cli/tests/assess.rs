//! `assess scheme|set|import|show|report|pdf` through the real binary, with the JSON
//! shapes scripts rely on, and `verify` naming a score changed in the database.

mod common;

use std::path::Path;

use common::*;

fn sign_person(data: &Path, name: &str, no: &str, dept: &str) -> String {
    let emp = data.join("emp.png");
    let dir_sig = data.join("dir.png");
    if !emp.exists() {
        std::fs::create_dir_all(data).unwrap();
        signature_png(data, "emp.png");
        signature_png(data, "dir.png");
    }
    let mut args = sign_args(name, &emp, &dir_sig);
    let d = args.iter().position(|a| a == "客服部").unwrap();
    args[d] = dept.to_string();
    args.extend(["--employee-no".to_string(), no.to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok_json(&cli(data, &args))["number"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn scheme_import_show_report_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    the_builtin_scheme_as_json(&data);

    let a = sign_person(&data, "张三", "K001", "客服部");
    let b = sign_person(&data, "李四", "K002", "客服部");
    let c = sign_person(&data, "王五", "K003", "营业厅");
    an_import_with_a_wrong_row_saves_nothing_then_a_right_one_saves_all(&data, tmp.path(), &a);
    show_gives_each_part_with_its_rule(&data, &c);
    a_correction_needs_a_reason_and_keeps_the_history(&data, &b);
    the_report_counts_per_department(&data);
    search_finds_by_result(&data, &a, &b, &c);
    the_result_page_is_sealed_with_every_font_embedded(&data, tmp.path(), &a);
    verify_names_a_score_changed_in_the_database(&data, &a);
}

fn the_builtin_scheme_as_json(data: &Path) {
    let scheme = ok_json(&cli(data, &["--json", "assess", "scheme", TEMPLATE]));
    assert_eq!(scheme["period"]["from"], "2018-01-01");
    assert_eq!(scheme["total"], 100.0);
    assert_eq!(scheme["reward_line"], 90.0);
    assert_eq!(scheme["parts"][0]["label"], "安全责任");
    assert_eq!(scheme["parts"][0]["points"], 60.0);
    assert_eq!(scheme["parts"][1]["key"], "part2");
    assert!(scheme["grades"].as_array().unwrap().is_empty());
    assert!(scheme["targets"].as_array().unwrap().is_empty());
}

fn an_import_with_a_wrong_row_saves_nothing_then_a_right_one_saves_all(
    data: &Path,
    tmp: &Path,
    a: &str,
) {
    // A wrong row: exit 1, the report on stdout, nothing saved.
    let file = tmp.join("考核.csv");
    std::fs::write(
        &file,
        "工号,姓名,安全责任,事故情况\nK001,张三,55,40\nK002,李四,70,10\nK009,赵六,50,40\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let r = failed_json(&cli(
        data,
        &["--json", "assess", "import", f, "--year", "2027"],
    ));
    assert_eq!(r["assessed"], 0);
    assert_eq!(r["errors"].as_array().unwrap().len(), 1);
    assert_eq!(r["errors"][0]["line"], 3);
    assert_eq!(r["unmatched"][0]["employee_no"], "K009");
    let none = cli(data, &["--json", "assess", "show", a]);
    assert_eq!(none.status.code(), Some(1));

    std::fs::write(
        &file,
        "工号,姓名,安全责任,事故情况\nK001,张三,55,40\n,李四,50,10\nK003,王五,58.5,38\n",
    )
    .unwrap();
    let r = ok_json(&cli(
        data,
        &[
            "--json",
            "assess",
            "import",
            f,
            "--year",
            "2027",
            "--template",
            TEMPLATE,
        ],
    ));
    assert_eq!(r["assessed"], 3);
    assert!(r["unmatched"].as_array().unwrap().is_empty());
    assert!(r["errors"].as_array().unwrap().is_empty());
}

fn show_gives_each_part_with_its_rule(data: &Path, c: &str) {
    let s = ok_json(&cli(data, &["--json", "assess", "show", c]));
    assert_eq!(s["number"], c);
    assert_eq!(s["score"], 96.5);
    assert_eq!(s["parts"][0]["label"], "安全责任");
    assert_eq!(s["parts"][0]["points"], 58.5);
    assert!(s["parts"][0]["rule"].as_str().unwrap().contains("满分 60"));
}

fn a_correction_needs_a_reason_and_keeps_the_history(data: &Path, b: &str) {
    let out = cli(
        data,
        &[
            "--json",
            "assess",
            "set",
            b,
            "--value",
            "安全责任=52",
            "--value",
            "事故情况=10",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["error"]["kind"], "assess_reason_missing");
    let s = ok_json(&cli(
        data,
        &[
            "--json",
            "assess",
            "set",
            b,
            "--value",
            "安全责任=52",
            "--value",
            "事故情况=10",
            "--reason",
            "复核后更正",
        ],
    ));
    assert_eq!(s["score"], 62.0);
    assert_eq!(s["version"], 2);
    assert_eq!(s["history"].as_array().unwrap().len(), 2);
}

fn the_report_counts_per_department(data: &Path) {
    let r = ok_json(&cli(
        data,
        &["--json", "assess", "report", "--year", "2027"],
    ));
    assert_eq!(r["year"], 2027);
    assert_eq!(r["signed"], 3);
    assert_eq!(r["assessed"], 3);
    let deps = r["departments"].as_array().unwrap();
    let kefu = deps.iter().find(|d| d["department"] == "客服部").unwrap();
    assert_eq!(kefu["signed"], 2);
    assert_eq!(kefu["assessed"], 2);
    assert_eq!(kefu["mean"], 78.5);
    assert_eq!(kefu["above_reward"], 1);
    assert_eq!(kefu["below_pass"], 0);
}

/// Below the pass line, at or above the reward line, unassessed (a fourth person,
/// signed now).
fn search_finds_by_result(data: &Path, a: &str, b: &str, c: &str) {
    let (a, b, c) = (a.to_string(), b.to_string(), c.to_string());
    let d = sign_person(data, "赵六", "K004", "营业厅");
    let numbers = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--json", "search", "--year", "2027"];
        a.extend_from_slice(args);
        ok_json(&cli(data, &a))["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["number"].as_str().unwrap().to_string())
            .collect()
    };
    let mut high = numbers(&["--score-min", "90"]);
    high.sort();
    assert_eq!(high, vec![a.clone(), c.clone()]);
    assert_eq!(numbers(&["--score-max", "62"]), vec![b.clone()]);
    assert_eq!(
        numbers(&["--score-min", "62", "--score-max", "62"]),
        vec![b.clone()]
    );
    assert_eq!(numbers(&["--assessed", "no"]), vec![d.clone()]);
    assert_eq!(numbers(&["--assessed", "yes"]).len(), 3);
    assert_eq!(numbers(&["张三", "--assessed", "yes"]), vec![a.clone()]);
    let bad = cli(data, &["--json", "search", "--score-min", "九十"]);
    assert_eq!(bad.status.code(), Some(1));
}

/// The result page passes the same checks as agreements.
fn the_result_page_is_sealed_with_every_font_embedded(data: &Path, tmp: &Path, a: &str) {
    let pdf = tmp.join("结果.pdf");
    ok(&cli(
        data,
        &["assess", "pdf", a, "--out", pdf.to_str().unwrap()],
    ));
    let sig = std::process::Command::new("pdfsig")
        .arg(&pdf)
        .output()
        .unwrap();
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(sig.contains("Signature is Valid."), "{sig}");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded:\n{fonts}"
    );
}

fn verify_names_a_score_changed_in_the_database(data: &Path, a: &str) {
    let v = ok_json(&cli(data, &["--json", "verify"]));
    assert_eq!(v["ok"], true, "{v}");

    // A score changed behind the app's back is named.
    let db = open_db(data);
    db.execute_batch("DROP TRIGGER assessments_never_update")
        .unwrap();
    db.execute(
        "UPDATE assessments SET score = '100', score_value = 100
         WHERE agreement_id = (SELECT id FROM agreements WHERE number = ?1)",
        [a],
    )
    .unwrap();
    drop(db);
    let v = failed_json(&cli(data, &["--json", "verify"]));
    let p = problems(&v);
    assert!(
        p.contains(&("assessment_score_mismatch".into(), a.to_string())),
        "{p:?}"
    );
}
