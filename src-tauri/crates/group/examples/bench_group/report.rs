//! What the run measured, printed as the tables BENCHMARKS.md keeps.

use std::time::Instant;

use postgres::Client;

use crate::arrival::Arrival;
use crate::load::{Loaded, Res};
use crate::queries::{pct, KindResult};
use crate::Args;

pub struct Candidates {
    pub build: std::time::Duration,
    pub sizes: Vec<(String, i64)>,
    pub search: Vec<KindResult>,
}

pub struct Report {
    machine: String,
    server: String,
    pub loaded: Option<Loaded>,
    rebuild: bool,
    agreements: i64,
    pub search: Vec<KindResult>,
    pub candidates: Option<Candidates>,
    coverage: Option<(f64, usize)>,
    pub arrival: Option<Arrival>,
    sizes: Vec<(String, i64, i64)>,
    database: i64,
    database_after: i64,
    load_after: String,
}

fn first_line_with(path: &str, prefix: &str) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.split_once(':').map(|(_, v)| v.trim().to_string()))
        .unwrap_or_default()
}

impl Report {
    pub fn new(a: &Args, client: &mut Client) -> Res<Self> {
        let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let machine = format!(
            "{cpus} CPUs ({}), {} RAM; load average at start {}",
            first_line_with("/proc/cpuinfo", "model name"),
            first_line_with("/proc/meminfo", "MemTotal"),
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        let mut setting = |name: &str| -> Res<String> {
            Ok(client.query_one(&format!("SHOW {name}"), &[])?.get(0))
        };
        let server = format!(
            "PostgreSQL {}, shared_buffers {}, work_mem {}, fsync {}, max_parallel_workers_per_gather {}",
            setting("server_version")?,
            setting("shared_buffers")?,
            setting("work_mem")?,
            setting("fsync")?,
            setting("max_parallel_workers_per_gather")?
        );
        Ok(Report {
            machine,
            server,
            loaded: None,
            rebuild: a.rebuild,
            agreements: 0,
            search: Vec::new(),
            candidates: None,
            coverage: None,
            arrival: None,
            sizes: Vec::new(),
            database: 0,
            database_after: 0,
            load_after: String::new(),
        })
    }

    pub fn counts(&mut self, client: &mut Client) -> Res<()> {
        self.agreements = client
            .query_one("SELECT count(*) FROM agreements", &[])?
            .get(0);
        Ok(())
    }

    /// `coverage::coverage` of the last loaded year, once warm.
    pub fn coverage(&mut self, client: &mut Client) -> Res<()> {
        signdesk_group::coverage::coverage(client, 2026).map_err(crate::group_err)?;
        let t = Instant::now();
        let c = signdesk_group::coverage::coverage(client, 2026).map_err(crate::group_err)?;
        let people = c
            .sites
            .iter()
            .flat_map(|s| &s.departments)
            .map(|d| d.people as usize)
            .sum();
        self.coverage = Some((t.elapsed().as_secs_f64() * 1e3, people));
        Ok(())
    }

    /// The database's size after the ingest, and the load average at the end.
    pub fn finish(&mut self, client: &mut Client) -> Res<()> {
        self.database_after = client
            .query_one("SELECT pg_database_size(current_database())", &[])?
            .get(0);
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        self.load_after = load
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(())
    }

    pub fn sizes(&mut self, client: &mut Client) -> Res<()> {
        self.database = client
            .query_one("SELECT pg_database_size(current_database())", &[])?
            .get(0);
        let rows = client.query(
            "SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid)
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
             ORDER BY pg_total_relation_size(c.oid) DESC",
            &[],
        )?;
        self.sizes = rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        Ok(())
    }

    pub fn print(&self) {
        println!("## machine\n{}\n{}\n", self.machine, self.server);
        println!("agreements in the archive: {}\n", self.agreements);
        if let Some(l) = &self.loaded {
            let r = l.rows;
            let copy = l.copy.as_secs_f64();
            println!(
                "## load ({})",
                if self.rebuild {
                    "secondary indexes dropped, COPY, re-created"
                } else {
                    "COPY into the migrated schema, indexes in place"
                }
            );
            println!("| rows | COPY | indexes | VACUUM ANALYZE | total |\n|---|---|---|---|---|");
            let total = copy + l.indexes.as_secs_f64() + l.vacuum.as_secs_f64();
            println!(
                "| {} agreements, {} audit, {} pdfs, {} voids, {} rosters ({} rows) | {copy:.1} s | {:.1} s | {:.1} s | {total:.1} s |",
                r.agreements, r.audit, r.pdfs, r.voids, r.rosters, r.total(),
                l.indexes.as_secs_f64(), l.vacuum.as_secs_f64()
            );
            println!(
                "agreements/s over the whole load: {:.0}; rows/s during COPY: {:.0}\n",
                r.agreements as f64 / total,
                r.total() as f64 / copy
            );
        }
        print_search("search (page of 50 + total)", &self.search);
        if let Some(c) = &self.candidates {
            let sizes: Vec<String> = c
                .sizes
                .iter()
                .map(|(n, s)| format!("{n} {:.1} MB", *s as f64 / 1048576.0))
                .collect();
            println!(
                "candidate indexes built in {:.1} s: {}\n",
                c.build.as_secs_f64(),
                sizes.join(", ")
            );
            print_search("search with the candidate indexes", &c.search);
        }
        if let Some((ms, people)) = self.coverage {
            println!("coverage::coverage(2026): {ms:.0} ms for {people} roster people\n");
        }
        if let Some(a) = &self.arrival {
            let s = a.import.as_secs_f64();
            println!("## ingest (import_bundle)\n| agreements | PDF each | bundle | import | agreements/s | peak RSS of the import |\n|---|---|---|---|---|---|");
            println!(
                "| {} | {} B | {:.1} MB | {s:.1} s | {:.0} | {} |",
                a.agreements,
                a.pdf_bytes,
                a.bundle_bytes as f64 / 1e6,
                a.agreements as f64 / s,
                a.peak_rss_kb
                    .map_or("—".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
            );
            println!(
                "(making them: {:.1} s for {} sealed PDFs and chain entries; outcome: added {}, entries {}, roster {}, head {})\n",
                a.seal_time.as_secs_f64(), a.agreements, a.outcome[0], a.outcome[1], a.outcome[2], a.outcome[3]
            );
        }
        println!(
            "## sizes after the load\ndatabase: {:.1} MB (after the ingest: {:.1} MB; load average at the end {})\n| relation | total | itself |\n|---|---|---|",
            self.database as f64 / 1048576.0,
            self.database_after as f64 / 1048576.0,
            self.load_after
        );
        for (name, total, main) in &self.sizes {
            println!(
                "| {name} | {:.1} MB | {:.1} MB |",
                *total as f64 / 1048576.0,
                *main as f64 / 1048576.0
            );
        }
    }
}

fn print_search(title: &str, search: &[KindResult]) {
    if search.is_empty() {
        return;
    }
    println!("## {title}\n| query | n | p50 | p95 | max | avg total | capped | plain | n | plain p50 | plain p95 |\n|---|---|---|---|---|---|---|---|---|---|---|");
    for k in search {
        let avg = k.hits.iter().sum::<i64>() as f64 / k.hits.len().max(1) as f64;
        let plain = if k.like_ms.is_empty() {
            "| — | | | |".to_string()
        } else {
            format!(
                "| {} | {} | {:.1} ms | {:.1} ms |",
                k.like_what,
                k.like_ms.len(),
                pct(&k.like_ms, 50.0),
                pct(&k.like_ms, 95.0)
            )
        };
        println!(
            "| {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {avg:.0} | {} {plain}",
            k.kind,
            k.times_ms.len(),
            pct(&k.times_ms, 50.0),
            pct(&k.times_ms, 95.0),
            pct(&k.times_ms, 100.0),
            k.capped
        );
    }
    println!();
}
