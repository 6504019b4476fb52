//! The searches timed: each kind of query (p50 and p95 of `runs` first pages, and the
//! hits it finds) beside a LIKE scan asking the same, printed as a Markdown table.

use std::time::{Duration, Instant};

use signdesk_archive::search::{self, SearchQuery};
use signdesk_archive::Connection;

use crate::data::{texts, Rng, DEPARTMENTS};

fn pct(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(v[v.len() / 2]),
        ms(v[(v.len() * 95 / 100).min(v.len() - 1)]),
    )
}

fn time<F: FnMut(usize) -> i64>(runs: usize, mut f: F) -> (f64, f64, f64) {
    let mut v = Vec::with_capacity(runs);
    let mut total = 0i64;
    for i in 0..runs {
        let t = Instant::now();
        total += f(i);
        v.push(t.elapsed());
    }
    let (p50, p95) = pct(v);
    (p50, p95, total as f64 / runs as f64)
}

/// Query material drawn from the archive itself.
struct Material {
    names: Vec<String>,
    initials: Vec<String>,
    /// Four Chinese characters in a row from the template texts.
    phrases: Vec<String>,
}

fn material(conn: &Connection, rng: &mut Rng) -> rusqlite::Result<Material> {
    let sample = |sql: &str| -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare(sql)?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    };
    let names = sample("SELECT name FROM people ORDER BY random() LIMIT 500")?;
    let initials = sample("SELECT initials FROM people ORDER BY random() LIMIT 500")?;
    let texts = texts();
    let phrases: Vec<String> = (0..500)
        .map(|_| {
            let t: Vec<char> = texts[rng.below(texts.len())].1.chars().collect();
            loop {
                let i = rng.below(t.len().saturating_sub(6).max(1));
                let p: String = t[i..(i + 4).min(t.len())].iter().collect();
                if p.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                    return p;
                }
            }
        })
        .collect();
    Ok(Material {
        names,
        initials,
        phrases,
    })
}

/// Times every kind of query and prints the table.
pub fn run(
    conn: &Connection,
    rng: &mut Rng,
    runs: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let m = material(conn, rng)?;
    let t = Timing {
        conn,
        runs,
        like_runs: (runs / 10).max(5),
    };
    println!("\n| query | search p50 | search p95 | avg hits | LIKE scan p50 | LIKE scan p95 |");
    println!("|---|---|---|---|---|---|");
    name_rows(&t, &m);
    phrase_rows(&t, &m);
    browse_rows(&t, &m);
    Ok(())
}

/// What the rows are timed on: `runs` searches, `like_runs` (fewer) LIKE scans.
struct Timing<'c> {
    conn: &'c Connection,
    runs: usize,
    like_runs: usize,
}

impl Timing<'_> {
    /// The total of a first page of 50 hits for `text` and the filters given.
    fn page_in(&self, text: &str, year: Option<i32>, department: Option<&str>) -> i64 {
        let q = SearchQuery {
            text: text.into(),
            year,
            department: department.map(String::from),
            limit: 50,
            ..Default::default()
        };
        search::search(self.conn, &q).expect("search").total
    }

    fn page(&self, text: &str, year: Option<i32>) -> i64 {
        self.page_in(text, year, None)
    }

    /// The same page as a LIKE scan: agreements matching `sql`, newest first.
    fn like(&self, sql: &str, args: &[&str]) -> i64 {
        self.conn.query_row(
            &format!("SELECT count(*) OVER (), id FROM agreements a WHERE {sql} ORDER BY signed_at DESC LIMIT 50"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )
        .unwrap_or(0)
    }

    fn search(&self, f: impl FnMut(usize) -> i64) -> (f64, f64, f64) {
        time(self.runs, f)
    }

    fn scan(&self, f: impl FnMut(usize) -> i64) -> (f64, f64, f64) {
        time(self.like_runs, f)
    }
}

/// One line of the table: the search's timings, the LIKE scan's when there is one.
fn row(label: &str, s: (f64, f64, f64), l: Option<(f64, f64, f64)>) {
    let (lp50, lp95) = l
        .map(|l| (format!("{:.1} ms", l.0), format!("{:.1} ms", l.1)))
        .unwrap_or(("—".into(), "—".into()));
    println!(
        "| {label} | {:.2} ms | {:.2} ms | {:.0} | {lp50} | {lp95} |",
        s.0, s.1, s.2
    );
}

/// Names: whole, of two characters, one character of one, pinyin initials.
fn name_rows(t: &Timing, m: &Material) {
    let (names, initials) = (&m.names, &m.initials);
    let s = t.search(|i| t.page(&names[i % names.len()], None));
    let l = t.scan(|i| {
        t.like(
            "signer_name LIKE '%' || ?1 || '%'",
            &[&names[i % names.len()]],
        )
    });
    row("name (张伟, 欧阳丽 …)", s, Some(l));
    let two: Vec<&String> = names.iter().filter(|n| n.chars().count() == 2).collect();
    let s = t.search(|i| t.page(two[i % two.len()], None));
    row("two-character name", s, None);
    let s = t.search(|i| {
        t.page(
            &names[i % names.len()]
                .chars()
                .last()
                .unwrap_or('伟')
                .to_string(),
            None,
        )
    });
    row("single character (part of a name)", s, None);
    let s = t.search(|i| t.page(&initials[i % initials.len()], None));
    let l = t.scan(|i| {
        t.like(
            "person_id IN (SELECT id FROM people WHERE initials LIKE ?1 || '%')",
            &[&initials[i % initials.len()]],
        )
    });
    row("pinyin initials (wxm …)", s, Some(l));
}

/// Phrases of the text: alone, one found in a third of the archive, with a year, with
/// a department.
fn phrase_rows(t: &Timing, m: &Material) {
    let phrases = &m.phrases;
    let s = t.search(|i| t.page(&phrases[i % phrases.len()], None));
    let l = t.scan(|i| {
        t.like(
            "signed_text LIKE '%' || ?1 || '%'",
            &[&phrases[i % phrases.len()]],
        )
    });
    row("phrase of the text (4 chars)", s, Some(l));
    let worst = "安全生产";
    let s = t.search(|_| t.page(worst, None));
    let l = t.scan(|_| t.like("signed_text LIKE '%' || ?1 || '%'", &[worst]));
    row("phrase in a third of the archive (安全生产)", s, Some(l));
    let s = t.search(|i| t.page(&phrases[i % phrases.len()], Some(2016 + (i % 12) as i32)));
    let l = t.scan(|i| {
        t.like(
            "signed_text LIKE '%' || ?1 || '%' AND year = CAST(?2 AS INTEGER)",
            &[&phrases[i % phrases.len()], &(2016 + (i % 12)).to_string()],
        )
    });
    row("phrase + year", s, Some(l));
    let s = t.search(|i| {
        t.page_in(
            &phrases[i % phrases.len()],
            None,
            Some(DEPARTMENTS[i % DEPARTMENTS.len()]),
        )
    });
    let l = t.scan(|i| {
        t.like(
            "signed_text LIKE '%' || ?1 || '%' AND department = ?2",
            &[
                &phrases[i % phrases.len()],
                DEPARTMENTS[i % DEPARTMENTS.len()],
            ],
        )
    });
    row("phrase + department", s, Some(l));
}

/// Browsing a year, and a name within a year.
fn browse_rows(t: &Timing, m: &Material) {
    let names = &m.names;
    let s = t.search(|i| t.page("", Some(2016 + (i % 12) as i32)));
    let l = t.scan(|i| {
        t.like(
            "+year = CAST(?1 AS INTEGER)",
            &[&(2016 + (i % 12)).to_string()],
        )
    });
    row("year filter (browse a year)", s, Some(l));
    let s = t.search(|i| t.page(&names[i % names.len()], Some(2016 + (i % 12) as i32)));
    row("name + year", s, None);
}
