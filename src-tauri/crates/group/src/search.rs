//! Finding agreements across sites: by a name or part of one (the name's character
//! pairs under a GIN index) or a phrase of the signed text (its lines' pairs, then the
//! agreements holding those lines, both under GIN: migration 0003), pinyin or initials
//! (arrays under GIN), an employee or document number (btree), with year, site and
//! department filters (btree); browsing a year and site without text. Answers the total beside one page of hits: exact up
//! to [`TOTAL_CAP`], else "10,000+" (`total_capped`) — counting every one of 75,000
//! hits for a surname took longer than the page itself (BENCHMARKS.md, issue 25).

use postgres::GenericClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::GroupError;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "GroupQuery")]
pub struct Query {
    /// A name or part of it, pinyin, initials, an employee or document number; empty
    /// to browse.
    pub text: String,
    pub year: Option<i32>,
    pub site: Option<String>,
    pub department: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupHit")]
pub struct Hit {
    pub site: String,
    pub number: String,
    pub signer: String,
    pub department: String,
    pub employee_no: Option<String>,
    pub year: i32,
    pub title: String,
    pub signed_at: String,
    pub voided: bool,
}

/// Totals above this are not counted exactly: `total` is this and `total_capped` true.
pub const TOTAL_CAP: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupFound")]
pub struct Found {
    /// How many match; at most [`TOTAL_CAP`] ([`PHRASE_TOTAL_CAP`] for a query found
    /// in the signed texts).
    #[ts(type = "number")]
    pub total: i64,
    /// More than that match ("10000+", "1000+").
    pub total_capped: bool,
    pub hits: Vec<Hit>,
}

/// What the query text is, by its letters.
enum Text {
    None,
    /// Anything else (Han characters): part of a name, or a phrase of the text.
    Name(String),
    /// Latin letters only: pinyin or initials.
    Pinyin(String),
    /// Has digits: an employee or document number.
    Number(String),
}

fn classify(text: &str) -> Text {
    let t: String = signdesk_base::text::printable(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        Text::None
    } else if t.chars().all(|c| c.is_ascii_alphabetic()) {
        Text::Pinyin(t.to_ascii_lowercase())
    } else if t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/.".contains(c))
    {
        Text::Number(t)
    } else {
        Text::Name(t)
    }
}

type Params = Vec<Box<dyn postgres::types::ToSql + Sync>>;

/// The lines of the signed texts holding a phrase.
enum Lines {
    /// Their keys (sorted; one per line text, whichever sites hold it): the agreements
    /// holding any come from the GIN index on `line_keys`.
    Few(Vec<i64>),
    /// More than [`LINES_CAP`] different lines (a phrase of the filled blanks that
    /// every person's text has, with a different name beside it): each agreement is
    /// checked line by line instead, newest first, which is quick when they are many.
    Many,
}

/// The count's cap for a query found in the signed texts ("1000+").
pub const PHRASE_TOTAL_CAP: i64 = 1_000;

/// Beyond this many different lines, an id list costs more than checking agreements.
const LINES_CAP: i64 = 2_000;

/// The lines holding the query's text, when it is long enough to be a phrase (2+
/// characters): their pairs under GIN, then LIKE on the few left.
fn phrase_lines(db: &mut impl GenericClient, q: &Query) -> Result<Option<Lines>, GroupError> {
    let Text::Name(n) = classify(&q.text) else {
        return Ok(None);
    };
    if n.chars().count() < 2 {
        return Ok(None);
    }
    let pairs = crate::grams::query_grams(&n);
    let like = format!("%{}%", like_escape(&n));
    let site = q.site.as_deref().map(str::trim).unwrap_or("");
    let rows = db.query(
        "SELECT DISTINCT key FROM text_lines
         WHERE pairs @> $1 AND line LIKE $2
           AND ($3 = '' OR site_id = (SELECT id FROM sites WHERE name = $3))
         LIMIT $4",
        &[&pairs, &like, &site, &(LINES_CAP + 1)],
    )?;
    if rows.len() as i64 > LINES_CAP {
        return Ok(Some(Lines::Many));
    }
    let mut ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    ids.sort_unstable();
    Ok(Some(Lines::Few(ids)))
}

/// The query's conditions on `agreements a` alone (the site by its id), so that the
/// count and the page read no other table.
fn filter(q: &Query, lines: Option<Lines>) -> (String, Params) {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Params = Vec::new();
    let mut bind = |v: Box<dyn postgres::types::ToSql + Sync>| {
        params.push(v);
        format!("${}", params.len())
    };
    match classify(&q.text) {
        Text::None => {}
        Text::Name(n) => {
            let grams = crate::grams::query_grams(&n);
            let g = bind(Box::new(grams));
            let like = bind(Box::new(format!("%{}%", like_escape(&n))));
            match lines {
                None => conds.push(format!("a.name_grams @> {g} AND a.signer LIKE {like}")),
                // The name, or a line of the signed text holding the phrase.
                Some(Lines::Few(ids)) => {
                    let ids = bind(Box::new(ids));
                    conds.push(format!(
                        "((a.name_grams @> {g} AND a.signer LIKE {like}) OR a.line_keys && {ids})"
                    ));
                }
                Some(Lines::Many) => conds.push(format!(
                    "((a.name_grams @> {g} AND a.signer LIKE {like})
                      OR EXISTS (SELECT 1 FROM unnest(a.line_keys) AS u(k)
                                 JOIN text_lines t ON t.site_id = a.site_id AND t.key = u.k
                                 WHERE t.line LIKE {like}))"
                )),
            }
        }
        Text::Pinyin(p) => {
            let arr = bind(Box::new(vec![p]));
            conds.push(format!("(a.pinyin @> {arr} OR a.initials @> {arr})"));
        }
        Text::Number(n) => {
            let v = bind(Box::new(n));
            // Document numbers are unique per site, under the (site_id, number) index:
            // naming every site lets it be probed once per site instead of read whole
            // (BENCHMARKS.md, issue 25).
            conds.push(format!(
                "(a.employee_no = {v}
                  OR (a.site_id = ANY(ARRAY(SELECT id FROM sites)) AND a.number = {v}))"
            ));
        }
    }
    if let Some(y) = q.year {
        let v = bind(Box::new(y));
        conds.push(format!("a.year = {v}"));
    }
    if let Some(s) = q.site.as_deref().filter(|s| !s.trim().is_empty()) {
        let v = bind(Box::new(s.trim().to_string()));
        conds.push(format!(
            "a.site_id = (SELECT id FROM sites WHERE name = {v})"
        ));
    }
    if let Some(d) = q.department.as_deref().filter(|s| !s.trim().is_empty()) {
        let v = bind(Box::new(d.trim().to_string()));
        conds.push(format!("a.department = {v}"));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    (filter, params)
}

pub fn search(db: &mut impl GenericClient, q: &Query) -> Result<Found, GroupError> {
    let lines = phrase_lines(db, q)?;
    // A phrase found in the texts is counted to 1,000 only ("1000+"): a clause's hits
    // are often a whole template's agreements (phrase + department p95 65 → 40 ms at
    // 1,000,000; a phrase alone stayed ~220 ms: BENCHMARKS.md, issue 25).
    let cap = match &lines {
        Some(Lines::Many) => PHRASE_TOTAL_CAP,
        Some(Lines::Few(keys)) if !keys.is_empty() => PHRASE_TOTAL_CAP,
        _ => TOTAL_CAP,
    };
    let (filter, params) = filter(q, lines);
    let limit = q.limit.clamp(1, 500);
    let offset = q.offset.max(0);
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
        params.iter().map(|b| b.as_ref()).collect();
    let counted: i64 = db
        .query_one(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM agreements a {filter} LIMIT {}) t",
                cap + 1
            ),
            &refs,
        )?
        .get(0);
    // The page first, then its site names and voids: joined over the whole match, a
    // name's underestimated row count made the planner loop over every void for each
    // hit (seconds for a common surname).
    let rows = db.query(
        &format!(
            "SELECT s.name, p.number, p.signer, p.department, p.employee_no, p.year, p.title,
                    p.signed_at, v.number IS NOT NULL
             FROM (SELECT a.id, a.site_id, a.number, a.signer, a.department, a.employee_no,
                          a.year, a.title, a.signed_at
                   FROM agreements a {filter}
                   ORDER BY a.signed_at DESC, a.id DESC LIMIT {limit} OFFSET {offset}) p
             JOIN sites s ON s.id = p.site_id
             LEFT JOIN voids v ON v.site_id = p.site_id AND v.number = p.number
             ORDER BY p.signed_at DESC, p.id DESC"
        ),
        &refs,
    )?;
    let hits = rows
        .iter()
        .map(|r| Hit {
            site: r.get(0),
            number: r.get(1),
            signer: r.get(2),
            department: r.get(3),
            employee_no: r.get(4),
            year: r.get(5),
            title: r.get(6),
            signed_at: r.get(7),
            voided: r.get(8),
        })
        .collect();
    Ok(Found {
        total: counted.min(cap),
        total_capped: counted > cap,
        hits,
    })
}

/// How many hits one page of [`all`] brings (the most [`search`] answers at once).
const PAGE: i64 = 500;

/// Every hit of `q` (its limit and offset ignored), page by page, in the search's
/// order: what an export writes. Run it in one snapshot (a repeatable-read
/// transaction), so an arrival between two pages neither repeats nor skips a hit.
pub fn all(db: &mut impl GenericClient, q: &Query) -> Result<Vec<Hit>, GroupError> {
    let mut out = Vec::new();
    let mut page = Query {
        limit: PAGE,
        offset: 0,
        ..q.clone()
    };
    loop {
        let found = search(db, &page)?;
        let n = found.hits.len() as i64;
        out.extend(found.hits);
        // A capped total says nothing about the end: only a short page does.
        if n < PAGE || (!found.total_capped && out.len() as i64 >= found.total) {
            return Ok(out);
        }
        page.offset += n;
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// An agreement's PDF as the group stored it, the hash it arrived with, and its
/// number of copies (一式两份 → 2).
pub struct Stored {
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub copies: i32,
}

/// The stored PDF of one agreement by site and number (export and print re-hash it).
pub fn stored_pdf(
    db: &mut impl GenericClient,
    site: &str,
    number: &str,
) -> Result<Option<Stored>, GroupError> {
    Ok(db
        .query_opt(
            "SELECT p.bytes, a.pdf_sha256, a.copies FROM agreements a
             JOIN sites s ON s.id = a.site_id
             JOIN pdfs p ON p.sha256 = a.pdf_sha256
             WHERE s.name = $1 AND a.number = $2",
            &[&site, &number],
        )?
        .map(|r| Stored {
            pdf: r.get(0),
            sha256: r.get(1),
            copies: r.get(2),
        }))
}

/// One agreement's PDF by site and number (the group view's preview).
pub fn pdf(
    db: &mut impl GenericClient,
    site: &str,
    number: &str,
) -> Result<Option<Vec<u8>>, GroupError> {
    Ok(db
        .query_opt(
            "SELECT p.bytes FROM agreements a JOIN sites s ON s.id = a.site_id
             JOIN pdfs p ON p.sha256 = a.pdf_sha256
             WHERE s.name = $1 AND a.number = $2",
            &[&site, &number],
        )?
        .map(|r| r.get(0)))
}
