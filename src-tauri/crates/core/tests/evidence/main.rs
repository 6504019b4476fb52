//! Evidence that holds against whoever has the passphrase (issue 12): a history
//! rewritten inside the database — every later hash recomputed, so the chain itself
//! looks sound — fails against each anchor taken before: the head printed on a signed
//! agreement's record page, an export's manifest, a backup, a head written down. And the seals
//! are checked against a root exported earlier, not the one stored beside them.
//!
//! One test binary (`cargo test -p signdesk-core --test evidence`): `anchors` (the
//! record page, its QR code, a manifest, a backup, a written head against a rewritten
//! history), `seals` (the seal root and the seal key), `folders` (private files,
//! exports off the laptop); the forger's tool they share is here.

use sha2::{Digest, Sha256};
use signdesk_archive::{Archive, ArchiveError};
use signdesk_core::keyfile;

#[path = "../common/mod.rs"]
mod common;

mod anchors;
mod folders;
mod seals;

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
