//! Queries for a person: a name or part of it (exact names first), its pinyin or
//! initials, an employee number, a department, a document number.

use signdesk_archive::search::{self, SearchQuery};

use crate::{find, fixture, names};

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
