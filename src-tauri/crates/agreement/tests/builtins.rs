//! Every built-in against expectations written by reading its source text
//! (`builtin/NN-*.txt`), not by copying detection output. Where detection is known to
//! fall short of the ideal reading, the row says so in `gap` and asserts what we
//! accept today.

use signdesk_agreement::{builtins, FieldKind, Side, Signs};

struct Expect {
    id: &'static str,
    title: &'static str,
    sections: usize,
    clauses: usize,
    /// (key, label, signs, side)
    roles: &'static [(&'static str, &'static str, Signs, Side)],
    /// body blanks: (original, kind)
    blanks: &'static [(&'static str, FieldKind)],
    /// role date fields: (key, original)
    dates: &'static [(&'static str, &'static str)],
    copies: u32,
    period: Option<&'static str>,
    #[allow(dead_code)]
    gap: &'static str,
}

use FieldKind::*;
use Side::*;
use Signs::*;

const DEFAULT: &[(&str, &str, Signs, Side)] = &[("signer", "责任人（签字）", Hand, Signer)];

const TABLE: &[Expect] = &[
    Expect {
        id: "kehu-fuwu-yuangong-anquan",
        title: "客户服务公司员工安全责任书",
        sections: 2, // 责任 1–4, 安全措施 1–4
        clauses: 8,
        roles: &[("employee", "员工签名", Hand, Signer)],
        blanks: &[],
        dates: &[("employee_date", "日期")],
        copies: 1,
        period: None,
        gap: "背景 and 总结 are run-in headings without numbers; they stay in the text",
    },
    Expect {
        id: "kefu-anquan-shengchan-qingyuan-2012",
        title: "客服部安全生产责任书",
        sections: 2, // 一、责任目标 二、安全生产管理工作
        clauses: 6,  // 1、2、 | 1、 A、 B、 C、
        roles: &[
            ("org_head", "负责人（签字）", Hand, Organisation),
            ("dept_head", "负责人（签字）", Hand, Signer),
        ],
        blanks: &[], // 签订时间2012年1 月22 日 is filled in, not a blank
        dates: &[],
        copies: 1,
        period: None,
        gap: "`、考核与表彰` lost its numeral in the source (should be 三、); it stays a paragraph",
    },
    Expect {
        id: "gongnuan-zhanggui-anquan-mubiao",
        title: "供暖公司掌柜部安全目标责任书",
        sections: 3,
        clauses: 12, // 1.1–1.3, 2.1–2.5, 3.1–3.4
        roles: DEFAULT,
        blanks: &[],
        dates: &[],
        copies: 1,
        period: None,
        gap: "",
    },
    Expect {
        id: "ranqi-kefu-anquan-shengchan-mubiao",
        title: "年度安全生产目标责任书",
        sections: 3,
        clauses: 18, // 8 + 9 + 1
        roles: DEFAULT,
        blanks: &[],
        dates: &[],
        copies: 1,
        period: None,
        gap: "",
    },
    Expect {
        id: "gongshui-mubiao",
        title: "供水公司目标责任书", // the company's file says 范本 after it
        sections: 3,
        clauses: 19, // (一)…(五) + 1.–3. under (一) + 1.供水室 (1)–(6) + 2、收费队 (1)–(3)
        roles: DEFAULT,
        blanks: &[
            ("20xx年", Year),
            ("____万元", Money),
            ("____万吨", Number),
            ("____个", Number),
            ("____万元", Money),
            ("%", Number),
            ("%", Number),
            ("%", Number),
        ],
        dates: &[],
        copies: 1,
        period: None,
        gap: "",
    },
    Expect {
        id: "kefu-gongzuo-mubiao-renwu",
        title: "客服部工作目标责任书",
        sections: 5,
        clauses: 23, // 4 × (1 + a–c) + 4 + 3
        roles: DEFAULT,
        blanks: &[],
        dates: &[],
        copies: 1,
        period: None,
        gap: "",
    },
    Expect {
        id: "wuye-kefu-mubiao-zhize",
        title: "物业公司客服部目标责任书",
        sections: 4,
        clauses: 18, // 4 + 5 + 5 + 4
        roles: DEFAULT,
        blanks: &[],
        dates: &[],
        copies: 1,
        period: None,
        gap: "",
    },
    Expect {
        id: "kefu-gongzuo-mubiao-liangfen",
        title: "客服部工作目标责任书",
        sections: 4,
        clauses: 17, // 5 + 6 + 4 + 2
        roles: &[
            // `公司(盖章):客服部(盖章):` over `负责人(签字):负责人(签字):`: each party
            // seals, and its head signs for it (the representative).
            ("company_seal", "公司（盖章）", Both, Organisation),
            ("dept_seal", "客服部（盖章）", Both, Signer),
        ],
        blanks: &[("XX%", Number), ("XX%", Number), ("XX%", Number)],
        dates: &[("company_seal_date", "日期"), ("dept_seal_date", "日期")],
        copies: 2,
        period: None,
        gap: "",
    },
    Expect {
        id: "kefu-mubiao-zeren-qixian",
        title: "客服部目标责任书",
        sections: 5,
        clauses: 17, // 0 + 6 + 6 + 3 + 2
        roles: DEFAULT,
        blanks: &[("XXXX年XX月XX日", Date), ("XXXX年XX 月XX日", Date)],
        dates: &[],
        copies: 2,
        period: Some("{{period_start}}至{{period_end}}"),
        gap: "",
    },
    Expect {
        id: "wuye-kefu-mubiao-gaishu",
        title: "物业公司客服部目标责任书",
        sections: 5,
        clauses: 18, // 3 + 3 × (1 + 3 bullets) + 3 bullets
        roles: DEFAULT,
        blanks: &[],
        dates: &[],
        copies: 1,
        period: None,
        gap: "",
    },
    Expect {
        id: "wuye-kefu-zhuguan-mubiao",
        title: "物业客服部目标责任书",
        sections: 3,
        clauses: 26, // 1、 + 1)–5) + 2、 | 1、–10、 | 1)–9)
        roles: DEFAULT,
        blanks: &[("**县**", Text), ("XX年度", Year), ("**", Text)],
        dates: &[],
        copies: 1,
        period: None,
        gap: "`2、服务目标业主…`: the heading 服务目标 runs into its text",
    },
    Expect {
        id: "kefu-yingye-gangwei-anquan-jixiao-2023",
        title: "客服营业人员岗位安全绩效责任书",
        sections: 3,
        clauses: 24, // 8 | 1. a–d 2. 3. 4. | 1. a B C 2.–5.
        roles: &[
            ("signer", "签约人", Hand, Signer),
            ("issuer", "发约人", Hand, Organisation),
        ],
        blanks: &[],
        dates: &[("signing_date", "日期")],
        copies: 1,
        period: None,
        gap: "三、安全指标客户服务: 客户服务 is a sub-heading run into the section heading",
    },
    Expect {
        id: "kefu-anquan-mubiao-2018",
        title: "客服部安全目标责任书",
        sections: 3,
        clauses: 13, // 9 + 2 + 2
        roles: &[
            ("director", "客服总监签字", Hand, Organisation),
            ("employee", "客服部员工签字", Hand, Signer),
        ],
        blanks: &[],
        dates: &[("signing_date", "年月日")],
        copies: 3,
        period: Some("2018年1月1日至2018年12月31日"),
        gap: "",
    },
];

#[test]
fn every_builtin_is_in_the_table_and_matches() {
    let all = builtins();
    assert_eq!(all.len(), TABLE.len(), "every source must detect");
    assert!(all.len() >= 10);
    for (b, e) in all.iter().zip(TABLE) {
        let t = &b.template;
        assert_eq!(b.id, e.id);
        assert_eq!(t.title, e.title, "{}", e.id);
        assert_eq!(t.sections.len(), e.sections, "{} sections", e.id);
        assert_eq!(t.clause_count(), e.clauses, "{} clauses", e.id);
        let roles: Vec<_> = t
            .roles
            .iter()
            .map(|r| (r.key.as_str(), r.label.as_str(), r.signs, r.side))
            .collect();
        assert_eq!(roles, e.roles.to_vec(), "{} roles", e.id);
        let body: Vec<_> = t
            .fields
            .iter()
            .filter(|f| !t.is_role_date(f))
            .map(|f| (f.original.as_str(), f.kind))
            .collect();
        assert_eq!(body, e.blanks.to_vec(), "{} blanks", e.id);
        let dates: Vec<_> = t
            .fields
            .iter()
            .filter(|f| t.is_role_date(f))
            .map(|f| (f.key.as_str(), f.original.as_str()))
            .collect();
        assert_eq!(dates, e.dates.to_vec(), "{} role dates", e.id);
        assert_eq!(t.copies, e.copies, "{} copies", e.id);
        assert_eq!(t.period.as_deref(), e.period, "{} period", e.id);
        assert_eq!(t.validate(), Ok(()), "{} validates", e.id);
    }
}

#[test]
fn ids_are_stable_ascii_and_unique() {
    let all = builtins();
    for (i, b) in all.iter().enumerate() {
        assert!(b
            .id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'));
        assert!(!all[..i].iter().any(|x| x.id == b.id));
    }
}

#[test]
fn labels_read_from_context() {
    let all = builtins();
    let get = |id: &str| {
        all.iter()
            .find(|b| b.id == id)
            .map(|b| b.template.clone())
            .expect("builtin")
    };
    let gs = get("gongshui-mubiao");
    let labels: Vec<&str> = gs.fields.iter().map(|f| f.label.as_str()).collect();
    assert!(labels.contains(&"公司经济效益总目标"));
    assert!(labels.contains(&"安装队收入"));
    assert!(labels.contains(&"水质综合合格率"));
    let q = get("kefu-mubiao-zeren-qixian");
    assert_eq!(q.fields[0].label, "责任期限开始日期");
    assert_eq!(q.fields[1].label, "责任期限结束日期");
    let l = get("kefu-gongzuo-mubiao-liangfen");
    assert_eq!(l.fields[0].label, "客户满意度");
    assert_eq!(
        l.role_date("dept_seal").map(|f| f.label.as_str()),
        Some("客服部负责人日期")
    );
    assert_eq!(l.roles[1].representative.as_deref(), Some("负责人"));
    // the 2018 text: run-together `应立即上报` is one clause, the closing line is closing
    let k = get("kefu-anquan-mubiao-2018");
    assert_eq!(k.closing.len(), 1);
    assert!(k.closing[0].contains("一年签订一次"));
}

#[test]
fn broken_lines_copy_detects_like_the_clean_one() {
    let text = include_str!("fixtures/kefu-anquan-2018-broken-lines.txt");
    let t = signdesk_agreement::detect(text).expect("detects");
    assert_eq!(t.title, "客服部安全目标责任书");
    assert_eq!(t.sections.len(), 3);
    assert_eq!(t.clause_count(), 13);
    assert_eq!(t.period.as_deref(), Some("2018年1月1日至2018年12月31日"));
    let all = t.plain_text();
    assert!(all.contains("应立即上报或通知保安部"), "{all}");
    assert!(all.contains("及时扑灭初起小量明火"));
    assert!(all.contains("按公司《安全生产管理制度》给予处罚"));
    assert!(all.contains("追究责任人的责任"));
}

/// Which blanks fill themselves is Rust's rule, sent on each field: the dates beside
/// the signatures (`<role>_date`, `signing_date`) and nothing else — a date in the
/// text (考核期限) stays typed. A template stored before `fill` existed gets the same
/// fills when loaded again.
#[test]
fn every_field_says_how_it_is_filled() {
    use signdesk_agreement::{FieldFill, Template};
    for b in builtins() {
        let t = &b.template;
        for f in &t.fields {
            let beside_signature = f.kind == FieldKind::Date
                && (f.key == "signing_date"
                    || t.roles.iter().any(|r| f.key == format!("{}_date", r.key)));
            let want = if beside_signature {
                FieldFill::SigningDate
            } else {
                FieldFill::Typed
            };
            assert_eq!(f.fill, want, "{}: {}", b.id, f.key);
        }
        let mut old = serde_json::to_value(t).unwrap();
        for f in old["fields"].as_array_mut().unwrap() {
            f.as_object_mut().unwrap().remove("fill");
        }
        let mut again: Template = serde_json::from_value(old).unwrap();
        again.resolve_fills();
        assert_eq!(&again, t, "{}", b.id);
    }
}
