//! Search over a real on-disk archive: each kind of query finds what it should and
//! not what it should not; hostile text never reaches SQL.
//!
//! One test binary (`cargo test -p signdesk-archive --test search`), one module per
//! kind of query: `names` (names, pinyin, employee and document numbers), `phrases`
//! (words of the text and title, ranked after name matches), `filters` (year,
//! department, template, status, paging), `hostile_text` (anything typed is safe) and
//! `properties` (property tests of the FTS5 query on the real trigram table).
#![allow(clippy::unwrap_used)] // test helpers panic by design

#[path = "../common/mod.rs"]
mod common;

mod filters;
mod hostile_text;
mod names;
mod phrases;
mod properties;

use common::*;
use signdesk_archive::search::{self, SearchQuery};
use signdesk_archive::Archive;

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

/// A query for `text` with no filter and the default page.
fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..Default::default()
    }
}

/// One populated archive for all property cases.
fn shared() -> &'static std::sync::Mutex<Fixture> {
    static F: std::sync::OnceLock<std::sync::Mutex<Fixture>> = std::sync::OnceLock::new();
    F.get_or_init(|| std::sync::Mutex::new(fixture()))
}
