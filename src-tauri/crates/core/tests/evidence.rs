//! Evidence that holds against whoever has the passphrase (issue 12): a history
//! rewritten inside the database — every later hash recomputed, so the chain itself
//! looks sound — fails against each anchor taken before: the head printed on a signed
//! agreement's record page, an export's manifest, a backup, a head written down. And the seals
//! are checked against a root exported earlier, not the one stored beside them.

use sha2::{Digest, Sha256};
use signdesk_archive::{Archive, ArchiveError};
use signdesk_core::evidence::{root_from_pem, Anchor};
use signdesk_core::keyfile;
use signdesk_core::trust::VerifyOptions;

mod common;

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The forger's tool: the same hash the archive computes, applied from entry `from`
/// to the end after changing that entry's actor.
fn rewrite_history(dir: &std::path::Path, from: i64) {
    let key = keyfile::archive_key(dir, common::PASSPHRASE).unwrap();
    let mut a = Archive::open_dir(dir, &key).unwrap();
    a.write(|tx| {
        tx.execute_batch("DROP TRIGGER audit_never_update;")?;
        tx.execute(
            "UPDATE audit SET actor = '别人' WHERE seq = ?1",
            [from],
        )?;
        let mut rows: Vec<(i64, Vec<String>)> = Vec::new();
        {
            let mut st = tx.prepare(
                "SELECT seq, at, actor, event, subject, detail FROM audit WHERE seq >= ?1 ORDER BY seq",
            )?;
            let it = st.query_map([from], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    vec![
                        r.get::<_, String>(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ],
                ))
            })?;
            for row in it {
                rows.push(row?);
            }
        }
        let mut prev: String =
            tx.query_row("SELECT hash FROM audit WHERE seq = ?1", [from - 1], |r| r.get(0))?;
        for (seq, f) in rows {
            let mut h = Sha256::new();
            let seq_text = seq.to_string();
            for part in [prev.as_str(), &seq_text, &f[0], &f[1], &f[2], &f[3], &f[4]] {
                h.update((part.len() as u64).to_be_bytes());
                h.update(part.as_bytes());
            }
            let hash = format!("{:x}", h.finalize());
            tx.execute(
                "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
                (prev.as_str(), hash.as_str(), seq),
            )?;
            prev = hash;
        }
        Ok::<_, ArchiveError>(())
    })
    .unwrap();
}

#[test]
fn a_rewritten_history_fails_against_the_record_page_the_manifest_a_backup_and_a_written_head() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    let first = desk
        .sign(&common::request("张三", common::png(true)))
        .unwrap();
    desk.sign(&common::request("李四", common::png(true)))
        .unwrap();

    // The second agreement's record page carries the chain as it stood: the position
    // with its fingerprint, as someone would copy it off the paper.
    let text = pdftotext(&desk.agreement_pdf(first.id + 1).unwrap());
    let line = text
        .lines()
        .find(|l| l.starts_with("第 ") && l.contains("指纹"))
        .unwrap_or_else(|| panic!("no chain on the record page:\n{text}"));
    let (n, print) = line
        .trim_start_matches("第 ")
        .split_once(" 条 · 指纹 ")
        .unwrap();
    let printed = Anchor::parse(&format!("{n}:{print}"), "纸质协议").unwrap();
    assert!(printed.entries > 1);
    let whole = text
        .lines()
        .find(|l| l.len() == 64 && l.starts_with(&print.replace('-', "")[..16]))
        .unwrap_or_else(|| panic!("the whole hash is printed too:\n{text}"));
    assert!(whole.chars().all(|c| c.is_ascii_hexdigit()));

    let out = dir.path().join("export");
    let export = desk
        .export(&Default::default(), &out, &signdesk_core::Job::silent())
        .unwrap();
    let manifest = std::path::Path::new(&export.folder).join("manifest.csv");
    let from_manifest = Anchor::read(manifest.to_str().unwrap()).unwrap();
    let sdbak = dir.path().join("年底备份.sdbak");
    desk.backup(&sdbak, false, &signdesk_core::Job::silent())
        .unwrap();
    let from_backup = Anchor::read(sdbak.to_str().unwrap()).unwrap();
    assert_eq!(from_backup.source, "年底备份.sdbak");
    assert!(from_backup.entries > from_manifest.entries);
    let clean = desk.verify().unwrap();
    assert!(clean.ok, "{:?}", clean.problems);
    let written = Anchor::parse(
        &format!("{}:{}", clean.head.entries, clean.head.fingerprint),
        "抄下的指纹",
    )
    .unwrap();
    for anchor in [&printed, &from_manifest, &from_backup, &written] {
        let r = desk
            .verify_with(
                &VerifyOptions {
                    anchor: Some(anchor.clone()),
                    root_der: None,
                },
                &signdesk_core::Job::silent(),
            )
            .unwrap();
        assert!(r.ok, "{}: {:?}", anchor.source, r.problems);
    }
    drop(desk);

    // Entry 2 rewritten, and every hash after it recomputed.
    rewrite_history(&data, 2);
    let mut desk = common::desk(&data);
    let inside = desk.verify().unwrap();
    assert!(
        inside.ok,
        "the chain alone cannot see it: {:?}",
        inside.problems
    );
    for anchor in [&printed, &from_manifest, &from_backup, &written] {
        let r = desk
            .verify_with(
                &VerifyOptions {
                    anchor: Some(anchor.clone()),
                    root_der: None,
                },
                &signdesk_core::Job::silent(),
            )
            .unwrap();
        assert!(!r.ok, "{} did not catch the rewrite", anchor.source);
        let p = &r.problems[0];
        assert_eq!(p.kind, "anchor_mismatch", "{:?}", r.problems);
        assert_eq!(p.id, anchor.entries.to_string());
        assert!(p.detail.contains("改写"), "{}", p.detail);
    }
}

#[test]
fn seals_are_checked_against_a_root_exported_earlier() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(&dir.path().join("a"));
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let ours = root_from_pem(&desk.seal_root_pem().unwrap()).unwrap();
    let mut other_desk = common::desk(&dir.path().join("b"));
    let theirs = root_from_pem(&other_desk.seal_root_pem().unwrap()).unwrap();
    drop(other_desk);
    assert_eq!(root_from_pem("not a certificate"), None);

    let with = |desk: &mut signdesk_core::Desk, root: &[u8]| {
        desk.verify_with(
            &VerifyOptions {
                anchor: None,
                root_der: Some(root.to_vec()),
            },
            &signdesk_core::Job::silent(),
        )
        .unwrap()
    };
    assert!(with(&mut desk, &ours).ok);
    let r = with(&mut desk, &theirs);
    assert!(!r.ok);
    assert!(
        r.problems.iter().all(|p| p.kind == "seal_invalid"),
        "{:?}",
        r.problems
    );
    drop(desk);

    // The stored root swapped for another: the stored-root check follows the swap,
    // the root kept outside does not.
    let data = dir.path().join("a");
    let key = keyfile::archive_key(&data, common::PASSPHRASE).unwrap();
    let mut a = Archive::open_dir(&data, &key).unwrap();
    let hexed: String = theirs.iter().map(|b| format!("{b:02x}")).collect();
    a.write(|tx| signdesk_archive::settings::set(tx, "seal.root_cert", &hexed))
        .unwrap();
    drop(a);
    let mut desk = common::desk(&data);
    assert!(
        !desk.verify().unwrap().ok,
        "the swapped root does not seal these PDFs"
    );
    assert!(with(&mut desk, &ours).ok, "the exported root still holds");
}

/// `stat` as a user would run it: the data folder is the user's alone, and so is
/// every file in it and every backup.
#[cfg(unix)]
#[test]
fn the_data_folder_its_files_and_backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let backup = desk
        .backup(
            &dir.path().join("备份.sdbak"),
            false,
            &signdesk_core::Job::silent(),
        )
        .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the data folder");
    let mut files = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            files += 1;
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    assert!(files >= 3, "database, its WAL and the key file");
    assert_eq!(
        mode(std::path::Path::new(&backup.path)),
        0o600,
        "the backup"
    );
    drop(desk);

    // An archive made before (0755 / 0644) becomes private when it is opened.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let p = entry.unwrap().path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let desk = common::desk(&data);
    assert_eq!(mode(&data), 0o700);
    for name in ["signdesk.db", "signdesk.key"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }
    drop(desk);
}

/// The seal key's secret is derived from the master key and stored nowhere: nothing in
/// the settings table opens the sealed key. An archive made with the old layout (a
/// random secret beside the key) is re-sealed on its next signing.
#[test]
fn the_seal_key_does_not_open_from_the_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let plain = desk.installation().unwrap().signing_key_pkcs8_der.clone();
    drop(desk);

    let key = keyfile::archive_key(&data, common::PASSPHRASE).unwrap();
    let settings = |a: &Archive| -> Vec<(String, String)> {
        let conn = a.read();
        let mut st = conn.prepare("SELECT key, value FROM settings").unwrap();
        st.query_map([], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let unhex = |h: &str| -> Option<Vec<u8>> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
            .collect()
    };
    let mut a = Archive::open_dir(&data, &key).unwrap();
    let all = settings(&a);
    assert!(
        all.iter().all(|(k, _)| k != "seal.secret"),
        "no secret stored"
    );
    let sealed = unhex(&all.iter().find(|(k, _)| k == "seal.signing_key").unwrap().1).unwrap();
    for (k, v) in &all {
        for candidate in [unhex(v).unwrap_or_default(), v.as_bytes().to_vec()] {
            assert!(
                signdesk_seal::open_key(&sealed, &candidate).is_err(),
                "settings {k} opens the seal key"
            );
        }
    }
    let raw_db = std::fs::read(data.join("signdesk.db")).unwrap();
    assert!(
        !raw_db.windows(plain.len()).any(|w| w == plain.as_slice()),
        "the plain key is not in the file"
    );

    // The old layout: a random secret beside the key.
    let secret = signdesk_seal::random_secret();
    let old = signdesk_seal::seal_key(&plain, &secret);
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    a.write(|tx| {
        signdesk_archive::settings::set(tx, "seal.signing_key", &hex(&old))?;
        signdesk_archive::settings::set(tx, "seal.secret", &hex(&secret))?;
        Ok::<_, ArchiveError>(())
    })
    .unwrap();
    drop(a);
    let mut desk = common::desk(&data);
    desk.sign(&common::request("李四", common::png(true)))
        .unwrap();
    assert!(desk.verify().unwrap().ok);
    drop(desk);
    let a = Archive::open_dir(&data, &key).unwrap();
    assert!(
        settings(&a).iter().all(|(k, _)| k != "seal.secret"),
        "the old secret is gone after the re-seal"
    );
}

/// The last page of `pdf` as a PNG at `dpi`, then what zbarimg reads off it.
fn scan_record_page(pdf: &[u8], dpi: u32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let pages: u32 = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    let ok = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", &dpi.to_string(), "-f", &pages.to_string()])
        .args(["-l", &pages.to_string(), "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("record"))
        .status()
        .unwrap();
    assert!(ok.success());
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(dir.path().join("record.png"))
        .output()
        .expect("zbarimg (zbar-tools) is installed");
    assert!(out.status.success(), "no QR code found on the record page");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The QR code on the record page reads back (with a real decoder, off the page as
/// printed) as the agreement's number, content hash and chain position; resolving it
/// finds the agreement, and names what no longer matches once the archive changed.
#[test]
fn the_record_page_qr_code_resolves_a_paper_copy_against_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let second = desk
        .sign(&common::request("李四", common::png(true)))
        .unwrap();
    let a = desk.agreement(second.id).unwrap();
    let pdf = desk.agreement_pdf(second.id).unwrap();

    // 150 dpi: an ordinary office scan.
    let text = scan_record_page(&pdf, 150);
    let code = signdesk_base::ScanCode::parse(&text).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(code.number, a.number);
    assert_eq!(code.content_sha256, a.content_sha256);
    let page = pdftotext(&pdf);
    let signdesk_base::ChainPosition { entries: n, hash } = code.chain.clone().unwrap();
    assert!(page.contains(&format!("第 {n} 条")), "{page}");
    assert!(
        page.contains(&hash),
        "the printed chain hash is the one in the code"
    );

    let r = desk.resolve_scan(&text).unwrap();
    assert!(r.ok, "{:?}", r.problems);
    assert_eq!(r.agreement.as_ref().unwrap().id, second.id);
    // A scanner that types lower case with a line end still resolves.
    assert!(
        desk.resolve_scan(&format!("{}\n", text.to_lowercase()))
            .unwrap()
            .ok
    );

    // Another content for the same number, and a number not in the archive.
    let other = text.replacen(&code.content_sha256.to_uppercase(), &"AB".repeat(32), 1);
    let r = desk.resolve_scan(&other).unwrap();
    assert_eq!(
        r.problems[0].kind, "content_hash_mismatch",
        "{:?}",
        r.problems
    );
    let unknown = text.replacen(&a.number, "SD-2019-000007", 1);
    let r = desk.resolve_scan(&unknown).unwrap();
    assert!(!r.ok && r.agreement.is_none());
    assert_eq!(r.problems[0].kind, "scan_unknown");
    let e = desk.resolve_scan("https://example.invalid/x").unwrap_err();
    assert_eq!(e.kind(), "bad_argument");
    drop(desk);

    // The history behind the paper copy rewritten: its chain position no longer holds.
    assert!(n >= 2);
    rewrite_history(&data, 2);
    let desk = common::desk(&data);
    let r = desk.resolve_scan(&text).unwrap();
    assert!(!r.ok);
    assert_eq!(r.problems[0].kind, "anchor_mismatch", "{:?}", r.problems);
    assert_eq!(r.problems[0].id, n.to_string());
}

/// Exports and backups never default to the laptop's own folders: only to a removable
/// drive, or nowhere (the front end asks).
#[test]
fn exports_default_to_a_removable_drive_or_ask() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::desk(&dir.path().join("data"));
    match desk.default_export_dir().unwrap() {
        None => {}
        Some(d) => assert!(
            d.starts_with("/media/") || d.starts_with("/run/media/"),
            "{d} is not a removable drive"
        ),
    }
    for own in [dirs::document_dir(), dirs::home_dir()]
        .into_iter()
        .flatten()
    {
        assert_ne!(
            desk.default_export_dir().unwrap().as_deref(),
            Some(own.display().to_string().as_str())
        );
    }
}
