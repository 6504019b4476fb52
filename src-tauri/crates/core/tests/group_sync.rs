//! The desk's online sync against a real PostgreSQL server (`scripts/with-postgres.sh`):
//! a connection broken in the middle loses only the batch in flight, the next sync
//! resumes at the head the group holds, and nothing is sent twice.

mod common;

use std::sync::{Arc, Mutex};

use signdesk_core::Job;

fn admin() -> String {
    std::env::var("SIGNDESK_TEST_PG_URL")
        .expect("SIGNDESK_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh")
}

/// A fresh group archive with `desk` registered; answers (owner URL, site URL with password).
fn group_for(desk: &mut signdesk_core::Desk, name: &str) -> (String, String) {
    let admin = admin();
    let db = format!("core_sync_{name}_{}", std::process::id());
    let mut c = signdesk_group::connect(&admin, None).unwrap();
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .unwrap();
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let url = format!("{}/{db}", admin.rsplit_once('/').unwrap().0);
    let mut c = signdesk_group::connect(&url, None).unwrap();
    signdesk_group::schema::migrate(&mut c).unwrap();
    let root = signdesk_seal::root_der_from_pem(&desk.seal_root_pem().unwrap()).unwrap();
    let site = signdesk_group::sites::add(&mut c, "第一车间", &root).unwrap();
    let host = url.split_once('@').unwrap().1;
    let site_url = format!(
        "postgresql://{}:{}@{host}",
        site.site.db_role, site.password
    );
    (url, site_url)
}

fn count(url: &str, sql: &str) -> i64 {
    let mut c = signdesk_group::connect(url, None).unwrap();
    c.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_connection_broken_mid_sync_resumes_where_the_group_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    for name in ["张一", "张二", "张三", "张四", "张五", "张六"] {
        desk.sign(&common::request(name, common::png(true)))
            .unwrap();
    }
    let (url, site_url) = group_for(&mut desk, "broken");

    // The group's server drops the site's connection once agreements are on their way
    // (as a network cut would), from the owner's side. (Progress reports are thinned
    // out in time, so the first one after an agreement went is the moment.)
    let killed = Arc::new(Mutex::new(false));
    let (k, owner) = (killed.clone(), url.clone());
    let job = Job::new(move |p| {
        let mut done = k.lock().unwrap();
        if p.done >= 1 && p.done < p.total && !*done {
            *done = true;
            let mut c = signdesk_group::connect(&owner, None).unwrap();
            c.batch_execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE usename LIKE '%_site_%' AND pid <> pg_backend_pid()",
            )
            .unwrap();
        }
    });
    let broken = desk.group_sync_in_batches(Some(&site_url), None, &job, 3);
    let e = broken.expect_err("the connection was cut");
    assert_eq!(e.kind(), "group_connect", "{e}");
    assert!(*killed.lock().unwrap(), "the cut happened");
    let held = count(&url, "SELECT count(*) FROM agreements");
    assert!(
        (1..6).contains(&held),
        "batches before the cut stay ({held})"
    );
    let entries = count(&url, "SELECT count(*) FROM audit");
    let numbers = count(&url, "SELECT count(DISTINCT number) FROM agreements");
    assert_eq!(numbers, held, "no agreement twice");
    assert!(
        desk.group_settings().unwrap().acked_entries.is_none(),
        "a broken sync acknowledges nothing"
    );

    // The next sync starts at the group's head and sends only the rest.
    let done = desk
        .group_sync(Some(&site_url), None, &Job::silent())
        .unwrap();
    assert_eq!(done.sent as i64, 6 - held, "{done:?}");
    assert_eq!(count(&url, "SELECT count(*) FROM agreements"), 6);
    assert!(count(&url, "SELECT count(*) FROM audit") > entries);
    let acked = desk.group_settings().unwrap().acked_entries.unwrap();
    assert_eq!(acked, done.head.entries);
    // And again: nothing new.
    let again = desk
        .group_sync(Some(&site_url), None, &Job::silent())
        .unwrap();
    assert_eq!((again.sent, again.unchanged), (0, 0));
}

#[test]
fn a_desk_whose_root_the_group_did_not_register_for_its_account_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    desk.sign(&common::request("王五", common::png(true)))
        .unwrap();
    let other = tempfile::tempdir().unwrap();
    let mut stranger =
        signdesk_core::Desk::create(other.path(), "别的单位", common::PASSPHRASE).unwrap();
    let (url, site_url) = group_for(&mut stranger, "wrong_root");
    let e = desk
        .group_sync(Some(&site_url), None, &Job::silent())
        .expect_err("another desk's account");
    assert_eq!(e.kind(), "site_unknown", "{e}");
    assert_eq!(count(&url, "SELECT count(*) FROM audit"), 0);

    // postgresql://role:password@host/db with the password changed.
    let (user_pw, host) = site_url.rsplit_once('@').unwrap();
    let user = user_pw.rsplit_once(':').unwrap().0;
    let e = desk
        .group_sync(Some(&format!("{user}:wrong@{host}")), None, &Job::silent())
        .expect_err("a wrong password");
    assert_eq!(e.kind(), "group_connect");
    assert!(e.to_string().contains("用户名或密码不对"), "{e}");
}

#[test]
fn results_and_acknowledgements_arrive_checked_and_a_doctored_result_is_refused() {
    use signdesk_core::assess::AssessInput;
    use signdesk_core::assessment::Value;
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let n = desk
        .sign(&common::request("赵一", common::png(true)))
        .unwrap()
        .number;
    let points = |s: &str| Value::Points(s.parse().unwrap());
    let input = AssessInput {
        number: n.clone(),
        values: [
            ("part1".to_string(), points("55")),
            ("part2".to_string(), points("38")),
        ]
        .into(),
        adjustment: None,
        reason: String::new(),
    };
    desk.assess(&[input], signdesk_core::AssessmentSource::Grid)
        .unwrap();
    let sig = signdesk_core::signing::SignatureInput {
        role_key: "ack".into(),
        signer_name: None,
        png: common::png(true),
        strokes_json: "[]".into(),
    };
    desk.acknowledge_assessment(&n, &sig).unwrap();
    let (url, site_url) = group_for(&mut desk, "results");
    desk.group_sync(Some(&site_url), None, &Job::silent())
        .unwrap();
    assert_eq!(count(&url, "SELECT count(*) FROM assessments"), 1);
    assert_eq!(count(&url, "SELECT count(*) FROM acknowledgements"), 1);
    let mut c = signdesk_group::connect(&url, None).unwrap();
    let r = signdesk_group::report::report(&mut c, 2027).unwrap();
    assert_eq!(r.departments.len(), 1);
    let d = &r.departments[0];
    assert_eq!((d.signed, d.assessed, d.acknowledged), (1, 1, 1), "{r:?}");
    assert_eq!(d.mean, Some(93.0));
    let mut bars = vec![0; 11];
    bars[9] = 1;
    assert_eq!(d.histogram, bars, "93 is in 90–99");
    let v = signdesk_group::verify::verify(&mut c).unwrap();
    assert!(v.ok, "{v:?}");
    // A score changed inside the group database is named by verify.
    c.batch_execute(
        "SET session_replication_role = replica; UPDATE assessments SET score = '100';
         SET session_replication_role = origin;",
    )
    .unwrap();
    let v = signdesk_group::verify::verify(&mut c).unwrap();
    assert!(
        v.problems
            .iter()
            .any(|p| p.kind == "assessment_changed" && p.number == n),
        "{v:?}"
    );

    // A result whose digest does not cover what it says is refused by the same ingest.
    let mut tx = c.transaction().unwrap();
    let site = signdesk_group::sites::list(&mut tx).unwrap().remove(0);
    let mut ing = signdesk_group::ingest::Ingest::begin(&mut tx, site).unwrap();
    let held: (String, String) = {
        let mut c2 = signdesk_group::connect(&url, None).unwrap();
        let row = c2
            .query_one("SELECT scheme_json, values_json FROM assessments", &[])
            .unwrap();
        (row.get(0), row.get(1))
    };
    let forged = signdesk_group::AssessmentRecord {
        number: n.clone(),
        version: 2,
        scheme_json: held.0,
        values_json: held.1,
        adjustment: None,
        reason: "更正".into(),
        score: "100".into(),
        score_value: 100.0,
        reward_value: None,
        pass_value: 60.0,
        lines_json: "[]".into(),
        source: "cli".into(),
        source_file: None,
        actor: "某人".into(),
        assessed_at: "2027-12-31T10:00:00+08:00".into(),
        content_sha256: "0".repeat(64),
    };
    let e = ing.assessment(&forged).unwrap_err();
    assert_eq!(e.kind(), "not_audited", "{e}");
}

#[test]
fn the_signed_text_arrives_checked_whole_and_is_found_by_a_phrase() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let mut numbers = Vec::new();
    for name in ["钱一", "钱二", "钱三"] {
        numbers.push(
            desk.sign(&common::request(name, common::png(true)))
                .unwrap()
                .number,
        );
    }
    let (url, site_url) = group_for(&mut desk, "texts");
    // Everything for a bundle, read back record by record before anything is sent.
    let bundle = dir.path().join("上报包.sdbundle");
    desk.group_bundle_export(&bundle, None, &Job::silent())
        .unwrap();
    let mut records = Vec::new();
    let mut r =
        signdesk_group::bundle::Reader::open(std::fs::File::open(&bundle).unwrap()).unwrap();
    while let Some(rec) = r.next().unwrap() {
        records.push(rec);
    }

    // A text changed on the way (the hashes kept) is refused by the one ingest.
    let e = refused_with_a_text_changed(&url, &records);
    assert_eq!(e.kind(), "not_audited", "{e}");
    assert!(e.to_string().contains(&numbers[0]), "{e}");
    let mut c = signdesk_group::connect(&url, None).unwrap();
    assert_eq!(count(&url, "SELECT count(*) FROM agreements"), 0);

    // Sent as signed: each text is whole again from its lines, the template's clauses
    // stored once for the three.
    desk.group_sync(Some(&site_url), None, &Job::silent())
        .unwrap();
    for rec in &records {
        if let signdesk_group::bundle::Record::Agreement(a, _) = rec {
            let joined: String = c
                .query_one(
                    "SELECT string_agg(t.line, E'\\n' ORDER BY u.n)
                     FROM agreements a
                     CROSS JOIN LATERAL unnest(a.line_keys) WITH ORDINALITY AS u(k, n)
                     JOIN text_lines t ON t.site_id = a.site_id AND t.key = u.k
                     WHERE a.number = $1",
                    &[&a.number],
                )
                .unwrap()
                .get(0);
            assert_eq!(joined, a.signed_text, "{}", a.number);
        }
    }
    let per_text = count(
        &url,
        "SELECT max(cardinality(line_keys))::bigint FROM agreements",
    );
    let lines = count(&url, "SELECT count(*) FROM text_lines");
    assert!(
        lines < 2 * per_text,
        "{lines} lines for 3 texts of {per_text}"
    );

    // A phrase of the clauses finds all three; a phrase of one person's filled text
    // finds that one; a name still finds its signer; a phrase in no text finds nothing.
    let find = |c: &mut signdesk_group::Client, text: &str| {
        let q = signdesk_group::search::Query {
            text: text.into(),
            limit: 50,
            ..Default::default()
        };
        let f = signdesk_group::search::search(c, &q).unwrap();
        let mut n: Vec<String> = f.hits.into_iter().map(|h| h.number).collect();
        n.sort();
        n
    };
    let clause = records
        .iter()
        .find_map(|r| match r {
            signdesk_group::bundle::Record::Agreement(a, _) => a
                .signed_text
                .lines()
                .map(str::trim)
                .find(|l| l.chars().count() >= 12 && !l.contains("钱"))
                .map(|l| l.chars().skip(2).take(6).collect::<String>()),
            _ => None,
        })
        .unwrap();
    let mut all = numbers.clone();
    all.sort();
    assert_eq!(find(&mut c, &clause), all, "phrase 「{clause}」");
    assert_eq!(find(&mut c, "钱二"), vec![numbers[1].clone()]);
    assert!(find(&mut c, "核反应堆").is_empty());
}

/// Feeds `records` to the group's ingest with each agreement's text changed (its hashes
/// kept), as a tampered carrier would; answers the refusal.
fn refused_with_a_text_changed(
    url: &str,
    records: &[signdesk_group::bundle::Record],
) -> signdesk_group::GroupError {
    let mut c = signdesk_group::connect(url, None).unwrap();
    let mut tx = c.transaction().unwrap();
    let site = signdesk_group::sites::list(&mut tx).unwrap().remove(0);
    let mut ing = signdesk_group::ingest::Ingest::begin(&mut tx, site).unwrap();
    for rec in records.iter().cloned() {
        let rec = match rec {
            signdesk_group::bundle::Record::Agreement(mut a, pdf) => {
                a.signed_text = a.signed_text.replacen("安全", "安 全", 1);
                signdesk_group::bundle::Record::Agreement(a, pdf)
            }
            other => other,
        };
        if let Err(e) = ing.record(rec) {
            return e;
        }
    }
    panic!("a changed text was taken");
}
