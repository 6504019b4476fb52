//! Crash test: hundreds of real `signdesk-cli sign` processes on one archive, many of
//! them killed with SIGKILL at a random moment of their run. Afterwards the archive
//! verifies clean, every signing that reported success is there, and nothing is
//! half-stored. It is in the normal suite on purpose: "a signing is all or nothing"
//! is the archive's central promise, and only killing real processes tests it.
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{cli, ok_json, open_db, sign, sign_args};
use signdesk_archive::Connection;

const SIGNINGS: usize = 300;
/// Share of processes killed, in percent (at least 30 kills are asserted).
const KILL_PERCENT: u64 = 22;

/// xorshift64*: deterministic, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn killed_signings_never_leave_a_half_stored_agreement() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // The first signing creates the archive and the installation's certificates.
    let mut reported = BTreeSet::new();
    reported.insert(sign(data, "预热")["number"].as_str().unwrap().to_string());
    let one = one_signing_time(data, &mut reported);
    let (killed, finished_before_kill) = sign_killing_some(data, one, &mut reported);

    let report = ok_json(&cli(data, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");

    let conn = open_db(data);
    let stored = stored_numbers(&conn);
    let missing: Vec<_> = reported.difference(&stored).collect();
    assert!(missing.is_empty(), "reported but not stored: {missing:?}");
    let committed_then_killed = stored.len() - reported.len();
    assert!(
        committed_then_killed <= killed,
        "{} stored, {} reported, {killed} killed",
        stored.len(),
        reported.len()
    );
    // Numbers are taken inside the signing transaction: a rolled-back signing leaves
    // no gap.
    let expected: BTreeSet<String> = (1..=stored.len())
        .map(|n| format!("SD-2027-{n:06}"))
        .collect();
    assert_eq!(stored, expected);
    assert_no_agreement_is_half_stored(&conn);

    assert!(killed >= 30, "only {killed} kills");
    eprintln!(
        "crash test: {SIGNINGS} signings, one signing ≈ {} ms, {killed} killed \
         ({committed_then_killed} of them had committed), {finished_before_kill} finished \
         before their kill, {} reported, {} stored, {:.1} s in all",
        one.as_millis(),
        reported.len(),
        stored.len(),
        started.elapsed().as_secs_f64()
    );
}

/// A `signdesk-cli sign` of `员工{i}` on the archive in `data`, started (the signature
/// images are those the first signing left there).
fn spawn_signing(data: &Path, i: usize) -> Child {
    let emp = data.join("emp.png");
    let dir_sig = data.join("dir.png");
    let args = sign_args(&format!("员工{i}"), &emp, &dir_sig);
    common::bin()
        .arg("--data")
        .arg(data)
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How long one signing takes here (median of three), so kills land inside its run.
/// About half of it is the Argon2id unsealing of the installation key, paid once per
/// process by design; the rest is start-up, fonts, rendering, sealing and fsync.
fn one_signing_time(data: &Path, reported: &mut BTreeSet<String>) -> Duration {
    let mut times = Vec::new();
    for i in 0..3 {
        let t = Instant::now();
        let out = spawn_signing(data, 1000 + i).wait_with_output().unwrap();
        times.push(t.elapsed());
        reported.insert(ok_json(&out)["number"].as_str().unwrap().to_string());
    }
    times.sort();
    times[1]
}

/// [`SIGNINGS`] signings one after another, about [`KILL_PERCENT`] of them killed at a
/// random moment of their run (`one`: how long a run takes); the numbers of those that
/// reported success go into `reported`. Returns how many were killed, and how many
/// finished before their kill.
fn sign_killing_some(
    data: &Path,
    one: Duration,
    reported: &mut BTreeSet<String>,
) -> (usize, usize) {
    let mut rng = Rng(0x5349_474e_4445_534b); // "SIGNDESK"
    let (mut killed, mut finished_before_kill) = (0usize, 0usize);
    for i in 0..SIGNINGS {
        let mut child = spawn_signing(data, i);
        let kill = rng.next() % 100 < KILL_PERCENT;
        if kill {
            // Anywhere in the run, a little past its typical end too: the commit and
            // the fsync come last, and runs vary.
            let delay = one.mul_f64((rng.next() % 1200) as f64 / 1000.0);
            std::thread::sleep(delay);
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                killed += 1;
            } else {
                finished_before_kill += 1;
            }
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            reported.insert(v["number"].as_str().unwrap().to_string());
        } else {
            assert!(
                kill,
                "signing {i} failed without being killed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    (killed, finished_before_kill)
}

fn stored_numbers(conn: &Connection) -> BTreeSet<String> {
    let mut st = conn.prepare("SELECT number FROM agreements").unwrap();
    let stored: BTreeSet<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    stored
}

/// Every stored agreement has its PDF, both signatures and its search index.
fn assert_no_agreement_is_half_stored(conn: &Connection) {
    let incomplete: i64 = conn
        .query_row(
            "SELECT count(*) FROM agreements a
             WHERE length(a.pdf) < 1000 OR a.pdf_sha256 = ''
                OR (SELECT count(*) FROM signatures s WHERE s.agreement_id = a.id) != 2
                OR NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.agreement_id = a.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        incomplete, 0,
        "an agreement lacks its signatures, PDF or index"
    );
}
