//! Filters — year, department, template, status — alone and with a query, paging,
//! and filters over more name matches than are checked one by one.

use signdesk_archive::search::{self, SearchQuery, Status};
use signdesk_archive::{voids, Archive};

use crate::common::*;
use crate::{find_q, fixture, q, Fixture};

#[test]
fn filters_year_department_template_status_and_paging() {
    let mut f = fixture();
    each_filter_narrows_a_name_or_the_whole_archive(&f);
    let all = search::search(f.a.read(), &q("")).unwrap();
    assert_eq!(all.total, 7);
    let ids: Vec<i64> = all.hits.iter().map(|h| h.id).collect();
    a_voided_agreement_is_found_by_status(&mut f);
    pages_keep_the_total_and_move_the_hits(&f, &ids);
    assert_eq!(Status::parse("作废").unwrap(), Status::Voided);
    assert_eq!(Status::parse("x").unwrap_err().kind(), "invalid_status");
}

fn each_filter_narrows_a_name_or_the_whole_archive(f: &Fixture) {
    assert_eq!(
        find_q(
            f,
            SearchQuery {
                year: Some(2026),
                ..q("张三")
            }
        ),
        [("张三".into(), "客服部".into())]
    );
    assert_eq!(
        find_q(
            f,
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
            f,
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
            f,
            SearchQuery {
                year: Some(2027),
                ..q("")
            }
        )
        .len(),
        5
    );
}

/// 王五's agreement voided: found among the voided, no longer among the signed.
fn a_voided_agreement_is_found_by_status(f: &mut Fixture) {
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
}

/// Pages: total stays, hits move (`ids`: every agreement, in the order of one page).
fn pages_keep_the_total_and_move_the_hits(f: &Fixture, ids: &[i64]) {
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
}

#[test]
fn many_name_matches_with_filters_list_the_filters_side() {
    // More name matches than are checked one by one: the filters' own matches are
    // listed instead; both ways must agree.
    let (_dir, mut a) = fresh();
    let names = sign_three_hundred_zhangs(&mut a);
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
    assert_eq!(found_one_name_at_a_time(&a, &names, &q), ids);
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
    a_narrow_range_of_ids_bounds_the_phrase_search(&mut a);
}

/// 300 agreements of the kefu template signed by 张一一 … 张十十, every third of 工程部
/// (the others 客服部), alternately 2025 and 2026; returns the names in signing order.
fn sign_three_hundred_zhangs(a: &mut Archive) -> Vec<String> {
    let v = template(a, "kefu", "客服部安全目标责任书");
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
                a,
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
    names
}

/// The ids `q`'s filters admit, searched one distinct name at a time, newest first.
fn found_one_name_at_a_time(a: &Archive, names: &[String], q: &SearchQuery) -> Vec<i64> {
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
    one_by_one
}

/// Filters admitting a narrow range of ids bound the phrase search to it.
fn a_narrow_range_of_ids_bounds_the_phrase_search(a: &mut Archive) {
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
