//! Property tests on one populated archive (`shared`): any text is a valid search;
//! the FTS5 query of any typed text matches exactly the agreements holding every word
//! of 3+ characters, checked on the real trigram table; a phrase copied out of an
//! agreement finds it.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use signdesk_archive::search::{self, SearchQuery};

use crate::shared;

/// `cases` cases; failures are kept in `properties.proptest-regressions` beside this
/// file (proptest's default would look for the `main.rs` of this test binary and write
/// to `tests/proptest-regressions/` instead).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_text_is_safe(text in "\\PC{0,40}|[\"*():^ORNEA\\- \u{202E}\u{0}-\u{1f}张三zs]{0,30}") {
        let f = shared().lock().unwrap();
        let r = search::search(f.a.read(), &SearchQuery { text: text.clone(), ..Default::default() });
        prop_assert!(r.is_ok(), "{:?}: {:?}", text, r.err());
    }

    #[test]
    fn cleaned_text_has_no_controls_and_fts_terms_are_quoted(text in "\\PC{0,60}|[\\x00-\\x7f\u{202A}-\u{202E}]{0,60}") {
        if let Ok(c) = search::clean(&text) {
            let bidi = '\u{202A}'..='\u{202E}';
            prop_assert!(!c.chars().any(|ch| ch.is_control() || bidi.contains(&ch)));
            prop_assert!(!c.starts_with(' ') && !c.ends_with(' ') && !c.contains("  "));
            if let Some(q) = search::fts_query(&c) {
                for part in q.split(" AND ") {
                    let forms = match part.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
                        Some(alternatives) => alternatives.split(" OR ").collect(),
                        None => vec![part],
                    };
                    for form in forms {
                        prop_assert!(form.starts_with('"') && form.ends_with('"') && form.len() >= 2);
                        let inner = &form[1..form.len() - 1];
                        prop_assert!(!inner.replace("\"\"", "").contains('"'), "{}", q);
                    }
                }
            }
        }
    }
}

/// Titles and texts the fixture's agreements hold, for words that do match.
const FIXTURE_TEXTS: &[&str] = &[
    "客服部安全目标责任书",
    "燃气安全生产责任书",
    "严格执行燃气管网巡检制度，杜绝违章动火作业。",
    "热情服务客户，营业厅消防通道保持畅通。",
];

/// A word of a query: a piece of the fixture's texts (3–6 characters), or anything
/// typed, FTS5's own syntax included.
fn query_word() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(FIXTURE_TEXTS),
            any::<prop::sample::Index>(),
            3usize..7
        )
            .prop_map(|(t, at, n)| {
                let c: Vec<char> = t.chars().collect();
                let i = at.index(c.len() - n + 1);
                c[i..i + n].iter().collect()
            }),
        "[\"*():^ORNEAD{}+.,\\-张三服务消防全目标a-cA-C]{1,6}",
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// The FTS5 query made of what the user typed never errors and matches exactly
    /// the agreements whose title or text holds every word of 3+ characters in one of
    /// its forms — as typed, narrowed or widened (FTS5 operators, quotes and stars are
    /// text): never everything, never less.
    #[test]
    fn the_fts_query_matches_exactly_the_texts_holding_every_word(
        words in prop::collection::vec(query_word(), 1..4),
        seps in prop::collection::vec(prop::sample::select(vec![" ", "  ", "\u{3000}", "\t", "\u{200B} "]), 3),
    ) {
        let mut typed = String::new();
        for (i, w) in words.iter().enumerate() {
            typed.push_str(w);
            typed.push_str(seps[i % seps.len()]);
        }
        let cleaned = search::clean(&typed).unwrap();
        let long: Vec<Vec<String>> = cleaned
            .split(' ')
            .filter(|w| w.chars().count() >= 3)
            .map(|w| {
                let forms = search::word_forms(w);
                assert_eq!(forms[0], w);
                forms.iter().map(|f| f.to_lowercase()).collect()
            })
            .collect();
        let f = shared().lock().unwrap();
        let conn = f.a.read();
        let Some(q) = search::fts_query(&cleaned) else {
            prop_assert!(long.is_empty());
            return Ok(());
        };
        let mut st = conn
            .prepare("SELECT rowid FROM agreement_text WHERE agreement_text MATCH ?1 ORDER BY rowid")
            .unwrap();
        let got: Result<Vec<i64>, _> = st.query_map([&q], |r| r.get(0)).unwrap().collect();
        let got = got.map_err(|e| TestCaseError::fail(format!("{q}: {e}")))?;
        let mut st = conn.prepare("SELECT id, title, signed_text FROM agreements ORDER BY id").unwrap();
        let want: Vec<i64> = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .filter(|(_, title, text)| {
                let (title, text) = (title.to_lowercase(), text.to_lowercase());
                long.iter().all(|forms| {
                    forms.iter().any(|w| title.contains(w.as_str()) || text.contains(w.as_str()))
                })
            })
            .map(|(id, _, _)| id)
            .collect();
        prop_assert_eq!(got, want, "{:?} → {}", typed, q);
    }

    /// A phrase copied out of an agreement's title or text (3+ characters, Chinese
    /// punctuation included) finds every agreement that holds it, and so does the
    /// same phrase typed without the input method (full-width punctuation as ASCII).
    #[test]
    fn a_phrase_copied_from_an_agreement_finds_it(
        t in prop::sample::select(FIXTURE_TEXTS),
        at in any::<prop::sample::Index>(),
        n in 3usize..8,
    ) {
        let c: Vec<char> = t.chars().collect();
        let i = at.index(c.len() - n + 1);
        let phrase: String = c[i..i + n].iter().collect();
        let ascii: String = phrase
            .chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
                _ => c,
            })
            .collect();
        let f = shared().lock().unwrap();
        let mut st = f.a.read().prepare("SELECT id FROM agreements WHERE instr(title, ?1) OR instr(signed_text, ?1)").unwrap();
        let holding: Vec<i64> = st.query_map([&phrase], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        prop_assert!(!holding.is_empty());
        for typed in [&phrase, &ascii] {
            let r = search::search(
                f.a.read(),
                &SearchQuery { text: typed.clone(), limit: search::MAX_LIMIT, ..Default::default() },
            )
            .unwrap();
            let found: Vec<i64> = r.hits.iter().map(|h| h.id).collect();
            for id in &holding {
                prop_assert!(found.contains(id), "{:?} does not find agreement {}", typed, id);
            }
        }
    }
}
