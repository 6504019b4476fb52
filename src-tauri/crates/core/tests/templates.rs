//! Template import, editing and immutable versions through the core API.

use signdesk_core::{agreement, Desk};

const TEXT: &str = "安全承诺书\n一、目标\n1、全年无事故。\n2、隐患整改率达到XX%。\n本承诺书一式两份。\n承诺人（签字）：\n日期：\n";

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    (dir, desk)
}

#[test]
fn builtins_are_installed_once() {
    let (dir, desk) = desk();
    let n = desk.templates().unwrap().len();
    assert_eq!(n, agreement::builtins().len());
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    assert_eq!(desk.templates().unwrap().len(), n);
    assert_eq!(desk.info().unwrap().counts.template_versions as usize, n);
}

#[test]
fn editing_an_unused_version_rewrites_it_and_a_used_one_makes_a_new_version() {
    let (_dir, mut desk) = desk();
    let d = desk.import_template("承诺书.txt", TEXT.as_bytes()).unwrap();
    assert_eq!((d.version, d.used), (1, false));

    let mut t = d.template.clone();
    t.copies = 3;
    let saved = desk.save_template(&d.id, &t).unwrap();
    assert_eq!(
        (saved.version, saved.template.copies),
        (1, 3),
        "draft rewritten in place"
    );

    desk.mark_used_for_test(&d.id, 1);
    t.title = "安全承诺书（修订）".into();
    let saved = desk.save_template(&d.id, &t).unwrap();
    assert_eq!(saved.version, 2, "a used version is frozen");
    assert_eq!(desk.template(&d.id, Some(1)).unwrap().template.copies, 3);
    assert_eq!(
        desk.template(&d.id, Some(1)).unwrap().template.title,
        "安全承诺书"
    );
    assert_eq!(
        desk.template(&d.id, None).unwrap().template.title,
        "安全承诺书（修订）"
    );
}

#[test]
fn an_invalid_edit_is_refused_and_changes_nothing() {
    let (_dir, mut desk) = desk();
    let d = desk.import_template("承诺书.txt", TEXT.as_bytes()).unwrap();
    let mut t = d.template.clone();
    t.title = String::new();
    let err = desk.save_template(&d.id, &t).unwrap_err();
    assert!(!err.to_string().is_empty());
    assert_eq!(desk.template(&d.id, None).unwrap(), d);
}
