//! Seeds a data folder with signed agreements straight through the archive crate
//! (signing itself is another command's job), so the CLI is tested on real rows.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use signdesk_archive::{
    agreements, templates, Archive, ArchiveError, NewAgreement, NewPerson, PersonRef,
};

pub const PASSPHRASE: &str = "测试口令 test 2027";

pub fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_signdesk-cli"));
    c.env("SIGNDESK_PASSPHRASE", PASSPHRASE)
        .env("SIGNDESK_ORG", "宁德新奥燃气有限公司");
    c
}

/// A minimal valid one-or-more-page PDF (ASCII only), written by hand.
pub fn tiny_pdf(pages: u32) -> Vec<u8> {
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let mut kids = Vec::new();
    for i in 0..pages {
        let content = format!("BT /F1 12 Tf 72 760 Td (page {}) Tj ET", i + 1);
        objs.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let content_id = objs.len();
        objs.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
        ));
        kids.push(format!("{} 0 R", objs.len()));
    }
    objs[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    );
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// `(name, employee_no, department, year, pages, copies)`; returns ids in order.
pub fn seed(data: &Path, rows: &[(&str, &str, &str, i32, u32, u32)]) -> Vec<i64> {
    // Let the CLI create and migrate the archive first, as a user would.
    assert!(cli()
        .args(["--data", data.to_str().unwrap(), "info"])
        .output()
        .unwrap()
        .status
        .success());
    let key = signdesk_core::keyfile::archive_key(data, PASSPHRASE).unwrap();
    let mut a = Archive::open_dir(data, &key).unwrap();
    let v = a
        .write(|tx| {
            let id = templates::insert(tx, "test-kefu", "客服部安全目标责任书", false)?;
            Ok::<_, ArchiveError>(
                templates::add_version(tx, id, "客服部安全目标责任书", "{}", "测试")?.0,
            )
        })
        .unwrap();
    let mut ids = Vec::new();
    for (name, no, dept, year, pages, copies) in rows {
        let number = agreements::next_number(a.read(), *year).unwrap();
        let new = NewAgreement {
            number,
            template_version_id: v,
            person: PersonRef::New(NewPerson {
                name: name.to_string(),
                employee_no: Some(no.to_string()),
                department: dept.to_string(),
                position: "员工".into(),
            }),
            signer_name: name.to_string(),
            department: dept.to_string(),
            year: *year,
            title: "客服部安全目标责任书".into(),
            signed_at: format!("{year}-03-01T09:00:00+08:00"),
            signed_text: format!("客服部安全目标责任书\n签约人：{name}\n营业厅消防通道保持畅通。"),
            values_json: "{}".into(),
            content_sha256: "0".repeat(64),
            pdf: tiny_pdf(*pages),
            pages: *pages,
            copies: *copies,
            operator: "测试员".into(),
            signatures: vec![],
        };
        ids.push(a.write(|tx| agreements::insert(tx, &new)).unwrap());
    }
    ids
}

pub fn json(data: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut full = vec!["--data", data.to_str().unwrap()];
    full.extend_from_slice(args);
    full.push("--json");
    let out = cli().args(&full).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), v)
}

pub fn pdfinfo_pages(path: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap()
}
