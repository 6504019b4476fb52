//! `signdesk-cli sign --batch`: a table of signers through the real binary. Every row
//! is checked before the first is signed; then each row is signed on its own.

mod common;

use common::{cli, failed_json, ok_json, signature_png, TEMPLATE};

#[test]
fn a_table_is_checked_whole_then_signed_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sheets = dir.path().join("表格");
    std::fs::create_dir_all(sheets.join("签名")).unwrap();
    signature_png(&sheets.join("签名"), "张三.png");
    signature_png(&sheets.join("签名"), "李四.png");
    signature_png(&sheets.join("签名"), "总监.png");
    common::blank_png(&sheets.join("签名"), "空白.png");
    let table = sheets.join("批量签署.csv");
    let out = dir.path().join("签好的");
    let run = |csv: &str| {
        std::fs::write(&table, csv).unwrap();
        cli(
            &data,
            &[
                "sign",
                "--batch",
                table.to_str().unwrap(),
                "--template",
                TEMPLATE,
                "--year",
                "2027",
                "--out",
                out.to_str().unwrap(),
                "--json",
            ],
        )
    };
    let header = "姓名,工号,部门,employee,director,name:director\n";

    // One row has a signature with no ink, one a file that is not there: nothing at
    // all is signed, and both rows are named with their line.
    let bad = format!(
        "{header}张三,E001,客服部,签名/张三.png,签名/总监.png,周总监\n\
         李四,E002,安全科,签名/空白.png,签名/总监.png,周总监\n\
         王五,E003,安全科,签名/没有.png,签名/总监.png,周总监\n"
    );
    let v = failed_json(&run(&bad));
    assert_eq!(
        (v["ok"].as_bool(), v["signed"].as_bool()),
        (Some(false), Some(false)),
        "{v}"
    );
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{v}");
    assert_eq!(
        (rows[0]["line"].as_u64(), rows[0]["error"]["kind"].as_str()),
        (Some(3), Some("bad_signature"))
    );
    assert_eq!(
        (rows[1]["line"].as_u64(), rows[1]["error"]["kind"].as_str()),
        (Some(4), Some("file_unreadable"))
    );
    assert!(
        rows[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("没有.png"),
        "{v}"
    );
    let info = ok_json(&cli(&data, &["info", "--json"]));
    assert_eq!(info["counts"]["agreements"], 0, "nothing signed");

    let good = format!(
        "{header}张三,E001,客服部,签名/张三.png,签名/总监.png,周总监\n\
         李四,E002,安全科,签名/李四.png,签名/总监.png,周总监\n\
         王五,E003,安全科,签名/张三.png,签名/总监.png,周总监\n"
    );
    let v = ok_json(&run(&good));
    assert_eq!(
        (v["ok"].as_bool(), v["signed"].as_bool()),
        (Some(true), Some(true)),
        "{v}"
    );
    let numbers: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["SD-2027-000001", "SD-2027-000002", "SD-2027-000003"]
    );
    for n in &numbers {
        let pdf = std::fs::read(out.join(format!("{n}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
    let found = ok_json(&cli(&data, &["search", "李四", "--json"]));
    assert_eq!(found["total"], 1, "{found}");
    let report = ok_json(&cli(&data, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");
}
