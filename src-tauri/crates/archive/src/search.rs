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

use signdesk_base::ErrorKind;
use std::collections::{HashMap, HashSet};

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

/// Control, invisible and direction characters: the one rule of `signdesk_base::text`,
/// so a query matches what was stored and printed.
pub(crate) fn invisible(c: char) -> bool {
    signdesk_base::text::hidden(c).is_some()
}

/// Full-width ASCII (ｚｓ，ＳＤ－２０２７) as typed by Chinese input methods → ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// ASCII punctuation as template import writes it next to Chinese text (`，：；？！（）`).
fn widen(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => c,
    }
}

/// Cleans user text: control and invisible/bidi characters (RTL overrides,
/// zero-width) removed, whitespace (the ideographic space too) collapsed; every
/// other character is kept as typed — phrases are looked for as typed too (see
/// [`word_forms`]), and keys are narrowed by [`key`]. Errors only when the text is
/// too long.
pub fn clean(raw: &str) -> Result<String, ArchiveError> {
    let mut out = String::new();
    let mut space = false;
    // NFC as names are stored (signdesk_base::text), so a decomposed query still finds.
    for c in signdesk_base::text::nfc(raw).chars() {
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
            ErrorKind::QueryTooLong,
            format!("搜索内容过长：最多 {MAX_QUERY_CHARS} 个字"),
        ));
    }
    Ok(out)
}

/// The form of a key in `search_terms`: cleaned, no spaces, lowercase.
pub fn key(s: &str) -> String {
    signdesk_base::text::nfc(s)
        .chars()
        .map(narrow)
        .filter(|c| !c.is_whitespace() && !invisible(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The forms in which a typed word may stand in an agreement: as typed; with
/// full-width letters, digits and punctuation narrowed (`ＳＤ－２０２７` → `SD-2027`,
/// as input methods type them); and with ASCII punctuation widened (`制度,杜绝` →
/// `制度，杜绝`, as template import writes it next to Chinese text). So a phrase
/// copied out of an agreement finds it, and so does the same phrase typed without
/// the input method. One to three forms, no two alike.
pub fn word_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    for form in [
        word.chars().map(narrow).collect::<String>(),
        word.chars().map(widen).collect(),
    ] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// An FTS5 query for the given words: each word's forms ([`word_forms`]) as
/// double-quoted strings (inner quotes doubled), alternatives in parentheses joined
/// with OR, words joined with AND. Words shorter than 3 characters cannot be matched
/// by the trigram index and are left out (see [`search`]). `None` when no word is
/// left.
pub fn fts_query(cleaned: &str) -> Option<String> {
    let parts: Vec<String> = cleaned
        .split(' ')
        .filter(|w| w.chars().count() >= 3)
        .map(|w| {
            let forms: Vec<String> = word_forms(w)
                .iter()
                .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                .collect();
            match forms.as_slice() {
                [one] => one.clone(),
                _ => format!("({})", forms.join(" OR ")),
            }
        })
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
    if let Some(d) = department(q) {
        params.push(Value::Text(d.to_string()));
        sql.push_str(&format!(" AND a.department = ?{}", params.len()));
    }
    if let Some(t) = template(q) {
        params.push(Value::Text(t.to_string()));
        sql.push_str(&format!(
            " AND a.template_version_id IN ({})",
            template_versions(params.len())
        ));
    }
    match q.status {
        Some(Status::Signed) => sql.push_str(" AND vo.agreement_id IS NULL"),
        Some(Status::Voided) => sql.push_str(" AND vo.agreement_id IS NOT NULL"),
        None => {}
    }
    sql
}

/// SQL for the version ids of the template whose slug is parameter `?{param}`.
fn template_versions(param: usize) -> String {
    format!(
        "SELECT v.id FROM template_versions v JOIN templates t ON t.id = v.template_id
         WHERE t.slug = ?{param}"
    )
}

fn department(q: &SearchQuery) -> Option<&str> {
    q.department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
}

fn template(q: &SearchQuery) -> Option<&str> {
    q.template
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Whether a filter other than the status narrows the search.
fn narrowed(q: &SearchQuery) -> bool {
    q.year.is_some() || department(q).is_some() || template(q).is_some()
}

/// Up to this many matches (names, numbers, a rare phrase) are checked against the
/// filters one by one; more, and the filters' own matches are listed from their
/// indexes instead.
const FEW: usize = 256;

/// The agreements the filters let through, listed from the indexes on year,
/// department and template (id only, never the large rows) and the `voids` table.
struct Allowed {
    /// Sorted ids when year, department, template or "voided" narrow the search.
    only: Option<Vec<i64>>,
    /// Sorted voided ids when only signed agreements are wanted.
    except: Vec<i64>,
}

impl Allowed {
    fn everything() -> Allowed {
        Allowed {
            only: None,
            except: Vec::new(),
        }
    }

    fn of(conn: &Connection, q: &SearchQuery) -> Result<Allowed, ArchiveError> {
        let mut sets: Vec<Vec<i64>> = Vec::new();
        if let Some(y) = q.year {
            sets.push(sorted_ids(
                conn,
                "SELECT id FROM agreements WHERE year = ?1",
                &[&y],
            )?);
        }
        if let Some(d) = department(q) {
            sets.push(sorted_ids(
                conn,
                "SELECT id FROM agreements WHERE department = ?1",
                &[&d],
            )?);
        }
        if let Some(t) = template(q) {
            sets.push(sorted_ids(
                conn,
                &format!(
                    "SELECT id FROM agreements WHERE template_version_id IN ({})",
                    template_versions(1)
                ),
                &[&t],
            )?);
        }
        let mut except = Vec::new();
        match q.status {
            Some(Status::Voided) => {
                sets.push(sorted_ids(conn, "SELECT agreement_id FROM voids", &[])?)
            }
            Some(Status::Signed) => {
                except = sorted_ids(conn, "SELECT agreement_id FROM voids", &[])?
            }
            None => {}
        }
        let only = sets.into_iter().reduce(|a, b| {
            a.into_iter()
                .filter(|id| b.binary_search(id).is_ok())
                .collect()
        });
        Ok(Allowed { only, except })
    }

    fn admits(&self, id: i64) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.binary_search(&id).is_ok())
            && self.except.binary_search(&id).is_err()
    }

    /// The smallest and largest id that can pass, when that bounds the phrase search
    /// usefully: FTS5 checks a range on every hit, which costs ~20%, so a range that
    /// leaves out less than half of the archive is not worth it.
    fn span(&self, conn: &Connection) -> Result<Option<(i64, i64)>, ArchiveError> {
        let Some(only) = &self.only else {
            return Ok(None);
        };
        let (Some(lo), Some(hi)) = (only.first(), only.last()) else {
            return Ok(Some((1, 0)));
        };
        let newest: i64 = conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM agreements")?
            .query_row([], |r| r.get(0))?;
        Ok((hi - lo < newest / 2).then_some((*lo, *hi)))
    }
}

/// The ids a one-column query returns, sorted.
fn sorted_ids(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<i64>, ArchiveError> {
    let mut st = conn.prepare_cached(sql)?;
    let mut v = st
        .query_map(params, |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    v.sort_unstable();
    Ok(v)
}

/// A JSON array of ids, for `IN (SELECT value FROM json_each(?))`.
fn json_ids(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

/// `(id, tier)` of every name, employee number, document number, pinyin and
/// department match (tiers 0–3), each agreement once with its best tier.
fn keyed_matches(conn: &Connection, cleaned: &str) -> Result<Vec<(i64, i64)>, ArchiveError> {
    let k = key(cleaned);
    let mut params: Vec<Value> = vec![
        Value::Text(k.clone()),
        Value::Text(format!("{k}\u{10FFFF}")),
    ];
    let mut arms = vec![
        format!(
            "SELECT agreement_id, CASE WHEN term = ?1 THEN 0 ELSE 1 END FROM search_terms
             WHERE kind IN ({KIND_NAME}, {KIND_EMPLOYEE_NO}, {KIND_NUMBER}) AND term >= ?1 AND term < ?2"
        ),
        format!(
            "SELECT agreement_id, 3 FROM search_terms
             WHERE kind IN ({KIND_NAME_SUFFIX}, {KIND_DEPARTMENT}) AND term >= ?1 AND term < ?2"
        ),
    ];
    let letters: String = k.chars().filter(|c| *c != '\'').collect();
    if !letters.is_empty() && letters.chars().all(|c| c.is_ascii_lowercase()) {
        params.push(Value::Text(letters.clone()));
        params.push(Value::Text(format!("{letters}\u{10FFFF}")));
        arms.push(format!(
            "SELECT agreement_id, CASE WHEN term = ?3 THEN 2 ELSE 3 END FROM search_terms
             WHERE kind IN ({KIND_PINYIN}, {KIND_INITIALS}) AND term >= ?3 AND term < ?4"
        ));
    }
    let mut st = conn.prepare_cached(&arms.join(" UNION ALL "))?;
    let mut best: HashMap<i64, i64> = HashMap::new();
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        let (id, tier): (i64, i64) = (r.get(0)?, r.get(1)?);
        best.entry(id)
            .and_modify(|t| *t = (*t).min(tier))
            .or_insert(tier);
    }
    Ok(best.into_iter().collect())
}

/// Of the given ids, those that pass the filters (checked row by row: for few ids).
fn passing(conn: &Connection, q: &SearchQuery, ids: &[i64]) -> Result<HashSet<i64>, ArchiveError> {
    let mut params = vec![Value::Text(json_ids(ids))];
    let where_ = filters(q, &mut params);
    let mut st = conn.prepare_cached(&format!(
        "SELECT a.id FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
         WHERE a.id IN (SELECT value FROM json_each(?1)){where_}"
    ))?;
    let ok = st
        .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
        .collect::<Result<HashSet<i64>, _>>()?;
    Ok(ok)
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
