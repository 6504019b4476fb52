//! `roles_from_line` on the lines agreements end with.

use super::*;

fn roles(line: &str) -> Vec<(String, Signs, Side)> {
    roles_from_line(line, &[])
        .into_iter()
        .map(|r| (r.label, r.signs, r.side))
        .collect()
}

fn r(label: &str, signs: Signs, side: Side) -> (String, Signs, Side) {
    (label.to_string(), signs, side)
}

use Side::{Organisation as Org, Signer};
use Signs::{Both, Hand, Seal};

#[test]
fn two_parties_with_markers_in_ascii_brackets() {
    assert_eq!(
        roles("部门负责人(签字) 员工(签字)"),
        [
            r("部门负责人(签字)", Hand, Org),
            r("员工(签字)", Hand, Signer)
        ]
    );
}

#[test]
fn one_party_before_a_blank() {
    assert_eq!(roles("承诺人：____"), [r("承诺人", Hand, Signer)]);
    assert_eq!(
        roles("承诺人：{{pledger_name}}"),
        [r("承诺人", Hand, Signer)]
    );
}

#[test]
fn names_written_in_are_values_and_a_seal_only_role() {
    assert_eq!(
        roles("学校责任人:张三 食堂责任人: 学校盖章:"),
        [
            r("学校责任人", Hand, Org),
            r("食堂责任人", Hand, Signer),
            r("学校盖章", Seal, Org)
        ]
    );
}

#[test]
fn full_width_brackets_colons_and_underscores() {
    assert_eq!(
        roles("甲方（盖章）：__________  乙方（签字）：__________"),
        [
            r("甲方（盖章）", Seal, Org),
            r("乙方（签字）", Hand, Signer)
        ]
    );
    assert_eq!(
        roles("发包单位（签章）：＿＿＿＿承包单位（签章）：＿＿＿＿"),
        [
            r("发包单位（签章）", Both, Org),
            r("承包单位（签章）", Both, Signer)
        ]
    );
}

#[test]
fn dates_numbers_and_contacts_are_not_roles() {
    assert_eq!(
        roles("员工签名：______ 工号：____ 日期：____年__月__日"),
        [r("员工签名", Hand, Signer)]
    );
    assert_eq!(roles("2027年1月1日"), []);
    assert_eq!(roles("联系电话：138xxxx"), []);
    assert!(roles("本责任书一式两份，甲乙双方各执一份。").is_empty());
}

#[test]
fn a_bare_marker_joins_the_words_before_it() {
    assert_eq!(
        roles("考核人 （签字）    被考核人 （签字）"),
        [
            r("考核人 （签字）", Hand, Org),
            r("被考核人 （签字）", Hand, Signer)
        ]
    );
}

#[test]
fn labels_in_brackets_between_blanks() {
    assert_eq!(
        roles("_______________(员工签名)_______________(日期)"),
        [r("员工签名", Hand, Signer)]
    );
}

#[test]
fn undecided_roles_by_place() {
    // Nothing says who is who: the last signs for the signer's side.
    assert_eq!(
        roles("车间主任（签字）  班组长（签字）"),
        [
            r("车间主任（签字）", Hand, Org),
            r("班组长（签字）", Hand, Signer)
        ]
    );
    // The signer is named: the undecided one is the organisation's.
    assert_eq!(
        roles("安全员（签字）  员工（签字）"),
        [
            r("安全员（签字）", Hand, Org),
            r("员工（签字）", Hand, Signer)
        ]
    );
    assert_eq!(roles("签名："), [r("签名", Hand, Signer)]);
}

#[test]
fn without_colons_or_markers_the_parties_words_decide() {
    assert_eq!(
        roles("部门负责人    员工"),
        [r("部门负责人", Hand, Org), r("员工", Hand, Signer)]
    );
    assert!(roles("安全生产人人有责").is_empty());
}

#[test]
fn keys_are_snake_case_and_unique_against_the_template() {
    let taken = vec!["responsible".to_string(), "employee".to_string()];
    let got = roles_from_line("学校责任人: 食堂责任人: 学校盖章: 员工（签字）", &taken);
    let keys: Vec<&str> = got.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "responsible_2",
            "responsible_3",
            "school_seal",
            "employee_2"
        ]
    );
    for r in &got {
        assert!(crate::fill::is_key(&r.key), "{}", r.key);
    }
}

#[test]
fn a_marker_after_the_colon_says_how_the_label_signs() {
    assert_eq!(
        roles("学校：（盖章）   食堂：（签字）"),
        [r("学校", Seal, Org), r("食堂", Hand, Signer)]
    );
}

proptest::proptest! {
    #[test]
    fn any_line_gives_labels_taken_from_it(line in "[甲乙方员工人部门负责（）()签字盖章：: _张三日期年月1{}]{0,40}") {
        let taken = vec!["employee".to_string()];
        let got = roles_from_line(&line, &taken);
        let mut keys = taken.clone();
        for r in &got {
            proptest::prop_assert!(line.contains(&r.label), "{:?} not in {:?}", r.label, line);
            proptest::prop_assert!(!r.label.trim().is_empty());
            proptest::prop_assert!(crate::fill::is_key(&r.key));
            proptest::prop_assert!(!keys.contains(&r.key));
            keys.push(r.key.clone());
        }
    }
}

#[test]
fn labels_are_pieces_of_the_line() {
    for line in [
        "部门负责人(签字) 员工(签字)",
        "学校责任人:张三 食堂责任人: 学校盖章:",
        "考核人 （签字）    被考核人 （签字）",
        "甲方（盖章）：__________  乙方（签字）：__________",
        "：：__ (签字)",
        "",
        "{{a}}{{b",
    ] {
        for r in roles_from_line(line, &[]) {
            assert!(line.contains(&r.label), "{:?} not in {line:?}", r.label);
            assert!(!r.label.trim().is_empty());
        }
    }
}
