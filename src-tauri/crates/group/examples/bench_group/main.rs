//! The group archive at scale (issue 25): fills a fresh database with N agreements of
//! 50 sites over 2017–2026, then measures search (through `search::search`) beside a
//! plain `LIKE` scan, a year's bundle import through the real `Ingest`, and sizes.
//!
//!     scripts/with-postgres.sh cargo run --release -p signdesk-group --example bench_group -- --agreements 1000000
//!
//! Flags: `--agreements N` (1,000,000), `--sites N` (50), `--load rebuild|live` (drop the
//! migration's secondary indexes around the COPY and re-create them, or load with them
//! in place), `--queries N` per kind (200), `--like-queries N` per kind (20),
//! `--ingest N` (5,000; 0 skips), `--ingest-pdf-kb N` (106: padding that brings each
//! sealed PDF to a real agreement's ~116 KB; 0 for a ~4 KB one), `--reuse DB` (measure
//! an archive kept by an earlier `--keep`), `--keep`. `--url` or `SIGNDESK_TEST_PG_URL`:
//! a superuser connection string. `--no-candidates`: skip the second search pass with the
//! two candidate indexes for the page order.

mod arrival;
mod data;
mod gen;
mod load;
mod pdf;
mod queries;
mod report;
mod texts;

use std::time::Instant;

use signdesk_group::search::Found;
use signdesk_group::GroupError;

use load::Res;

pub struct Args {
    pub agreements: usize,
    pub sites: usize,
    pub rebuild: bool,
    pub queries: usize,
    pub like_queries: usize,
    pub ingest: usize,
    pub ingest_pdf_kb: usize,
    pub reuse: Option<String>,
    pub keep: bool,
    pub candidates: bool,
    pub url: String,
    import_bundle: Option<String>,
}

fn args() -> Res<Args> {
    let mut a = Args {
        agreements: 1_000_000,
        sites: 50,
        rebuild: true,
        queries: 200,
        like_queries: 20,
        ingest: 5_000,
        ingest_pdf_kb: 106,
        reuse: None,
        keep: false,
        candidates: true,
        import_bundle: None,
        url: std::env::var("SIGNDESK_TEST_PG_URL").unwrap_or_default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--agreements" => a.agreements = value()?.replace(['_', ','], "").parse()?,
            "--sites" => a.sites = value()?.parse()?,
            "--load" => a.rebuild = value()? == "rebuild",
            "--queries" => a.queries = value()?.parse()?,
            "--like-queries" => a.like_queries = value()?.parse()?,
            "--ingest" => a.ingest = value()?.parse()?,
            "--ingest-pdf-kb" => a.ingest_pdf_kb = value()?.parse()?,
            "--reuse" => a.reuse = Some(value()?),
            "--url" => a.url = value()?,
            "--keep" => a.keep = true,
            "--no-candidates" => a.candidates = false,
            "--import-bundle" => a.import_bundle = Some(value()?),
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    if a.url.is_empty() {
        return Err("no server: run under scripts/with-postgres.sh or give --url".into());
    }
    Ok(a)
}

/// A group error with the server's own words, for this benchmark's output.
pub fn group_err(e: GroupError) -> Box<dyn std::error::Error> {
    format!("{} ({})", e.message, e.detail.unwrap_or_default()).into()
}

/// Whether `search` answered a capped total ("10,000+").
pub fn capped(f: &Found) -> bool {
    f.total_capped
}

/// This process's peak resident set (VmHWM), in KiB.
pub fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Indexes that serve the page order (`signed_at DESC, id DESC`), measured as candidates
/// before they went into the migration (0001): created under their own names, measured
/// with the same queries, sized and dropped again.
const CANDIDATES: &[(&str, &str)] = &[
    (
        "candidate_signed_at",
        "CREATE INDEX candidate_signed_at ON agreements (signed_at, id)",
    ),
    (
        "candidate_year_signed_at",
        "CREATE INDEX candidate_year_signed_at ON agreements (year, signed_at, id)",
    ),
];

fn candidates(client: &mut postgres::Client, per_kind: usize) -> Res<report::Candidates> {
    let t = Instant::now();
    for (_, sql) in CANDIDATES {
        client.batch_execute(sql)?;
    }
    client.batch_execute("ANALYZE agreements")?;
    let build = t.elapsed();
    let mut sizes = Vec::new();
    for (name, _) in CANDIDATES {
        let size: i64 = client
            .query_one("SELECT pg_relation_size($1::text::regclass)", &[name])?
            .get(0);
        sizes.push((name.to_string(), size));
    }
    let search = queries::run(client, per_kind, 0)?;
    for (name, _) in CANDIDATES {
        client.batch_execute(&format!("DROP INDEX {name}"))?;
    }
    client.batch_execute("ANALYZE agreements")?;
    Ok(report::Candidates {
        build,
        sizes,
        search,
    })
}

fn with_db(url: &str, db: &str) -> String {
    match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db}"),
        None => url.to_string(),
    }
}

fn main() -> Res<()> {
    let a = args()?;
    if let Some(file) = &a.import_bundle {
        return arrival::import_only(&a.url, file);
    }
    let mut admin = signdesk_group::connect(&a.url, None).map_err(group_err)?;
    let db = a
        .reuse
        .clone()
        .unwrap_or_else(|| format!("bench_group_{}", std::process::id()));
    if a.reuse.is_none() {
        admin.batch_execute(&format!("CREATE DATABASE {db}"))?;
    }
    let db_url = with_db(&a.url, &db);
    let mut client = signdesk_group::connect(&db_url, None).map_err(group_err)?;
    let mut r = report::Report::new(&a, &mut client)?;
    let mut sites = Vec::new();
    if a.reuse.is_none() {
        signdesk_group::schema::migrate(&mut client).map_err(group_err)?;
        let t = Instant::now();
        sites = load::register(&mut client, a.sites)?;
        eprintln!(
            "{} sites registered in {:.1} s",
            sites.len(),
            t.elapsed().as_secs_f64()
        );
        let ids: Vec<i32> = sites.iter().map(|(id, _)| *id).collect();
        r.loaded = Some(load::load(&mut client, &ids, a.agreements, a.rebuild)?);
    }
    r.counts(&mut client)?;
    r.sizes(&mut client)?;
    if a.queries > 0 {
        r.search = queries::run(&mut client, a.queries, a.like_queries)?;
        if a.candidates {
            r.candidates = Some(candidates(&mut client, a.queries)?);
        }
    }
    r.coverage(&mut client)?;
    if a.ingest > 0 {
        let (no, id, inst) = match sites.into_iter().next() {
            Some((id, inst)) => (0, id, inst),
            None => {
                let (id, inst) = load::register_one(&mut client, "新建分公司")?;
                (98, id, inst)
            }
        };
        r.arrival = Some(arrival::run(
            &mut client,
            &db_url,
            no,
            id,
            &inst,
            2027,
            a.ingest,
            a.ingest_pdf_kb << 10,
        )?);
    }
    r.finish(&mut client)?;
    r.print();
    drop(client);
    if !a.keep && a.reuse.is_none() {
        admin.batch_execute(&format!("DROP DATABASE {db}"))?;
    }
    Ok(())
}
