//! The database's own guard: a site's role writes only its own rows and never changes
//! any; a viewer only reads.

use crate::common::{cli, ok_json};
use crate::desks::{count, desk, group, init, register, sign};
use crate::server;

#[test]
fn a_site_role_writes_only_its_own_rows_never_changes_any_and_a_viewer_only_reads() {
    let url = server::fresh_db("privileges");
    init(&url);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    desk(&a, "甲站", "客服部", &[("张三", "A001")]);
    desk(&b, "乙站", "客服部", &[("李四", "B001")]);
    sign(&a, "张三", "A001", "客服部");
    sign(&b, "李四", "B001", "客服部");
    let a_url = register(&url, &a, "甲站");
    let b_url = register(&url, &b, "乙站");
    ok_json(&cli(&a, &["sync", "--url", &a_url, "--json"]));
    ok_json(&cli(&b, &["sync", "--url", &b_url, "--json"]));
    let b_id: i32 = server::client(&url)
        .query_one("SELECT id FROM sites WHERE name = '乙站'", &[])
        .unwrap()
        .get(0);

    let mut site_a = server::client(&a_url);
    let seen: i64 = site_a
        .query_one("SELECT count(*) FROM agreements", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 1, "a site reads back only its own agreements");
    let other = site_a.execute(
        "INSERT INTO rosters(site_id, year, person_key, name, department) VALUES ($1, 2027, 'x', '冒名', '客服部')",
        &[&b_id],
    );
    assert!(other.is_err(), "a site cannot write another site's rows");
    for sql in [
        "UPDATE agreements SET signer = '改名'",
        "DELETE FROM agreements",
        "DELETE FROM audit",
        "UPDATE pdfs SET bytes = ''",
        "DROP TABLE agreements",
    ] {
        assert!(
            site_a.batch_execute(sql).is_err(),
            "{sql} must be refused to a site"
        );
    }

    let viewer = ok_json(&group(&url, &["viewer", "add", "--name", "group_viewer_t"]));
    let v_url = server::as_user(&url, "group_viewer_t", viewer["password"].as_str().unwrap());
    let mut v = server::client(&v_url);
    let all: i64 = v
        .query_one("SELECT count(*) FROM agreements", &[])
        .unwrap()
        .get(0);
    assert_eq!(all, 2, "the viewer reads every site");
    for sql in [
        "INSERT INTO rosters(site_id, year, person_key, name, department) VALUES (1, 2027, 'y', '某', '部')",
        "UPDATE agreements SET signer = '改名'",
        "DELETE FROM voids",
    ] {
        assert!(v.batch_execute(sql).is_err(), "{sql} must be refused to a viewer");
    }
    // And the viewer finds through the same CLI.
    assert_eq!(
        ok_json(&group(&v_url, &["search", "--year", "2027"]))["total"],
        2
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM agreements WHERE signer = '改名'"
        ),
        0
    );
}
