//! The scheme a template carries.

use crate::common::{self, desk};
use crate::d;
use signdesk_core::assessment::Decimal;

#[test]
fn the_builtin_scheme_is_stored_with_its_template() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let s = desk.template_scheme(common::TEMPLATE, None).unwrap();
    assert_eq!(s.total, Some(d("100")));
    let parts: Vec<(&str, Decimal)> = s
        .parts
        .iter()
        .map(|p| (p.label.as_str(), p.points))
        .collect();
    assert_eq!(parts, vec![("安全责任", d("60")), ("事故情况", d("40"))]);
    assert_eq!(s.reward_line, Some(d("90")));
    // Stored in the version itself, not re-detected: the template carries it.
    let t = desk.template(common::TEMPLATE, None).unwrap();
    assert_eq!(t.template.scheme.as_ref(), Some(&s));
}

#[test]
fn a_version_stored_before_schemes_existed_reads_its_scheme_from_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let stored = desk.template(common::TEMPLATE, None).unwrap().template;
    let mut old = serde_json::to_value(&stored).unwrap();
    old.as_object_mut().unwrap().remove("scheme");
    drop(desk);
    let key = signdesk_core::keyfile::archive_key(dir.path(), common::PASSPHRASE).unwrap();
    let mut a = signdesk_archive::Archive::open_dir(dir.path(), &key).unwrap();
    a.write(|tx| {
        let id = signdesk_archive::templates::insert(tx, "old-2026", "旧模板", false)?;
        signdesk_archive::templates::add_version(tx, id, "旧模板", &old.to_string(), "旧版本")?;
        Ok::<_, signdesk_archive::ArchiveError>(())
    })
    .unwrap();
    drop(a);
    let desk = common::desk(dir.path());
    let t = desk.template("old-2026", None).unwrap().template;
    assert_eq!(
        t.scheme, stored.scheme,
        "the same scheme, read from the text"
    );
    assert_eq!(
        desk.template_scheme("old-2026", None).unwrap().parts.len(),
        2
    );
}
