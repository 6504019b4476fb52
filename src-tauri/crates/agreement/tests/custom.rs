//! Agreements written for these tests in styles the seed texts do not use. The
//! expectations come from reading each fixture in `tests/fixtures/custom/`.

use std::collections::BTreeMap;

use signdesk_agreement::{detect, Block, FieldKind, Side, Signs, Template};

fn load(name: &str) -> Template {
    let path = format!(
        "{}/tests/fixtures/custom/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    detect(&text).expect("detects")
}

fn roles(t: &Template) -> Vec<(&str, &str, Signs, Side)> {
    t.roles
        .iter()
        .map(|r| (r.key.as_str(), r.label.as_str(), r.signs, r.side))
        .collect()
}

fn clauses(t: &Template) -> Vec<(String, u8)> {
    t.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Clause { number, level, .. } => Some((number.clone(), *level)),
            _ => None,
        })
        .collect()
}

#[test]
fn articles_with_sub_clauses_and_pledger() {
    let t = load("a-articles.txt");
    assert_eq!(t.title, "安全生产承诺书");
    assert_eq!(
        t.preamble,
        vec!["为落实安全生产主体责任，本人郑重承诺如下："]
    );
    let numbers: Vec<&str> = t.sections.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, vec!["第一条", "第二条", "第三条", "第四条"]);
    assert_eq!(
        clauses(&t),
        vec![
            ("（一）".into(), 1),
            ("（二）".into(), 1),
            ("（三）".into(), 1)
        ]
    );
    assert_eq!(
        roles(&t),
        vec![("pledger", "承诺人", Signs::Hand, Side::Signer)]
    );
    let f: Vec<_> = t
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.kind, f.original.as_str()))
        .collect();
    assert_eq!(
        f,
        vec![
            ("effective_date", FieldKind::Date, "20__年__月__日"),
            ("pledger_date", FieldKind::Date, "____年__月__日")
        ]
    );
    assert_eq!(t.copies, 1);
    assert_eq!(t.validate(), Ok(()));
}

#[test]
fn one_line_pledge_with_full_width_digits() {
    let t = load("b-oneline-fullwidth.txt");
    assert_eq!(t.title, "员工安全承诺书");
    assert_eq!(t.preamble, vec!["本人自愿遵守以下规定："]);
    // A flat list of articles: one section each, printed as the numbered lines they are.
    let articles: Vec<_> = t
        .sections
        .iter()
        .map(|s| (s.number.as_str(), s.heading.as_str()))
        .collect();
    assert_eq!(articles, vec![("１．", ""), ("２．", ""), ("３．", "")]);
    let numbered: Vec<_> = t
        .paragraphs()
        .into_iter()
        .filter(|p| p.kind == signdesk_agreement::ParaKind::Clause)
        .map(|p| p.number)
        .collect();
    assert_eq!(numbered, vec!["１．", "２．", "３．"]);
    assert_eq!(t.closing, vec!["本承诺书一式两份。"]);
    assert_eq!(t.copies, 2);
    assert_eq!(
        roles(&t),
        vec![("pledger", "承诺人", Signs::Hand, Side::Signer)]
    );
    assert_eq!(
        t.role_date("pledger").map(|f| f.original.as_str()),
        Some("____年__月__日")
    );
}

#[test]
fn party_a_and_b_blocks() {
    let t = load("c-party-blocks.txt");
    assert_eq!(t.title, "安全生产目标责任书");
    assert_eq!(t.sections.len(), 4);
    assert_eq!(t.clause_count(), 6);
    assert_eq!(
        roles(&t),
        vec![
            ("party_a", "甲方（盖章）", Signs::Seal, Side::Organisation),
            ("party_b", "乙方（签字）", Signs::Hand, Side::Signer),
            (
                "representative",
                "法定代表人（签字）",
                Signs::Hand,
                Side::Organisation
            ),
        ]
    );
    assert_eq!(
        t.role_date("party_a").map(|f| f.key.as_str()),
        Some("party_a_date")
    );
    assert_eq!(
        t.role_date("party_b").map(|f| f.key.as_str()),
        Some("party_b_date")
    );
    let rate = t.fields.iter().find(|f| f.original == "XX%").expect("rate");
    assert_eq!(
        (rate.kind, rate.label.as_str()),
        (FieldKind::Number, "隐患整改率")
    );
    assert_eq!(t.copies, 3);
    assert_eq!(
        t.closing,
        vec!["本责任书一式三份，甲方执两份，乙方执一份。"]
    );
}

#[test]
fn half_width_parens_nested_and_broken_line() {
    let t = load("d-paren-halfwidth.txt");
    assert_eq!(t.sections.len(), 3);
    assert_eq!(
        clauses(&t),
        vec![
            ("（一）".into(), 1),
            ("（二）".into(), 1),
            ("（一）".into(), 1),
            ("（二）".into(), 1),
            ("（1）".into(), 2),
            ("（2）".into(), 2)
        ]
    );
    // `立即\n纠正` rejoined; ASCII punctuation between Chinese normalised
    let Block::Clause { text, .. } = &t.sections[1].blocks[0] else {
        panic!("clause")
    };
    assert_eq!(
        text,
        "组织班前安全讲话，检查员工劳动防护用品的穿戴情况，发现问题立即纠正；"
    );
    assert_eq!(t.period.as_deref(), Some("2025年1月1日至2025年12月31日"));
    assert_eq!(
        roles(&t),
        vec![
            (
                "org_head",
                "部门负责人（签字）",
                Signs::Hand,
                Side::Organisation
            ),
            ("signer", "班组长（签字）", Signs::Hand, Side::Signer),
        ]
    );
    assert!(t.role_date("org_head").is_some() && t.role_date("signer").is_some());
}

#[test]
fn decimal_and_letter_clauses_year_in_title() {
    let t = load("e-decimal-letters.txt");
    assert_eq!(t.title, "{{year}}年度岗位安全责任书");
    assert_eq!(
        t.preamble,
        vec!["为做好{{year}}年度安全生产工作，特签订本责任书。"]
    );
    assert_eq!(
        clauses(&t),
        vec![
            ("1.1".into(), 1),
            ("1.2".into(), 1),
            ("2.1".into(), 1),
            ("a)".into(), 2),
            ("b)".into(), 2),
            ("2.2".into(), 1)
        ]
    );
    let kinds: Vec<_> = t
        .fields
        .iter()
        .map(|f| (f.original.as_str(), f.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("20xx年度", FieldKind::Year),
            ("____学时", FieldKind::Number)
        ]
    );
    assert_eq!(
        roles(&t),
        vec![
            ("signer", "签约人", Signs::Hand, Side::Signer),
            ("issuer", "发约人", Signs::Hand, Side::Organisation)
        ]
    );
    let mut v = BTreeMap::new();
    v.insert("year".to_string(), "2026".to_string());
    v.insert("number".to_string(), "24".to_string());
    let filled = t.filled(&v).expect("fills");
    assert_eq!(filled.title, "2026年度岗位安全责任书");
    v.remove("number");
    let e = t.filled(&v).expect_err("missing");
    assert_eq!(e.kind(), "missing_value");
    assert!(e.to_string().contains("安全培训"), "{e}");
}

#[test]
fn articles_run_together_on_one_line() {
    let t = load("f-runtogether-sections.txt");
    assert_eq!(t.title, "营业厅消防安全责任书");
    assert_eq!(t.preamble, vec!["为加强营业厅消防安全管理，制定本责任书。"]);
    let heads: Vec<_> = t
        .sections
        .iter()
        .map(|s| (s.number.as_str(), s.heading.as_str()))
        .collect();
    assert_eq!(
        heads,
        vec![("第一条", "责任人"), ("第二条", "责任内容"), ("第三条", "")]
    );
    assert_eq!(t.clause_count(), 3);
    assert_eq!(t.copies, 2);
    assert_eq!(
        roles(&t),
        vec![
            (
                "company_seal",
                "公司（盖章）",
                Signs::Seal,
                Side::Organisation
            ),
            (
                "dept_head",
                "营业厅负责人（签字）",
                Signs::Hand,
                Side::Signer
            ),
        ]
    );
}

#[test]
fn no_agreement_texts() {
    for text in [
        "",
        "   \n\n",
        "hello world",
        "1. 2. 3.",
        "！！！！！！！！！！！！",
    ] {
        let e = detect(text).expect_err(text);
        assert_eq!(e.kind(), "no_agreement", "{text}");
    }
}

#[test]
fn paragraphs_in_reading_order() {
    let t = load("c-party-blocks.txt");
    let p = t.paragraphs();
    use signdesk_agreement::ParaKind::*;
    assert_eq!(p[0].kind, Title);
    assert_eq!(p[4].kind, Heading);
    assert_eq!(
        (p[4].number.as_str(), p[4].text.as_str()),
        ("一、", "责任目标")
    );
    assert_eq!((p[5].kind, p[5].level), (Clause, 1));
    assert_eq!(
        p.last().map(|x| x.text.as_str()),
        Some("本责任书一式三份，甲方执两份，乙方执一份。")
    );
}

#[test]
fn validation_rules() {
    let mut t = load("a-articles.txt");
    assert_eq!(t.validate(), Ok(()));
    let kind = |t: &Template| t.validate().err().map(|e| e.kind().as_str());
    let mut x = t.clone();
    x.title = " ".into();
    assert_eq!(kind(&x), Some("empty_title"));
    let mut x = t.clone();
    x.copies = 11;
    assert_eq!(kind(&x), Some("copies_out_of_range"));
    let mut x = t.clone();
    x.roles.clear();
    assert_eq!(kind(&x), Some("no_roles"));
    let mut x = t.clone();
    x.roles.push(x.roles[0].clone());
    assert_eq!(kind(&x), Some("duplicate_role_key"));
    let mut x = t.clone();
    x.preamble.push("{{nope}}".into());
    assert_eq!(kind(&x), Some("unknown_marker"));
    let mut x = t.clone();
    x.fields.push(signdesk_agreement::Field {
        key: "extra".into(),
        label: "多余".into(),
        kind: FieldKind::Text,
        original: "__".into(),
        fill: Default::default(),
    });
    assert_eq!(kind(&x), Some("unused_field"));
    assert!(x
        .validate()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("多余"));
    let mut x = t.clone();
    x.fields[0].key = "Bad Key".into();
    assert_eq!(kind(&x), Some("bad_key"));
    t.preamble.push("长".repeat(6000));
    assert_eq!(kind(&t), Some("too_long"));
}
