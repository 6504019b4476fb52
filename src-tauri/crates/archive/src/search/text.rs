//! User text as search sees it: cleaned, narrowed, widened, and as an FTS5 query.

use signdesk_base::ErrorKind;

use super::MAX_QUERY_CHARS;
use crate::ArchiveError;

/// Control, invisible and direction characters: the one rule of `signdesk_base::text`,
/// so a query matches what was stored and printed.
fn invisible(c: char) -> bool {
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
