//! Search over a real on-disk archive: each kind of query finds what it should and
//! not what it should not; hostile text never reaches SQL.
#![allow(clippy::unwrap_used)] // test helpers panic by design

mod common;

use common::*;
use proptest::prelude::*;
use signdesk_archive::search::{self, SearchQuery, Status};
use signdesk_archive::{voids, Archive};

struct Fixture {
    _dir: tempfile::TempDir,
    a: Archive,
}

fn fixture() -> Fixture {
    let (dir, mut a) = fresh();
    let kefu = template(&mut a, "kefu", "客服部安全目标责任书");
    let gas = template(&mut a, "gas", "燃气安全生产责任书");
    let people = [
        ("张三", Some("E001"), "客服部", 2026, kefu),
        ("张三", Some("E002"), "工程部", 2027, gas),
        ("张三丰", Some("E003"), "客服部", 2027, kefu),
        ("王五", Some("E004"), "客服部", 2027, kefu),
        ("李四", None, "工程部", 2026, gas),
        ("欧阳娜娜", Some("X-77"), "财务部", 2027, kefu),
        ("单雄信", Some("E006"), "工程部", 2027, gas),
    ];
    for (name, no, dept, year, v) in people {
        let text = if v == gas {
            "严格执行燃气管网巡检制度，杜绝违章动火作业。"
        } else {
            "热情服务客户，营业厅消防通道保持畅通。"
        };
        let title = if v == gas {
            "燃气安全生产责任书"
        } else {
            "客服部安全目标责任书"
        };
        sign(
            &mut a,
            v,
            &Spec {
                name,
                employee_no: no,
                department: dept,
                year,
                text,
                title,
                ..Spec::default()
            },
        );
    }
    Fixture { _dir: dir, a }
}

fn find(f: &Fixture, text: &str) -> Vec<(String, String)> {
    find_q(
        f,
        SearchQuery {
            text: text.into(),
            ..Default::default()
        },
    )
}

fn find_q(f: &Fixture, q: SearchQuery) -> Vec<(String, String)> {
    let r = search::search(f.a.read(), &q).unwrap();
    assert!(r.total as usize >= r.hits.len());
    r.hits
        .into_iter()
        .map(|h| (h.signer, h.department))
        .collect()
}

fn names(f: &Fixture, text: &str) -> Vec<String> {
    find(f, text).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn exact_name_ranks_before_longer_names_that_contain_it() {
    let f = fixture();
    assert_eq!(
        names(&f, "张三"),
        ["张三", "张三", "张三丰"],
        "exact first, then prefix"
    );
    assert_eq!(names(&f, "张三丰"), ["张三丰"], "张三丰 does not find 张三");
    // Same name in two departments: both, newest first.
    assert_eq!(
        find(&f, "张三")[..2],
        [
            ("张三".into(), "工程部".into()),
            ("张三".into(), "客服部".into())
        ]
    );
}

#[test]
fn two_character_and_single_character_queries() {
    let f = fixture();
    assert_eq!(names(&f, "王五"), ["王五"]);
    assert_eq!(names(&f, "李四"), ["李四"]);
    assert!(names(&f, "王四").is_empty());
    let zhang = names(&f, "张");
    assert_eq!(zhang.len(), 3);
    assert!(zhang.iter().all(|n| n.starts_with('张')));
    assert_eq!(
        names(&f, "丰"),
        ["张三丰"],
        "a last character finds the name"
    );
    assert_eq!(names(&f, "娜娜"), ["欧阳娜娜"]);
    assert!(names(&f, "五王").is_empty());
}

#[test]
fn pinyin_full_and_initials() {
    let f = fixture();
    assert_eq!(names(&f, "zhangsan"), ["张三", "张三", "张三丰"]);
    assert_eq!(names(&f, "zhangsanfeng"), ["张三丰"]);
    assert_eq!(
        names(&f, "ZS"),
        ["张三", "张三", "张三丰"],
        "case-insensitive, exact initials first"
    );
    assert_eq!(names(&f, "zsf"), ["张三丰"]);
    assert_eq!(
        names(&f, "ｗｗ"),
        ["王五"],
        "full-width letters from an IME"
    );
    assert_eq!(names(&f, "oynn"), ["欧阳娜娜"]);
    assert_eq!(names(&f, "shanxiongxin"), ["单雄信"], "surname reading");
    assert_eq!(
        names(&f, "danxiongxin"),
        ["单雄信"],
        "the other reading too"
    );
    assert!(names(&f, "lisan").is_empty());
}

#[test]
fn employee_numbers_departments_and_document_numbers() {
    let f = fixture();
    assert_eq!(find(&f, "E002"), [("张三".into(), "工程部".into())]);
    assert_eq!(find(&f, "e002"), [("张三".into(), "工程部".into())]);
    assert_eq!(names(&f, "x-77"), ["欧阳娜娜"]);
    assert_eq!(names(&f, "E00").len(), 5, "employee number prefix");
    let eng = names(&f, "工程部");
    assert_eq!(eng.len(), 3, "{eng:?}");
    let r = search::search(
        f.a.read(),
        &SearchQuery {
            text: "SD-2026-000001".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.hits[0].number, "SD-2026-000001");
}

#[test]
fn phrases_of_the_text_and_title() {
    let f = fixture();
    assert_eq!(names(&f, "违章动火").len(), 3, "gas template text");
    assert_eq!(names(&f, "消防通道").len(), 4, "kefu template text");
    assert_eq!(names(&f, "燃气安全生产").len(), 3, "title");
    assert!(names(&f, "核电站").is_empty());
    // Two words: both must appear; the short one is checked on the candidates.
    assert_eq!(names(&f, "杜绝违章 巡检").len(), 3);
    assert!(names(&f, "杜绝违章 客户").is_empty());
}

/// Found by `a_phrase_copied_from_an_agreement_finds_it`: a phrase copied with its
/// Chinese comma found nothing, because the query's full-width punctuation was
/// narrowed to ASCII before it reached FTS5 while the text keeps `，`.
#[test]
fn phrases_with_chinese_punctuation_as_copied_or_typed_in_ascii() {
    let f = fixture();
    assert_eq!(names(&f, "管网巡检制度，杜绝").len(), 3, "as copied");
    assert_eq!(names(&f, "管网巡检制度,杜绝").len(), 3, "ASCII comma");
    assert_eq!(names(&f, "服务客户，营业厅").len(), 4);
    assert_eq!(
        names(&f, "度，").len(),
        0,
        "a short word alone is no phrase"
    );
    assert_eq!(
        names(&f, "巡检制度 度，杜").len(),
        3,
        "short word, as copied"
    );
    assert_eq!(
        names(&f, "巡检制度 度,杜").len(),
        3,
        "short word, ASCII comma"
    );
    assert!(names(&f, "巡检制度 度。杜").is_empty());
    assert_eq!(
        search::fts_query("制度,杜绝 ＳＤ２０ 违章动火").as_deref(),
        Some(r#"("制度,杜绝" OR "制度，杜绝") AND ("ＳＤ２０" OR "SD20") AND "违章动火""#)
    );
}

#[test]
fn filters_year_department_template_status_and_paging() {
    let mut f = fixture();
    let q = |text: &str| SearchQuery {
        text: text.into(),
        ..Default::default()
    };
    assert_eq!(
        find_q(
            &f,
            SearchQuery {
                year: Some(2026),
                ..q("张三")
            }
        ),
        [("张三".into(), "客服部".into())]
    );
    assert_eq!(
        find_q(
            &f,
            SearchQuery {
                department: Some("工程部".into()),
                ..q("张三")
            }
        )
        .len(),
        1
    );
    assert_eq!(
        find_q(
            &f,
            SearchQuery {
                template: Some("gas".into()),
                ..q("")
            }
        )
        .len(),
        3
    );
    assert_eq!(
        find_q(
            &f,
            SearchQuery {
                year: Some(2027),
                ..q("")
            }
        )
        .len(),
        5
    );
    let all = search::search(f.a.read(), &q("")).unwrap();
    assert_eq!(all.total, 7);
    let ids: Vec<i64> = all.hits.iter().map(|h| h.id).collect();
    let wang = search::search(f.a.read(), &q("王五")).unwrap().hits[0].id;
    f.a.write(|tx| voids::void(tx, wang, "签错", "测试"))
        .unwrap();
    let voided = search::search(
        f.a.read(),
        &SearchQuery {
            status: Some(Status::Voided),
            ..q("")
        },
    )
    .unwrap();
    assert_eq!(voided.total, 1);
    assert_eq!(voided.hits[0].status, Status::Voided);
    let signed = search::search(
        f.a.read(),
        &SearchQuery {
            status: Some(Status::Signed),
            ..q("王五")
        },
    )
    .unwrap();
    assert_eq!(signed.total, 0);
    // Pages: total stays, hits move.
    let p1 = search::search(f.a.read(), &SearchQuery { limit: 3, ..q("") }).unwrap();
    let p3 = search::search(
        f.a.read(),
        &SearchQuery {
            limit: 3,
            offset: 6,
            ..q("")
        },
    )
    .unwrap();
    assert_eq!(
        (p1.total, p1.hits.len(), p3.total, p3.hits.len()),
        (7, 3, 7, 1)
    );
    assert_eq!(p3.hits[0].id, ids[6]);
    let past = search::search(
        f.a.read(),
        &SearchQuery {
            limit: 3,
            offset: 30,
            ..q("张")
        },
    )
    .unwrap();
    assert_eq!((past.total, past.hits.len()), (3, 0));
    assert_eq!(
        search::select_ids(
            f.a.read(),
            &SearchQuery {
                limit: 1,
                ..q("张")
            }
        )
        .unwrap()
        .len(),
        3
    );
    assert_eq!(Status::parse("作废").unwrap(), Status::Voided);
    assert_eq!(Status::parse("x").unwrap_err().kind(), "invalid_status");
}

#[test]
fn phrase_hits_follow_name_hits_newest_signing_first_and_combine_with_filters() {
    let mut f = fixture();
    let q = |text: &str| SearchQuery {
        text: text.into(),
        ..Default::default()
    };
    // 客服部 is a department (tier 3: 张三 2026, 张三丰, 王五) and a phrase of the
    // kefu title (those three and 欧阳娜娜 of 财务部): each agreement once, the
    // department matches first, then the phrase hits, newest signing first.
    let r = search::search(f.a.read(), &q("客服部")).unwrap();
    let got: Vec<(&str, &str)> = r
        .hits
        .iter()
        .map(|h| (h.signer.as_str(), h.department.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("王五", "客服部"),
            ("张三丰", "客服部"),
            ("张三", "客服部"),
            ("欧阳娜娜", "财务部")
        ]
    );
    assert_eq!(r.total, 4);
    // Phrase-only hits: newest signing (highest id) first.
    let gas = search::search(f.a.read(), &q("违章动火")).unwrap();
    let ids: Vec<i64> = gas.hits.iter().map(|h| h.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    let second = search::search(
        f.a.read(),
        &SearchQuery {
            limit: 1,
            offset: 1,
            ..q("违章动火")
        },
    )
    .unwrap();
    assert_eq!((second.total, second.hits[0].id), (3, ids[1]));
    // Pages across the boundary between the two kinds of match.
    let page = search::search(
        f.a.read(),
        &SearchQuery {
            limit: 2,
            offset: 2,
            ..q("客服部")
        },
    )
    .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.hits.len(), 2);
    assert_eq!(
        page.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        r.hits[2..].iter().map(|h| h.id).collect::<Vec<_>>()
    );
    assert_eq!(
        search::select_ids(f.a.read(), &q("客服部")).unwrap(),
        r.hits.iter().map(|h| h.id).collect::<Vec<_>>()
    );
    // Phrase with each filter and with several at once.
    let with = |query: SearchQuery| search::search(f.a.read(), &query).unwrap();
    assert_eq!(
        with(SearchQuery {
            year: Some(2026),
            ..q("客服部")
        })
        .total,
        1
    );
    assert_eq!(
        with(SearchQuery {
            department: Some("财务部".into()),
            ..q("客服部")
        })
        .hits[0]
            .signer,
        "欧阳娜娜"
    );
    assert_eq!(
        with(SearchQuery {
            template: Some("gas".into()),
            ..q("客服部")
        })
        .total,
        0
    );
    assert_eq!(
        with(SearchQuery {
            template: Some("gas".into()),
            year: Some(2027),
            department: Some("工程部".into()),
            ..q("违章动火")
        })
        .total,
        2
    );
    assert_eq!(
        with(SearchQuery {
            year: Some(2031),
            ..q("违章动火")
        })
        .total,
        0
    );
    let wang = with(q("王五")).hits[0].id;
    f.a.write(|tx| voids::void(tx, wang, "签错", "测试"))
        .unwrap();
    let with = |query: SearchQuery| search::search(f.a.read(), &query).unwrap();
    let voided = with(SearchQuery {
        status: Some(Status::Voided),
        ..q("客服部")
    });
    assert_eq!((voided.total, voided.hits[0].id), (1, wang));
    let signed = with(SearchQuery {
        status: Some(Status::Signed),
        year: Some(2027),
        ..q("客服部")
    });
    assert_eq!(signed.total, 2, "张三丰 and 欧阳娜娜");
    assert!(signed.hits.iter().all(|h| h.status == Status::Signed));
    // A short word with a phrase is checked on the phrase's hits, filters too.
    assert_eq!(
        with(SearchQuery {
            year: Some(2026),
            ..q("杜绝违章 巡检")
        })
        .hits
        .iter()
        .map(|h| h.signer.as_str())
        .collect::<Vec<_>>(),
        ["李四"]
    );
}

#[test]
fn many_name_matches_with_filters_list_the_filters_side() {
    // More name matches than are checked one by one: the filters' own matches are
    // listed instead; both ways must agree.
    let (_dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    let given = "一二三四五六七八九十";
    let names: Vec<String> = (0..300)
        .map(|i| {
            let g: Vec<char> = given.chars().collect();
            format!("张{}{}", g[i % 10], g[(i / 10) % 10])
        })
        .collect();
    let news: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            new_agreement(
                &a,
                v,
                &Spec {
                    name,
                    department: if i % 3 == 0 { "工程部" } else { "客服部" },
                    year: 2025 + (i % 2) as i32,
                    ..Spec::default()
                },
            )
        })
        .collect();
    a.write(|tx| {
        for mut n in news {
            n.number = signdesk_archive::agreements::next_number(tx, n.year)?;
            signdesk_archive::agreements::insert(tx, &n)?;
        }
        Ok::<_, signdesk_archive::ArchiveError>(())
    })
    .unwrap();
    let q = SearchQuery {
        text: "张".into(),
        year: Some(2025),
        department: Some("工程部".into()),
        limit: 1000,
        ..Default::default()
    };
    let many = search::search(a.read(), &q).unwrap();
    // i even (2025) and i % 3 == 0 (工程部): i % 6 == 0.
    assert_eq!(many.total, 50);
    assert!(many
        .hits
        .iter()
        .all(|h| h.year == 2025 && h.department == "工程部"));
    let ids: Vec<i64> = many.hits.iter().map(|h| h.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    // The same agreements found one name at a time (few matches each).
    let mut one_by_one: Vec<i64> = names
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .flat_map(|n| {
            search::search(
                a.read(),
                &SearchQuery {
                    text: n.clone(),
                    limit: 1000,
                    ..q.clone()
                },
            )
            .unwrap()
            .hits
            .into_iter()
            .filter(|h| h.signer == *n)
            .map(|h| h.id)
        })
        .collect();
    one_by_one.sort_unstable_by(|x, y| y.cmp(x));
    assert_eq!(one_by_one, ids);
    // And the phrase path with the same filters: every one of them has the text.
    let phrase = search::search(
        a.read(),
        &SearchQuery {
            text: "安全生产方针".into(),
            ..q.clone()
        },
    )
    .unwrap();
    assert_eq!(phrase.hits.iter().map(|h| h.id).collect::<Vec<_>>(), ids);
    // Filters admitting a narrow range of ids bound the phrase search to it.
    for id in [120, 121] {
        a.write(|tx| voids::void(tx, id, "签错", "测试")).unwrap();
    }
    let voided = search::search(
        a.read(),
        &SearchQuery {
            text: "安全生产方针".into(),
            status: Some(Status::Voided),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (
            voided.total,
            voided.hits.iter().map(|h| h.id).collect::<Vec<_>>()
        ),
        (2, vec![121, 120])
    );
    let signed = search::search(
        a.read(),
        &SearchQuery {
            text: "安全生产方针".into(),
            status: Some(Status::Signed),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(signed.total, 298);
}

#[test]
fn hostile_strings_give_results_or_a_clear_message() {
    let f = fixture();
    let long = "x".repeat(100);
    let hostile = [
        "\"",
        "\"\"",
        "'",
        "''",
        "张三\"",
        "\"张三",
        "NEAR(",
        "NEAR(张三 李四)",
        "*",
        "张*",
        "zs*",
        "OR",
        "张三 OR 李四",
        "AND",
        "NOT",
        "-",
        "^",
        ":",
        "title:张三",
        "(",
        ")",
        "{",
        "}",
        "\u{0}",
        "张\u{0}三",
        "\u{7}\u{1b}[31m",
        "\u{202E}三张",
        "\u{202E}张三\u{202C}",
        "\u{200B}张三",
        "%",
        "_",
        "张%",
        "a\\",
        "; DROP TABLE agreements; --",
        "违章\"动火",
        "\u{FEFF}",
        "   ",
        "🙂",
        "𠀀𠀁𠀂",
        "\u{10FFFF}",
        &long,
    ];
    for h in hostile {
        let r = search::search(
            f.a.read(),
            &SearchQuery {
                text: h.into(),
                ..Default::default()
            },
        );
        assert!(r.is_ok(), "{h:?}: {:?}", r.err());
    }
    assert_eq!(
        names(&f, "\u{202E}张三\u{202C}").len(),
        3,
        "bidi controls are ignored"
    );
    assert_eq!(
        names(&f, "张\u{0}三").len(),
        3,
        "control characters are ignored"
    );
    let err = search::search(
        f.a.read(),
        &SearchQuery {
            text: "长".repeat(101),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), "query_too_long");
    assert!(err.to_string().contains("搜索内容过长"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

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
    #![proptest_config(ProptestConfig::with_cases(64))]

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

/// One populated archive for all property cases.
fn shared() -> &'static std::sync::Mutex<Fixture> {
    static F: std::sync::OnceLock<std::sync::Mutex<Fixture>> = std::sync::OnceLock::new();
    F.get_or_init(|| std::sync::Mutex::new(fixture()))
}
