//! A full disk and a read-only archive folder: a clear Chinese error, nothing
//! half-written, and signing works again once there is room / write access.
//!
//! Real file systems, not mocks: the archive lives on a small tmpfs mounted for the
//! test (which needs root — the CI machine runs the suite as root; elsewhere the test
//! says it was skipped).

use std::path::Path;
use std::process::Command;

use signdesk_core::Desk;

mod common;

fn request(name: &str) -> signdesk_core::signing::SignRequest {
    common::request(name, common::png(true))
}

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_tmpfs(at: &Path, size: &str) -> Option<Mount> {
    std::fs::create_dir_all(at).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    ok.then(|| Mount(at.to_path_buf()))
}

fn remount(at: &Path, opts: &str) {
    let st = Command::new("mount")
        .args(["-o", &format!("remount,{opts}")])
        .arg(at)
        .status()
        .unwrap();
    assert!(st.success(), "remount {opts}");
}

#[test]
fn a_full_disk_and_a_read_only_folder_lose_nothing_and_recover() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("small");
    let Some(_mount) = mount_tmpfs(&at, "6m") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let mut desk = common::desk(&at);

    // Fill the disk: sign until SQLite reports it full.
    let mut signed = 0;
    let err = loop {
        match desk.sign(&request(&format!("员工{signed}"))) {
            Ok(_) => signed += 1,
            Err(e) => break e,
        }
        assert!(signed < 200, "a 6 MB disk should fill up");
    };
    assert_eq!(err.kind(), "disk_full", "{err}");
    assert!(err.to_string().contains("磁盘空间已满"), "{err}");
    assert!(signed > 0);
    drop(desk);

    // Room again: the archive holds exactly what was reported, verifies, and signs.
    remount(&at, "size=40m");
    let mut desk = common::desk(&at);
    assert_eq!(desk.info().unwrap().counts.agreements, signed);
    let report = desk.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    desk.sign(&request("腾出空间后")).unwrap();
    drop(desk);

    // Read-only: refused in words, nothing changed, fine again afterwards.
    remount(&at, "ro");
    let before = std::fs::read(at.join("signdesk.db")).unwrap();
    match Desk::open(&at, common::PASSPHRASE) {
        Ok(mut desk) => {
            let err = desk.sign(&request("只读时")).unwrap_err();
            assert!(
                matches!(err.kind().as_str(), "read_only" | "archive_open"),
                "{}: {err}",
                err.kind()
            );
            assert!(
                err.to_string().contains("只读") || err.to_string().contains("无法打开"),
                "{err}"
            );
        }
        Err(err) => assert!(
            err.to_string().contains("只读") || err.to_string().contains("无法打开"),
            "{err}"
        ),
    }
    assert_eq!(
        std::fs::read(at.join("signdesk.db")).unwrap(),
        before,
        "nothing written"
    );
    remount(&at, "rw");
    let mut desk = common::desk(&at);
    desk.sign(&request("恢复写入后")).unwrap();
    assert_eq!(desk.info().unwrap().counts.agreements, signed + 2);
    assert!(desk.verify().unwrap().ok);
}
