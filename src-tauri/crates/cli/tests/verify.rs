//! `signdesk-cli verify` on a real archive made by `signdesk-cli sign`, tampered with
//! the way an attacker holding the file would: drop the schema's protecting trigger,
//! then change the rows directly.

mod common;

use std::path::Path;
use std::process::Command;

use common::{cli, failed_json, ok_json, open_db, problems, sign};
use signdesk_archive::Connection;

/// Opens the archive behind the CLI's back and drops one protecting trigger.
fn attacker(data: &Path, trigger: &str) -> Connection {
    let conn = open_db(data);
    conn.execute_batch(&format!("DROP TRIGGER {trigger}"))
        .unwrap();
    conn
}

#[test]
fn a_clean_archive_verifies_and_the_check_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sign(data, "张三");
    sign(data, "李四");
    let out = cli(data, &["verify", "--json"]);
    let report = ok_json(&out);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checked"], 2);
    assert!(report["problems"].as_array().unwrap().is_empty());

    let conn = open_db(data);
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE event = 'verified' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("\"checked\":2"), "{detail}");
    // The verified entry itself keeps the chain whole.
    assert_eq!(ok_json(&cli(data, &["verify", "--json"]))["ok"], true);
}

#[test]
fn a_flipped_byte_in_a_stored_pdf_is_named_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let first = sign(data, "张三");
    let second = sign(data, "李四");
    let number = second["number"].as_str().unwrap().to_string();

    let conn = attacker(data, "agreements_never_update");
    let mut pdf: Vec<u8> = conn
        .query_row(
            "SELECT pdf FROM agreements WHERE number = ?1",
            [&number],
            |r| r.get(0),
        )
        .unwrap();
    let at = pdf.len() / 4;
    pdf[at] ^= 1;
    conn.execute(
        "UPDATE agreements SET pdf = ?1 WHERE number = ?2",
        (&pdf, &number),
    )
    .unwrap();
    drop(conn);

    let report = failed_json(&cli(data, &["verify", "--json"]));
    assert_eq!(report["ok"], false);
    assert_eq!(report["checked"], 2);
    let found = problems(&report);
    assert!(
        found.contains(&("pdf_hash_mismatch".into(), number.clone())),
        "{report}"
    );
    assert!(
        found.contains(&("seal_invalid".into(), number.clone())),
        "{report}"
    );
    let untouched = first["number"].as_str().unwrap();
    assert!(
        found.iter().all(|(_, id)| id != untouched),
        "only the tampered agreement is named: {report}"
    );
    for p in report["problems"].as_array().unwrap() {
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| c > '\u{2E80}'),
            "Chinese detail: {p}"
        );
    }

    // poppler agrees: the PDF's own signature no longer matches its bytes.
    let file = dir.path().join("tampered.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = Command::new("pdfsig")
        .arg(&file)
        .output()
        .expect("pdfsig installed");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Digest Mismatch"), "pdfsig said:\n{text}");
}

#[test]
fn a_deleted_audit_entry_is_named_by_seq() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sign(data, "张三");
    sign(data, "李四");
    let conn = attacker(data, "audit_never_delete");
    let (seq, max): (i64, i64) = conn
        .query_row("SELECT min(seq) + 2, max(seq) FROM audit", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(seq < max);
    conn.execute("DELETE FROM audit WHERE seq = ?1", [seq])
        .unwrap();
    drop(conn);

    let report = failed_json(&cli(data, &["verify", "--json"]));
    let found = problems(&report);
    let next = (seq + 1).to_string();
    assert!(
        found.contains(&("audit_chain".into(), next.clone())),
        "the entry after the gap is named: {report}"
    );
    let detail = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "audit_chain")
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains(&seq.to_string()), "{detail}");
}

#[test]
fn a_changed_record_gives_a_content_hash_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let a = sign(data, "张三");
    let b = sign(data, "李四");
    let c = sign(data, "王五");
    let (na, nb, nc) = (
        a["number"].as_str().unwrap(),
        b["number"].as_str().unwrap(),
        c["number"].as_str().unwrap(),
    );
    let conn = attacker(data, "agreements_never_update");
    conn.execute(
        "UPDATE agreements SET signer_name = '赵六' WHERE number = ?1",
        [na],
    )
    .unwrap();
    conn.execute(
        "UPDATE agreements SET signed_text = replace(signed_text, '安全', '不安全') WHERE number = ?1",
        [nb],
    )
    .unwrap();
    // A careful attacker also recomputes the stored content hash; the hash recorded
    // in the audit entry of the signing still gives it away.
    let (slug, version, text, values): (String, u32, String, String) = conn
        .query_row(
            "SELECT t.slug, v.version, a.signed_text, a.values_json FROM agreements a
             JOIN template_versions v ON v.id = a.template_version_id
             JOIN templates t ON t.id = v.template_id WHERE a.number = ?1",
            [nc],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let mut st = conn
        .prepare(
            "SELECT s.role_key, s.png FROM signatures s JOIN agreements a ON a.id = s.agreement_id
             WHERE a.number = ?1 ORDER BY s.id",
        )
        .unwrap();
    let sigs: Vec<(String, Vec<u8>)> = st
        .query_map([nc], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(st);
    let forged = signdesk_core::signing::content_sha256(
        &slug,
        version,
        &text,
        &values,
        "孙七",
        sigs.iter().map(|(k, p)| (k.as_str(), p.as_slice())),
    );
    conn.execute(
        "UPDATE agreements SET signer_name = '孙七', content_sha256 = ?1 WHERE number = ?2",
        (&forged, nc),
    )
    .unwrap();
    drop(conn);

    let report = failed_json(&cli(data, &["verify", "--json"]));
    let found = problems(&report);
    for n in [na, nb] {
        assert!(
            found.contains(&("content_hash_mismatch".into(), n.to_string())),
            "{n}: {report}"
        );
    }
    assert!(
        found.contains(&("audit_mismatch".into(), nc.to_string())),
        "{report}"
    );
    assert!(
        !found
            .iter()
            .any(|(k, _)| k == "pdf_hash_mismatch" || k == "seal_invalid"),
        "the PDFs themselves are untouched: {report}"
    );
}

#[test]
fn a_sound_archive_that_cannot_record_the_check_is_busy_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sign(data, "张三");
    let writer = open_db(data);
    writer.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let out = cli(data, &["verify", "--json"]);
    writer.execute_batch("ROLLBACK").unwrap();
    let v = failed_json(&out);
    assert_eq!(v["error"]["kind"], "archive_busy", "{v}");
    assert_eq!(ok_json(&cli(data, &["verify", "--json"]))["ok"], true);
}
