//! Regression: the first connections of a process, opened from several threads at once.
//! SQLite marks itself initialised before SQLCipher's own set-up has run, so without
//! `key::connect`'s `Once` a thread could key its connection too early and fail with
//! "An error occurred with PRAGMA key or rekey" (seen in CI). The race exists only once
//! per process, so the test runs itself as many fresh child processes; before the fix
//! about 3 % of them failed.

use std::process::Command;
use std::sync::{Arc, Barrier};

use signdesk_archive::{Archive, DbKey};

const CHILD: &str = "SIGNDESK_PARALLEL_OPEN_CHILD";
const TEST: &str = "archives_opened_in_parallel_by_fresh_processes_all_open";

#[test]
fn archives_opened_in_parallel_by_fresh_processes_all_open() {
    if std::env::var_os(CHILD).is_some() {
        return open_in_parallel();
    }
    let me = std::env::current_exe().unwrap();
    for run in 0..60 {
        let out = Command::new(&me)
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "fresh process {run} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Twelve threads, released together, each open their own new archive.
fn open_in_parallel() {
    const THREADS: usize = 12;
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let start = Arc::clone(&start);
            let data = dir.path().join(format!("data-{i}"));
            std::thread::spawn(move || {
                start.wait();
                Archive::open_dir(&data, &DbKey::from_bytes([i as u8; 32]))
                    .map(|a| a.schema_version())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        let opened = h.join().unwrap();
        assert!(opened.is_ok(), "archive {i} failed to open: {opened:?}");
    }
}
