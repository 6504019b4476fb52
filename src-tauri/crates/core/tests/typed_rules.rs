//! Rules that have one definition (signdesk_base) and hold at every entry point: a
//! name with a character that draws nothing is refused where it is typed, and the year
//! of an agreement has one range for signing, ceremonies and search alike.

use signdesk_core::dto::SearchFilters;

mod common;
use common::request;

#[test]
fn a_zero_width_space_in_a_name_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    for bad in [
        "张\u{200B}三",
        "张\u{200D}三",
        "\u{FEFF}张三",
        "张\u{2066}三",
    ] {
        let err = desk.sign(&request(bad, common::png(true))).unwrap_err();
        assert_eq!(err.kind(), "bad_name", "{bad:?}: {err}");
        assert!(err.to_string().contains("U+"), "{err}");
    }
    assert_eq!(desk.info().unwrap().counts.agreements, 0);
    // A decomposed accent is stored composed: the name printed and found is one string.
    let ok = desk
        .sign(&request("Rene\u{301} 张", common::png(true)))
        .unwrap();
    let rec = desk.agreement(ok.id).unwrap();
    assert_eq!(rec.signer, "Ren\u{E9} 张");
}

#[test]
fn years_outside_2000_to_2100_are_refused_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    for year in [1999, 2101] {
        let mut req = request("张三", common::png(true));
        req.year = Some(year);
        let err = desk.sign(&req).unwrap_err();
        assert_eq!(err.kind(), "bad_year", "sign {year}: {err}");
        let filters = SearchFilters {
            year: Some(year),
            ..SearchFilters::default()
        };
        let err = desk.search(&filters).unwrap_err();
        assert_eq!(err.kind(), "bad_year", "search {year}: {err}");
        assert!(err.to_string().contains("2000") && err.to_string().contains("2100"));
    }
    for year in [2000, 2100] {
        let mut req = request("张三", common::png(true));
        req.year = Some(year);
        desk.sign(&req).unwrap();
    }
}

/// One limit for a name (`signdesk_base::name`): the longest name a roster takes is
/// one the kiosk signs, and one character more is refused already at the import.
#[test]
fn a_name_that_imports_also_signs_and_a_longer_one_never_imports() {
    use signdesk_base::name::NAME_MAX_CHARS;
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let c = desk
        .ceremony_create(&common::ceremony_input("each"))
        .unwrap();
    let longest = "阿".repeat(NAME_MAX_CHARS);
    let too_long = "阿".repeat(NAME_MAX_CHARS + 1);
    let refused = desk
        .ceremony_import_roster(
            c.id,
            "名单.csv",
            format!("姓名\n{too_long}\n").as_bytes(),
            true,
            &signdesk_core::Job::silent(),
        )
        .unwrap_err();
    assert_eq!(refused.kind(), "roster_has_errors", "{refused}");
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        format!("姓名\n{longest}\n").as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )
    .unwrap();
    let pid = desk.ceremony(c.id).unwrap().roster[0].person_id;
    let sig = signdesk_core::signing::SignatureInput {
        role_key: "employee".into(),
        signer_name: None,
        png: common::png(true),
        strokes_json: String::new(),
    };
    let held = desk.ceremony_sign(c.id, pid, &[sig], "测试").unwrap();
    assert_eq!(held.status.as_str(), "awaiting");
}
