//! Ceremonies through the core API on a real archive on disk: roster, adopted and
//! per-agreement countersigning, kiosk lock (refusals in Rust, PIN, back-off,
//! surviving a restart), renewal, void and signing again.
//!
//! One test binary (`cargo test -p signdesk-core --test ceremony`): `kiosk` (the
//! locked desk and who may sign there), `check_step` (the previewed document is the
//! one stored), `countersigning` (`each` mode), `organiser` (creating, rosters,
//! blanks, renewal, void, people); the set-up they share is here.

use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::signing::SignatureInput;
use signdesk_core::Desk;

#[path = "../common/mod.rs"]
mod common;
use common::png;

mod check_step;
mod countersigning;
mod kiosk;
mod organiser;

const ROSTER: &str = "姓名,工号,部门,岗位\n张三,E001,客服部,坐席\n李四,E002,客服部,坐席\n欧阳娜娜,E003,客服部,班长\n";

fn sig(role: &str, ink: bool) -> SignatureInput {
    SignatureInput {
        role_key: role.into(),
        signer_name: None,
        png: png(ink),
        strokes_json: "[[[1,2,0.5],[3,4,0.5]]]".into(),
    }
}

fn input(countersign: &str) -> CeremonyInput {
    common::ceremony_input(countersign)
}

fn setup(countersign: &str) -> (tempfile::TempDir, Desk, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let c = desk.ceremony_create(&input(countersign)).unwrap();
    assert_eq!(c.title, "2027年度客服部安全目标责任书");
    let added = desk
        .ceremony_import_roster(
            c.id,
            "名单.csv",
            ROSTER.as_bytes(),
            true,
            &signdesk_core::Job::silent(),
        )
        .unwrap();
    assert_eq!((added.import.saved, added.added), (3, 3));
    (dir, desk, c.id)
}

fn person(desk: &Desk, id: i64, name: &str) -> i64 {
    desk.ceremony(id)
        .unwrap()
        .roster
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .person_id
}

/// What a poppler tool prints for `pdf`.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("preview.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
