//! Search latency: queries of each kind drawn from the archive itself, each run through
//! `signdesk_group::search::search` (a page of 50 and the total), and the first few of
//! each kind again as the plain alternative — the same filter with `LIKE '%…%'` (or
//! `= ANY` for the pinyin arrays) and no GIN index — with the same capped count and page.

use std::time::Instant;

use postgres::types::ToSql;
use postgres::Client;
use signdesk_group::search::{search, Query};

use crate::data::Rng;
use crate::load::Res;

/// One sampled agreement: what a person would type to find it.
struct Sample {
    signer: String,
    employee_no: Option<String>,
    number: String,
    year: i32,
    site: String,
    department: String,
    /// A few characters from one of its clauses, and from its filled lines.
    clause: Option<String>,
    filled: Option<String>,
}

pub struct KindResult {
    pub kind: &'static str,
    pub times_ms: Vec<f64>,
    pub hits: Vec<i64>,
    pub capped: usize,
    pub like_ms: Vec<f64>,
    pub like_what: &'static str,
}

fn samples(client: &mut Client, n: usize, max_id: i64, seed: u64) -> Res<Vec<Sample>> {
    let mut rng = Rng::new(seed);
    let ids: Vec<i64> = (0..n)
        .map(|_| 1 + rng.below(max_id as usize) as i64)
        .collect();
    let rows = client.query(
        "SELECT a.signer, a.employee_no, a.number, a.year, s.name, a.department,
                ARRAY(SELECT t.line FROM unnest(a.line_keys) u(k)
                      JOIN text_lines t ON t.site_id = a.site_id AND t.key = u.k
                      WHERE char_length(t.line) >= 12)
         FROM unnest($1::bigint[]) WITH ORDINALITY AS i(id, k)
         JOIN agreements a ON a.id = i.id JOIN sites s ON s.id = a.site_id ORDER BY i.k",
        &[&ids],
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            let lines: Vec<String> = r.get(6);
            let (filled, clauses): (Vec<&String>, Vec<&String>) =
                lines.iter().partition(|l| l.contains("责任人）："));
            let len = 4 + rng.below(3);
            let mut window = |ls: &[&String], len: usize| {
                (!ls.is_empty()).then(|| {
                    let chars: Vec<char> = ls[rng.below(ls.len())].chars().collect();
                    let at = rng.below(chars.len().saturating_sub(len).max(1));
                    chars[at..(at + len).min(chars.len())]
                        .iter()
                        .collect::<String>()
                })
            };
            Sample {
                signer: r.get(0),
                employee_no: r.get(1),
                number: r.get(2),
                year: r.get(3),
                site: r.get(4),
                department: r.get(5),
                clause: window(&clauses, len),
                filled: window(&filled, 8),
            }
        })
        .collect())
}

/// A kind: its name, how its query is made from a sample (None: sample not usable),
/// and the plain alternative's condition and parameters.
type Make = fn(&Sample) -> Option<Query>;
type Alt = fn(&Query) -> (String, Vec<Box<dyn ToSql + Sync>>);
/// A kind's name, its query maker, and its plain alternative with a label.
type Kind = (&'static str, Make, Option<(Alt, &'static str)>);

fn q(text: &str, year: Option<i32>, site: Option<&str>, dept: Option<&str>) -> Query {
    Query {
        text: text.to_string(),
        year,
        site: site.map(str::to_string),
        department: dept.map(str::to_string),
        limit: 50,
        offset: 0,
    }
}

fn like(v: &str) -> String {
    format!("%{v}%")
}

/// `a.signer LIKE $1` plus the query's year/site filters.
fn alt_signer(qr: &Query) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let mut cond = "a.signer LIKE $1".to_string();
    let mut p: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(like(&qr.text))];
    if let Some(y) = qr.year {
        p.push(Box::new(y));
        cond += &format!(" AND a.year = ${}", p.len());
    }
    if let Some(s) = &qr.site {
        p.push(Box::new(s.clone()));
        cond += &format!(
            " AND a.site_id = (SELECT id FROM sites WHERE name = ${})",
            p.len()
        );
    }
    (cond, p)
}

fn alt_pinyin(qr: &Query) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    (
        "($1 = ANY(a.pinyin) OR $1 = ANY(a.initials))".into(),
        vec![Box::new(qr.text.clone())],
    )
}

fn alt_numbers(qr: &Query) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    (
        "(a.employee_no LIKE $1 OR a.number LIKE $1)".into(),
        vec![Box::new(like(&qr.text))],
    )
}

fn alt_department(qr: &Query) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let d = qr.department.clone().unwrap_or_default();
    (
        "a.department LIKE $1 AND a.year = $2".into(),
        vec![Box::new(like(&d)), Box::new(qr.year.unwrap_or(0))],
    )
}

/// The phrase's lines found without the pairs index (a scan of the lines).
fn alt_phrase(qr: &Query) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let mut cond =
        "a.line_keys && ARRAY(SELECT DISTINCT key FROM text_lines WHERE line LIKE $1)".to_string();
    let mut p: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(like(&qr.text))];
    if let Some(d) = &qr.department {
        p.push(Box::new(d.clone()));
        cond += &format!(" AND a.department = ${}", p.len());
    }
    (cond, p)
}

fn kinds() -> Vec<Kind> {
    let signer: (Alt, &str) = (alt_signer, "signer LIKE");
    vec![
        (
            "name, 2 characters (张伟)",
            |s| (s.signer.chars().count() == 2).then(|| q(&s.signer, None, None, None)),
            Some(signer),
        ),
        (
            "name, 3 characters (王秀英)",
            |s| (s.signer.chars().count() == 3).then(|| q(&s.signer, None, None, None)),
            Some(signer),
        ),
        (
            "1 character: a surname (张)",
            |s| {
                Some(q(
                    &s.signer.chars().take(1).collect::<String>(),
                    None,
                    None,
                    None,
                ))
            },
            Some(signer),
        ),
        (
            "pinyin initials (zw)",
            |s| {
                Some(q(
                    &signdesk_base::reading::pinyin_of(&s.signer).1,
                    None,
                    None,
                    None,
                ))
            },
            Some((alt_pinyin, "= ANY(array)")),
        ),
        (
            "full pinyin (zhangwei)",
            |s| {
                Some(q(
                    &signdesk_base::reading::pinyin_of(&s.signer).0,
                    None,
                    None,
                    None,
                ))
            },
            Some((alt_pinyin, "= ANY(array)")),
        ),
        (
            "employee number",
            |s| s.employee_no.as_deref().map(|n| q(n, None, None, None)),
            Some((alt_numbers, "no. LIKE")),
        ),
        (
            "document number (SD-2021-000123)",
            |s| Some(q(&s.number, None, None, None)),
            Some((alt_numbers, "no. LIKE")),
        ),
        (
            "year + site, browse",
            |s| Some(q("", Some(s.year), Some(&s.site), None)),
            None,
        ),
        (
            "year, browse all sites",
            |s| Some(q("", Some(s.year), None, None)),
            None,
        ),
        (
            "department + year",
            |s| Some(q("", Some(s.year), None, Some(&s.department))),
            Some((alt_department, "department LIKE")),
        ),
        (
            "phrase of a clause, 4–6 characters (安全生产责任)",
            |s| s.clause.as_deref().map(|c| q(c, None, None, None)),
            Some((alt_phrase, "lines LIKE")),
        ),
        (
            "phrase + department",
            |s| {
                s.clause
                    .as_deref()
                    .map(|c| q(c, None, None, Some(&s.department)))
            },
            Some((alt_phrase, "lines LIKE")),
        ),
        (
            "phrase of a filled line, 8 characters",
            |s| s.filled.as_deref().map(|c| q(c, None, None, None)),
            // The plain alternative (every line LIKE, then the agreements holding any)
            // ran 9.5 min for one such query (2026-12-07) before it was stopped.
            None,
        ),
        (
            "name + year + site",
            |s| Some(q(&s.signer, Some(s.year), Some(&s.site), None)),
            Some(signer),
        ),
    ]
}

pub fn run(client: &mut Client, per_kind: usize, like_n: usize) -> Res<Vec<KindResult>> {
    let max_id: i64 = client
        .query_one("SELECT max(id) FROM agreements", &[])?
        .get(0);
    let warm = samples(client, 6 * per_kind, max_id, 7)?;
    let measured = samples(client, 6 * per_kind, max_id, 8)?;
    // BENCH_SLOW_MS=N names each query slower than N ms.
    let slow: Option<f64> = std::env::var("BENCH_SLOW_MS")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut out = Vec::new();
    for (kind, make, alt) in kinds() {
        // Warm-up: other queries of the same kind, untimed.
        for qr in warm.iter().filter_map(make).take(per_kind / 10) {
            search(client, &qr)?;
        }
        let queries: Vec<Query> = measured.iter().filter_map(make).take(per_kind).collect();
        let mut r = KindResult {
            kind,
            times_ms: Vec::new(),
            hits: Vec::new(),
            capped: 0,
            like_ms: Vec::new(),
            like_what: alt.map_or("", |a| a.1),
        };
        for qr in &queries {
            let t = Instant::now();
            let found = search(client, qr)?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            if slow.is_some_and(|s| ms > s) {
                eprintln!("  slow: {ms:.0} ms, total {}: {qr:?}", found.total);
            }
            r.times_ms.push(ms);
            r.hits.push(found.total);
            r.capped += usize::from(crate::capped(&found));
        }
        if let Some((alt, _)) = alt {
            for qr in queries.iter().take(like_n) {
                let (cond, params) = alt(qr);
                let t = Instant::now();
                plain(client, &cond, &params)?;
                r.like_ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        eprintln!("  {kind}: {} queries", r.times_ms.len());
        out.push(r);
    }
    Ok(out)
}

/// The same capped count and page as `search`, on `cond`.
fn plain(client: &mut Client, cond: &str, params: &[Box<dyn ToSql + Sync>]) -> Res<i64> {
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
    let total: i64 = client
        .query_one(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM agreements a WHERE {cond} LIMIT {}) t",
                signdesk_group::search::TOTAL_CAP + 1
            ),
            &refs,
        )?
        .get(0);
    client.query(
        &format!(
            "SELECT s.name, p.number, p.signer, p.department, p.employee_no, p.year, p.title,
                    p.signed_at, v.number IS NOT NULL
             FROM (SELECT a.id, a.site_id, a.number, a.signer, a.department, a.employee_no,
                          a.year, a.title, a.signed_at
                   FROM agreements a WHERE {cond}
                   ORDER BY a.signed_at DESC, a.id DESC LIMIT 50) p
             JOIN sites s ON s.id = p.site_id
             LEFT JOIN voids v ON v.site_id = p.site_id AND v.number = p.number
             ORDER BY p.signed_at DESC, p.id DESC"
        ),
        &refs,
    )?;
    Ok(total)
}

/// p-th percentile (nearest rank) of unsorted values.
pub fn pct(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}
