//! Words of an agreement's text and title (the FTS5 trigram index): found with the
//! punctuation as copied or typed, ranked after name matches, newest signing first,
//! and combined with every filter.

use signdesk_archive::search::{self, SearchQuery, Status};
use signdesk_archive::voids;

use crate::{fixture, names, q, Fixture};

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
fn phrase_hits_follow_name_hits_newest_signing_first_and_combine_with_filters() {
    let mut f = fixture();
    name_hits_come_first_then_phrase_hits_newest_first_page_by_page(&f);
    phrase_hits_take_each_filter_and_several_at_once(&f);
    phrase_hits_take_the_status_filter_and_short_words(&mut f);
}

fn name_hits_come_first_then_phrase_hits_newest_first_page_by_page(f: &Fixture) {
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
}

/// Phrase with each filter and with several at once.
fn phrase_hits_take_each_filter_and_several_at_once(f: &Fixture) {
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
}

fn phrase_hits_take_the_status_filter_and_short_words(f: &mut Fixture) {
    let wang = search::search(f.a.read(), &q("王五")).unwrap().hits[0].id;
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
