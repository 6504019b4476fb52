//! Archive search at scale: builds an archive of N agreements (default 100,000) with
//! realistic names, departments, years 2016–2027, the built-in template texts and
//! tiny real PDFs, then times search against a LIKE scan in the same run.
//!
//! `cargo run --release -p signdesk-archive --example bench_search -- --n 100000`
//! Options: `--runs R` (queries per kind, default 200), `--keep DIR` (build into DIR
//! and reuse it when it already holds the archive), `--plain` (an unencrypted archive,
//! to compare with SQLCipher; needs `--features bench-plaintext`).
//!
//! `data` makes the archive's agreements, `queries` times the searches.

mod data;
mod queries;

use std::path::{Path, PathBuf};
use std::time::Instant;

use signdesk_archive::{Archive, ArchiveError};

use data::Rng;

/// The command line: `--n`, `--runs`, `--keep DIR`, `--plain`.
struct Options {
    n: usize,
    runs: usize,
    keep: Option<PathBuf>,
    plain: bool,
}

impl Options {
    fn from_args() -> Result<Options, Box<dyn std::error::Error>> {
        let args: Vec<String> = std::env::args().collect();
        let arg = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let n: usize = arg("--n")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(100_000);
        let runs: usize = arg("--runs").map(|s| s.parse()).transpose()?.unwrap_or(200);
        Ok(Options {
            n,
            runs,
            keep: arg("--keep").map(PathBuf::from),
            plain: args.iter().any(|a| a == "--plain"),
        })
    }
}

#[cfg(feature = "bench-plaintext")]
fn open_plain(dir: &std::path::Path) -> Result<Archive, ArchiveError> {
    std::fs::create_dir_all(dir).map_err(ArchiveError::io_with("创建文件夹"))?;
    Archive::open_unencrypted(&dir.join(signdesk_archive::DB_FILE))
}

#[cfg(not(feature = "bench-plaintext"))]
fn open_plain(_: &std::path::Path) -> Result<Archive, ArchiveError> {
    Err(ArchiveError::invalid(
        signdesk_base::ErrorKind::BadArgument,
        "--plain needs --features bench-plaintext",
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = Options::from_args()?;
    let tmp = tempfile::tempdir()?;
    let dir = o.keep.clone().unwrap_or_else(|| tmp.path().join("data"));
    let mut a = if o.plain {
        open_plain(&dir)?
    } else {
        Archive::open_dir(&dir, &signdesk_archive::DbKey::from_bytes([0x5a; 32]))?
    };
    println!(
        "archive: {}",
        if o.plain { "unencrypted" } else { "SQLCipher" }
    );
    let mut rng = Rng(0x5167_4E44_4553_4B21);
    fill_or_reuse(&mut a, o.n, &mut rng, &dir)?;
    report_size(&a)?;
    queries::run(a.read(), &mut rng, o.runs)
}

/// Builds `n` agreements into an empty archive; reuses what a kept one holds.
fn fill_or_reuse(
    a: &mut Archive,
    n: usize,
    rng: &mut Rng,
    dir: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let have: i64 = a
        .read()
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))?;
    if have == 0 {
        let t = Instant::now();
        data::build(a, n, rng)?;
        println!("built {n} agreements in {:.1} s", t.elapsed().as_secs_f64());
    } else {
        println!("reusing {have} agreements in {}", dir.display());
    }
    a.read()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    Ok(())
}

/// The archive's size on disk, per agreement and of its PDFs.
fn report_size(a: &Archive) -> Result<(), Box<dyn std::error::Error>> {
    let n_real: i64 = a
        .read()
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))?;
    let size = std::fs::metadata(a.path())?.len();
    let pdf_avg: f64 = a
        .read()
        .query_row("SELECT avg(length(pdf)) FROM agreements", [], |r| r.get(0))?;
    println!(
        "archive: {:.1} MB, {:.1} KB per agreement (PDF {:.1} KB)",
        size as f64 / 1e6,
        size as f64 / n_real as f64 / 1e3,
        pdf_avg / 1e3
    );
    Ok(())
}
