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
//! Newest signing first within a tier, by id: ids are given in signing order and
//! agreements are never deleted, so this is the order of `signed_at` without
//! reading it. Phrase hits (tier 4) are therefore **ordered by date, newest first,
//! not by relevance**, which suits an archive, and come straight from the FTS5
//! doclist in that order: neither sorted nor looked up in the large agreement rows.
//!
//! How a search runs (timings at 100,000 agreements in BENCHMARKS.md): the key
//! matches (tiers 0–3) are read from `search_terms`, the phrase's hits from FTS5
//! (rowids only); only the page's rows are read from `agreements`. Filters come from
//! whichever side is cheaper: a few matches are checked row by row; otherwise the
//! ids the filters admit are listed from their own indexes (year, department,
//! template, `voids`), which also bounds the phrase search to their range of ids. A
//! phrase alone is counted inside FTS5 and only its page is listed. The total is
//! always exact; its cost grows with the number of phrase hits (a phrase found in a
//! third of 100,000 agreements takes ~15 ms on one core just to count).
//!
//! User text never reaches SQL or the FTS5 query language unescaped: it is cleaned
//! by [`clean`] and bound as parameters; FTS5 terms are double-quoted strings.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::ArchiveError;

mod index;
mod plan;
mod text;

pub use index::index_agreement;
use plan::*;
pub use text::{clean, fts_query, key, word_forms};

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

/// Signed or voided (the closed set shared with the UI: `signdesk_base`).
pub use signdesk_base::AgreementStatus as Status;

impl From<signdesk_base::status::UnknownState> for ArchiveError {
    fn from(e: signdesk_base::status::UnknownState) -> ArchiveError {
        ArchiveError::invalid(e.kind(), e.to_string())
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
    /// Only agreements with (true) or without (false) an assessment result.
    #[serde(default)]
    pub assessed: Option<bool>,
    /// Current score at least / at most, in hundredths of a point (89.5 → 8950).
    #[serde(default)]
    pub score_min: Option<i64>,
    #[serde(default)]
    pub score_max: Option<i64>,
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

/// The rows of a page of ids, in the same order.
fn hits(conn: &Connection, ids: &[i64]) -> Result<Vec<SearchHit>, ArchiveError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT {HIT_COLUMNS} FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
         WHERE a.id IN (SELECT value FROM json_each(?1))"
    ))?;
    let mut by_id: HashMap<i64, SearchHit> = st
        .query_map([json_ids(ids)], hit)?
        .map(|h| h.map(|h| (h.id, h)))
        .collect::<Result<_, _>>()?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Runs a search: one page of hits, ranked, and the total number of matches.
pub fn search(conn: &Connection, q: &SearchQuery) -> Result<SearchResult, ArchiveError> {
    let limit = match q.limit {
        0 => DEFAULT_LIMIT,
        n => n.min(MAX_LIMIT),
    };
    let (total, ids) = run(conn, q, Some((limit, q.offset)))?;
    Ok(SearchResult {
        total,
        hits: hits(conn, &ids)?,
    })
}

/// Every match of a query in rank order, ignoring `limit`/`offset`: the selection
/// that export and print work on.
pub fn select_ids(conn: &Connection, q: &SearchQuery) -> Result<Vec<i64>, ArchiveError> {
    Ok(run(conn, q, None)?.1)
}

/// The total number of matches and the ids of the page (all when `page` is `None`).
fn run(
    conn: &Connection,
    q: &SearchQuery,
    page: Option<(u32, u32)>,
) -> Result<(i64, Vec<i64>), ArchiveError> {
    let cleaned = clean(&q.text)?;
    if cleaned.is_empty() {
        return browse(conn, q, page);
    }
    let mut keyed = keyed_matches(conn, &cleaned)?;
    let phrase = fts_query(&cleaned).map(|fts| Phrase {
        fts,
        // Words too short for the trigram index must still appear in the text.
        short: cleaned
            .split(' ')
            .filter(|w| w.chars().count() < 3)
            .map(word_forms)
            .collect(),
    });
    if let (Some(p), Some((limit, offset))) = (&phrase, page) {
        if keyed.is_empty() && p.short.is_empty() && !narrowed(q) && q.status.is_none() {
            // Only phrase hits and nothing to check them against: count them in
            // FTS5 and read just the page, newest first.
            let total = conn
                .prepare_cached(
                    "SELECT count(*) FROM agreement_text WHERE agreement_text MATCH ?1",
                )?
                .query_row([&p.fts], |r| r.get(0))?;
            let ids = ids_in_order(
                conn,
                "SELECT rowid FROM agreement_text WHERE agreement_text MATCH ?1
                 ORDER BY rowid DESC LIMIT ?2 OFFSET ?3",
                params![p.fts, limit, offset],
            )?;
            return Ok((total, ids));
        }
    }
    // The cheaper side drives. A few matches (names, or a rare phrase) are checked
    // against the filters row by row; otherwise the ids the filters admit are listed
    // from their own indexes, which also bounds the phrase search to their range.
    let mut phrase_hits: Option<Vec<i64>> = None;
    let allowed = if narrowed(q) && keyed.len() <= FEW {
        let few = match &phrase {
            Some(p) => p.hits(conn, None, Some(FEW - keyed.len()))?,
            None => Some(Vec::new()),
        };
        match few {
            Some(hits) => {
                let candidates: Vec<i64> = keyed
                    .iter()
                    .map(|(id, _)| *id)
                    .chain(hits.iter().copied())
                    .collect();
                let ok = passing(conn, q, &candidates)?;
                keyed.retain(|(id, _)| ok.contains(id));
                phrase_hits = Some(hits.into_iter().filter(|id| ok.contains(id)).collect());
                Allowed::everything()
            }
            None => Allowed::of(conn, q)?,
        }
    } else if narrowed(q) || q.status.is_some() {
        Allowed::of(conn, q)?
    } else {
        Allowed::everything()
    };
    keyed.retain(|(id, _)| allowed.admits(*id));
    // Best tier first, newest signing (highest id) first within a tier.
    keyed.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    let mut ids: Vec<i64> = keyed.iter().map(|(id, _)| *id).collect();
    if let Some(p) = phrase {
        let hits = match phrase_hits {
            Some(hits) => hits,
            None => p.hits(conn, allowed.span(conn)?, None)?.unwrap_or_default(),
        };
        let mut seen: Vec<i64> = ids.clone();
        seen.sort_unstable();
        let mut check = p.word_check(conn)?;
        for id in hits {
            if allowed.admits(id) && seen.binary_search(&id).is_err() && check(id)? {
                ids.push(id);
            }
        }
    }
    let total = ids.len() as i64;
    let ids = match page {
        Some((limit, offset)) => ids
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect(),
        None => ids,
    };
    Ok((total, ids))
}

/// A phrase search: the FTS5 query and the words too short for it (each in its
/// forms).
struct Phrase {
    fts: String,
    short: Vec<Vec<String>>,
}

impl Phrase {
    /// The FTS5 hits, newest first, within an id range if given; `None` when there
    /// are more than `cap`. Straight from the doclist in rowid order: nothing is
    /// sorted and the agreement rows are not read.
    fn hits(
        &self,
        conn: &Connection,
        range: Option<(i64, i64)>,
        cap: Option<usize>,
    ) -> Result<Option<Vec<i64>>, ArchiveError> {
        let mut st = conn.prepare_cached(if range.is_some() {
            "SELECT rowid FROM agreement_text WHERE agreement_text MATCH ?1
             AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC"
        } else {
            "SELECT rowid FROM agreement_text WHERE agreement_text MATCH ?1
             ORDER BY rowid DESC"
        })?;
        let mut rows = match range {
            Some((lo, hi)) => st.query(params![self.fts, lo, hi])?,
            None => st.query([&self.fts])?,
        };
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            if cap.is_some_and(|cap| out.len() >= cap) {
                return Ok(None);
            }
            out.push(r.get(0)?);
        }
        Ok(Some(out))
    }

    /// Whether an agreement's title and text hold every short word (in one of its
    /// forms).
    fn word_check<'c>(
        &self,
        conn: &'c Connection,
    ) -> Result<impl FnMut(i64) -> Result<bool, ArchiveError> + use<'c, '_>, ArchiveError> {
        let mut param = 1;
        let cond: Vec<String> = self
            .short
            .iter()
            .map(|forms| {
                let any: Vec<String> = forms
                    .iter()
                    .map(|_| {
                        param += 1;
                        format!("instr(title || signed_text, ?{param}) > 0")
                    })
                    .collect();
                format!(" AND ({})", any.join(" OR "))
            })
            .collect();
        let mut st = (!self.short.is_empty())
            .then(|| {
                conn.prepare_cached(&format!(
                    "SELECT EXISTS (SELECT 1 FROM agreements WHERE id = ?1{})",
                    cond.concat()
                ))
            })
            .transpose()?;
        Ok(move |id: i64| -> Result<bool, ArchiveError> {
            let Some(st) = st.as_mut() else {
                return Ok(true);
            };
            let mut p: Vec<Value> = vec![Value::Integer(id)];
            p.extend(self.short.iter().flatten().map(|w| Value::Text(w.clone())));
            Ok(st.query_row(rusqlite::params_from_iter(p.iter()), |r| r.get(0))?)
        })
    }
}

/// The ids a one-column query returns, in its order.
fn ids_in_order(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<i64>, ArchiveError> {
    let mut st = conn.prepare_cached(sql)?;
    let v = st
        .query_map(params, |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(v)
}

/// Browsing: the filters alone, newest first (indexes on year/department).
fn browse(
    conn: &Connection,
    q: &SearchQuery,
    page: Option<(u32, u32)>,
) -> Result<(i64, Vec<i64>), ArchiveError> {
    let mut params: Vec<Value> = Vec::new();
    let where_ = filters(q, &mut params);
    let total: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
             WHERE 1{where_}"
        ),
        rusqlite::params_from_iter(params.iter()),
        |r| r.get(0),
    )?;
    let tail = match page {
        Some((limit, offset)) => {
            params.push(Value::Integer(limit.into()));
            params.push(Value::Integer(offset.into()));
            format!(" LIMIT ?{} OFFSET ?{}", params.len() - 1, params.len())
        }
        None => String::new(),
    };
    let mut st = conn.prepare(&format!(
        "SELECT a.id FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
         WHERE 1{where_} ORDER BY a.signed_at DESC, a.id DESC{tail}"
    ))?;
    let ids = st
        .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok((total, ids))
}
