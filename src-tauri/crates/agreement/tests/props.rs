//! Detection and import never panic, whatever the input.

use proptest::prelude::*;
use signdesk_agreement::{detect, import};

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "第一条",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "１．",
    "1.1 ",
    "a) ",
    "B.",
    "- ",
    "安全",
    "责任书",
    "：",
    ":",
    "；",
    "XX%",
    "____万元",
    "20xx年",
    "XXXX年XX月XX日",
    "**县**",
    "%",
    "率",
    "负责人(签字):",
    "甲方（盖章）",
    "日期：",
    "年 月 日",
    "一式两份",
    "\n",
    "{{",
    "}}",
    "{{a}}",
    "至",
    "2018年1月1日",
    "0.9",
    "_",
    "(",
    ")",
    "签约人:",
    "员工签名",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn detect_never_panics(s in "\\PC{0,300}") {
        let _ = detect(&s);
    }

    #[test]
    fn detect_never_panics_on_agreement_like_text(s in pieces()) {
        if let Ok(t) = detect(&s) {
            let _ = t.validate();
            let _ = t.paragraphs();
        }
    }

    #[test]
    fn import_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000), docx in any::<bool>()) {
        let name = if docx { "x.docx" } else { "x.txt" };
        let _ = import(name, &bytes);
    }
}
