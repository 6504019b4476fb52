//! Finding agreements: by name (also 1–2 characters), pinyin (`zhangsan`, `zs`),
//! employee number, department, document number, and any phrase of the text.
//!
//! Why two paths: FTS5's trigram tokenizer matches only 3+ characters, and most
//! Chinese names are 2–3 characters. So names and other keys live in the
//! `search_terms` B-tree (exact and prefix lookups; every suffix of a name is
//! stored so that a middle or last character is a prefix lookup too), and phrases go
//! to the FTS5 table. Each path gives a tier; an agreement's best tier ranks it:
//!
//! | tier | match                                                     |
//! |------|-----------------------------------------------------------|
//! | 0    | exact name, employee number or document number            |
//! | 1    | name / employee number / document number starts with      |
//! | 2    | exact pinyin or initials (`zhangsan`, `zs`)                |
//! | 3    | pinyin or initials prefix, part of a name, department     |
//! | 4    | phrase in the title or the signed text (3+ characters)     |
//!
//! Newest first within a tier. User text never reaches SQL or the FTS5 query
//! language unescaped: it is cleaned by [`clean`] and bound as parameters; FTS5
//! terms are double-quoted strings.

use rusqlite::types::Value;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::people::pinyin_readings;
use crate::ArchiveError;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 100;
/// Page size when the caller asks for none, and the largest page.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 1000;

const KIND_NAME: i64 = 1;
const KIND_NAME_SUFFIX: i64 = 2;
const KIND_EMPLOYEE_NO: i64 = 3;
const KIND_PINYIN: i64 = 4;
const KIND_INITIALS: i64 = 5;
const KIND_DEPARTMENT: i64 = 6;
const KIND_NUMBER: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Signed,
    Voided,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Signed => "signed",
            Status::Voided => "voided",
        }
    }

    /// `signed`/`voided` (also 已签/已签署/作废/已作废).
    pub fn parse(s: &str) -> Result<Status, ArchiveError> {
        match s.trim().to_lowercase().as_str() {
            "signed" | "已签" | "已签署" | "有效" => Ok(Status::Signed),
            "voided" | "void" | "作废" | "已作废" => Ok(Status::Voided),
            other => Err(ArchiveError::invalid(
                "invalid_status",
                format!("状态只能是 signed（已签署）或 voided（已作废），而不是「{other}」"),
            )),
        }
    }
}

/// A search (or a selection for export and print: the same filters).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// What the user typed; empty lists everything that passes the filters.
    pub text: String,
    pub year: Option<i32>,
    /// Exact department name.
    pub department: Option<String>,
    /// Template id (slug), any version.
    pub template: Option<String>,
    pub status: Option<Status>,
    /// 0 means [`DEFAULT_LIMIT`]; at most [`MAX_LIMIT`].
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: i64,
    pub number: String,
    pub signer: String,
    pub year: i32,
    pub department: String,
    pub title: String,
    pub signed_at: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    /// All matches, not just this page.
    pub total: i64,
    pub hits: Vec<SearchHit>,
}

/// What [`index_agreement`] needs of a new agreement.
pub struct IndexEntry<'a> {
    pub title: &'a str,
    pub signed_text: &'a str,
    pub signer_name: &'a str,
    pub employee_no: Option<&'a str>,
    pub department: &'a str,
    pub number: &'a str,
}

pub(crate) fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFF0}'..='\u{FFFF}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// Full-width ASCII (ｚｓ，ＳＤ－２０２７) as typed by Chinese input methods → ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Cleans user text: full-width ASCII narrowed, control and invisible/bidi
/// characters (RTL overrides, zero-width) removed, whitespace collapsed.
/// Errors only when the text is too long.
pub fn clean(raw: &str) -> Result<String, ArchiveError> {
    let mut out = String::new();
    let mut space = false;
    for c in raw.chars().map(narrow) {
        if c.is_whitespace() {
            space = true;
        } else if !invisible(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if out.chars().count() > MAX_QUERY_CHARS {
        return Err(ArchiveError::invalid(
            "query_too_long",
            format!("搜索内容过长：最多 {MAX_QUERY_CHARS} 个字"),
        ));
    }
    Ok(out)
}

/// The form of a key in `search_terms`: cleaned, no spaces, lowercase.
pub fn key(s: &str) -> String {
    s.chars()
        .map(narrow)
        .filter(|c| !c.is_whitespace() && !invisible(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// An FTS5 query for the given words: each a double-quoted string (inner quotes
/// doubled), joined with AND. Words shorter than 3 characters cannot be matched by
/// the trigram index and are left out (see [`search`]). `None` when no word is left.
pub fn fts_query(cleaned: &str) -> Option<String> {
    let parts: Vec<String> = cleaned
        .split(' ')
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Writes the search entries of a new agreement (inside its transaction).
pub fn index_agreement(conn: &Connection, id: i64, e: &IndexEntry<'_>) -> Result<(), ArchiveError> {
    conn.execute(
        "INSERT INTO agreement_text(rowid, title, signed_text) VALUES (?1, ?2, ?3)",
        params![id, e.title, e.signed_text],
    )?;
    let mut st = conn.prepare_cached(
        "INSERT OR IGNORE INTO search_terms(kind, term, agreement_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut put = |kind: i64, term: &str| -> Result<(), ArchiveError> {
        if !term.is_empty() {
            st.execute(params![kind, term, id])?;
        }
        Ok(())
    };
    let name = key(e.signer_name);
    put(KIND_NAME, &name)?;
    for (i, _) in name.char_indices().skip(1) {
        put(KIND_NAME_SUFFIX, &name[i..])?;
    }
    if let Some(no) = e.employee_no {
        put(KIND_EMPLOYEE_NO, &key(no))?;
    }
    for (full, initials) in pinyin_readings(e.signer_name) {
        put(KIND_PINYIN, &full)?;
        put(KIND_INITIALS, &initials)?;
    }
    put(KIND_DEPARTMENT, &key(e.department))?;
    put(KIND_NUMBER, &key(e.number))?;
    Ok(())
}

/// Filters as SQL (on `agreements a` left-joined to `voids vo`) plus parameters.
fn filters(q: &SearchQuery, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(y) = q.year {
        params.push(Value::Integer(y.into()));
        sql.push_str(&format!(" AND a.year = ?{}", params.len()));
    }
    if let Some(d) = q
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        params.push(Value::Text(d.to_string()));
        sql.push_str(&format!(" AND a.department = ?{}", params.len()));
    }
    if let Some(t) = q
        .template
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        params.push(Value::Text(t.to_string()));
        sql.push_str(&format!(
            " AND a.template_version_id IN (SELECT v.id FROM template_versions v
               JOIN templates t ON t.id = v.template_id WHERE t.slug = ?{})",
            params.len()
        ));
    }
    match q.status {
        Some(Status::Signed) => sql.push_str(" AND vo.agreement_id IS NULL"),
        Some(Status::Voided) => sql.push_str(" AND vo.agreement_id IS NOT NULL"),
        None => {}
    }
    sql
}

/// The `(id, tier)` rows of every path that applies to the cleaned text.
fn matches_cte(cleaned: &str, params: &mut Vec<Value>) -> String {
    let k = key(cleaned);
    let mut arms: Vec<String> = Vec::new();
    let push = |params: &mut Vec<Value>, v: String| {
        params.push(Value::Text(v));
        params.len()
    };
    let lo = push(params, k.clone());
    let hi = push(params, format!("{k}\u{10FFFF}"));
    arms.push(format!(
        "SELECT agreement_id AS id, CASE WHEN term = ?{lo} THEN 0 ELSE 1 END AS tier
         FROM search_terms WHERE kind IN ({KIND_NAME}, {KIND_EMPLOYEE_NO}, {KIND_NUMBER})
           AND term >= ?{lo} AND term < ?{hi}"
    ));
    arms.push(format!(
        "SELECT agreement_id, 3 FROM search_terms
         WHERE kind IN ({KIND_NAME_SUFFIX}, {KIND_DEPARTMENT}) AND term >= ?{lo} AND term < ?{hi}"
    ));
    let letters: String = k.chars().filter(|c| *c != '\'').collect();
    if !letters.is_empty() && letters.chars().all(|c| c.is_ascii_lowercase()) {
        let plo = push(params, letters.clone());
        let phi = push(params, format!("{letters}\u{10FFFF}"));
        arms.push(format!(
            "SELECT agreement_id, CASE WHEN term = ?{plo} THEN 2 ELSE 3 END FROM search_terms
             WHERE kind IN ({KIND_PINYIN}, {KIND_INITIALS}) AND term >= ?{plo} AND term < ?{phi}"
        ));
    }
    if let Some(fts) = fts_query(cleaned) {
        let i = push(params, fts);
        let mut arm =
            format!("SELECT rowid, 4 FROM agreement_text WHERE agreement_text MATCH ?{i}");
        // Words too short for the trigram index must still appear in the text.
        for w in cleaned.split(' ').filter(|w| w.chars().count() < 3) {
            let j = push(params, w.to_string());
            arm.push_str(&format!(
                " AND rowid IN (SELECT id FROM agreements WHERE instr(title || signed_text, ?{j}) > 0)"
            ));
        }
        arms.push(arm);
    }
    format!(
        "WITH m(id, tier) AS ({}), h(id, tier) AS (SELECT id, min(tier) FROM m GROUP BY id)",
        arms.join(" UNION ALL ")
    )
}

const HIT_COLUMNS: &str =
    "a.id, a.number, a.signer_name, a.year, a.department, a.title, a.signed_at, vo.agreement_id IS NOT NULL";

fn hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<SearchHit> {
    let voided: bool = r.get(7)?;
    Ok(SearchHit {
        id: r.get(0)?,
        number: r.get(1)?,
        signer: r.get(2)?,
        year: r.get(3)?,
        department: r.get(4)?,
        title: r.get(5)?,
        signed_at: r.get(6)?,
        status: if voided {
            Status::Voided
        } else {
            Status::Signed
        },
    })
}

/// Runs a search: one page of hits, ranked, and the total number of matches.
pub fn search(conn: &Connection, q: &SearchQuery) -> Result<SearchResult, ArchiveError> {
    let limit = match q.limit {
        0 => DEFAULT_LIMIT,
        n => n.min(MAX_LIMIT),
    };
    let (total, hits) = run(conn, q, Some((limit, q.offset)))?;
    Ok(SearchResult { total, hits })
}

/// Every match of a query in rank order, ignoring `limit`/`offset`: the selection
/// that export and print work on.
pub fn select_ids(conn: &Connection, q: &SearchQuery) -> Result<Vec<i64>, ArchiveError> {
    Ok(run(conn, q, None)?.1.into_iter().map(|h| h.id).collect())
}

fn run(
    conn: &Connection,
    q: &SearchQuery,
    page: Option<(u32, u32)>,
) -> Result<(i64, Vec<SearchHit>), ArchiveError> {
    let cleaned = clean(&q.text)?;
    let mut params: Vec<Value> = Vec::new();
    let paging = |params: &mut Vec<Value>| match page {
        Some((limit, offset)) => {
            params.push(Value::Integer(limit.into()));
            params.push(Value::Integer(offset.into()));
            format!(" LIMIT ?{} OFFSET ?{}", params.len() - 1, params.len())
        }
        None => String::new(),
    };
    if cleaned.is_empty() {
        // Browsing: the filters alone, newest first (indexes on year/department).
        let where_ = filters(q, &mut params);
        let total: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
                 WHERE 1{where_}"
            ),
            rusqlite::params_from_iter(params.iter()),
            |r| r.get(0),
        )?;
        let tail = paging(&mut params);
        let sql = format!(
            "SELECT {HIT_COLUMNS} FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
             WHERE 1{where_} ORDER BY a.signed_at DESC, a.id DESC{tail}"
        );
        let mut st = conn.prepare(&sql)?;
        let hits = st
            .query_map(rusqlite::params_from_iter(params.iter()), hit)?
            .collect::<Result<Vec<_>, _>>()?;
        return Ok((total, hits));
    }
    let cte = matches_cte(&cleaned, &mut params);
    let where_ = filters(q, &mut params);
    let tail = paging(&mut params);
    // Rank and count on the narrow covering index; fetch the big rows only for the page.
    let sql = format!(
        "{cte}, r AS MATERIALIZED (
           SELECT h.id AS id, h.tier AS tier, a.signed_at AS at FROM h
           JOIN agreements a INDEXED BY agreements_hit ON a.id = h.id
           LEFT JOIN voids vo ON vo.agreement_id = a.id WHERE 1{where_}),
         p AS (SELECT id, tier, at FROM r ORDER BY tier, at DESC, id DESC{tail})
         SELECT {HIT_COLUMNS}, (SELECT count(*) FROM r) FROM p
         JOIN agreements a ON a.id = p.id LEFT JOIN voids vo ON vo.agreement_id = a.id
         ORDER BY p.tier, p.at DESC, p.id DESC"
    );
    let mut st = conn.prepare(&sql)?;
    let mut total = 0;
    let hits = st
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            total = r.get(8)?;
            hit(r)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if hits.is_empty() && q.offset > 0 {
        // Past the last page: count without paging.
        let (t, _) = run(
            conn,
            &SearchQuery {
                offset: 0,
                limit: 1,
                ..q.clone()
            },
            Some((1, 0)),
        )?;
        total = t;
    }
    Ok((total, hits))
}
