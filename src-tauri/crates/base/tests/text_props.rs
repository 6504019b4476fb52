//! The printable-text rule as properties: what is stored is what is printed, and the
//! rule agrees with itself however the text was typed.

use proptest::prelude::*;
use signdesk_base::text::{first_hidden, hidden, identifying, nfc, printable};

/// Names as people type or paste them: Han (BMP and Ext B), Latin with combining
/// accents, spaces, and now and then something that draws nothing or reorders.
fn messy_name() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec!["张", "王", "𠀀", "䶮", "李", "堃", "Anna", "e\u{301}", " ", "　", "豈"]),
        1 => prop::sample::select(vec![
            "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{202E}", "\u{2066}", "\u{00AD}", "\u{FE0F}",
            "\u{E0100}", "\t", "\n", "\0", "\u{061C}",
        ]),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn an_accepted_name_prints_as_stored(s in messy_name()) {
        match identifying(&s) {
            Ok(v) => {
                prop_assert_eq!(printable(&v), v.clone(), "stored ≠ printed");
                prop_assert_eq!(first_hidden(&v), None);
                prop_assert_eq!(nfc(&v), v.clone());
            }
            Err(c) => prop_assert!(hidden(c).is_some() && s.contains(c)),
        }
    }

    #[test]
    fn a_name_is_refused_exactly_when_it_holds_a_hidden_character(s in messy_name()) {
        let trimmed = s.trim();
        prop_assert_eq!(identifying(&s).is_err(), first_hidden(&nfc(trimmed)).is_some());
    }

    #[test]
    fn printable_text_is_stable_and_clean(s in any::<String>()) {
        let p = printable(&s);
        prop_assert_eq!(printable(&p), p.clone());
        prop_assert!(p.chars().all(|c| c == '\n' || hidden(c).is_none()), "{:?}", p);
    }
}
