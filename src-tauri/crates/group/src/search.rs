//! Finding agreements across sites: by a name or part of one (the name's character
//! pairs under a GIN index), pinyin or initials (arrays under GIN), an employee or
//! document number (btree), with year, site and department filters (btree); browsing
//! a year and site without text. Answers the exact total beside one page of hits.

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupFound")]
pub struct Found {
    pub total: i64,
    pub hits: Vec<Hit>,
}

/// What the query text is, by its letters.
enum Text {
    None,
    /// Han characters: part of a name.
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
    } else if t.chars().any(|c| c.is_ascii_digit()) {
        Text::Number(t)
    } else {
        Text::Name(t)
    }
}

pub fn search(db: &mut impl GenericClient, q: &Query) -> Result<Found, GroupError> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Box<dyn postgres::types::ToSql + Sync>> = Vec::new();
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
            conds.push(format!("a.name_grams @> {g} AND a.signer LIKE {like}"));
        }
        Text::Pinyin(p) => {
            let arr = bind(Box::new(vec![p]));
            conds.push(format!("(a.pinyin @> {arr} OR a.initials @> {arr})"));
        }
        Text::Number(n) => {
            let v = bind(Box::new(n));
            conds.push(format!("(a.employee_no = {v} OR a.number = {v})"));
        }
    }
    if let Some(y) = q.year {
        let v = bind(Box::new(y));
        conds.push(format!("a.year = {v}"));
    }
    if let Some(s) = q.site.as_deref().filter(|s| !s.trim().is_empty()) {
        let v = bind(Box::new(s.trim().to_string()));
        conds.push(format!("s.name = {v}"));
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
    let limit = q.limit.clamp(1, 500);
    let offset = q.offset.max(0);
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
        params.iter().map(|b| b.as_ref()).collect();
    let total: i64 = db
        .query_one(
            &format!("SELECT count(*) FROM agreements a JOIN sites s ON s.id = a.site_id {filter}"),
            &refs,
        )?
        .get(0);
    let rows = db.query(
        &format!(
            "SELECT s.name, a.number, a.signer, a.department, a.employee_no, a.year, a.title,
                    a.signed_at, v.number IS NOT NULL
             FROM agreements a JOIN sites s ON s.id = a.site_id
             LEFT JOIN voids v ON v.site_id = a.site_id AND v.number = a.number
             {filter}
             ORDER BY a.signed_at DESC, a.id DESC LIMIT {limit} OFFSET {offset}"
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
    Ok(Found { total, hits })
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
        if n < PAGE || out.len() as i64 >= found.total {
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

/// One agreement's PDF by site and number with the SHA-256 (hex) the group stored it
/// under when it arrived: the export re-hashes the bytes against it.
pub fn stored_pdf(
    db: &mut impl GenericClient,
    site: &str,
    number: &str,
) -> Result<Option<(Vec<u8>, String)>, GroupError> {
    Ok(db
        .query_opt(
            "SELECT p.bytes, a.pdf_sha256 FROM agreements a JOIN sites s ON s.id = a.site_id
             JOIN pdfs p ON p.sha256 = a.pdf_sha256
             WHERE s.name = $1 AND a.number = $2",
            &[&site, &number],
        )?
        .map(|r| (r.get(0), r.get(1))))
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
