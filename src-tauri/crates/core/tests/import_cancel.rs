//! 取消 part-way through an import leaves the archive exactly as it was: a roster's
//! people, the ceremony's roster and the audit log; the year's results and their
//! history. Each import is one transaction, and the job that reports its rows is the
//! one 取消 stops — here a job that cancels itself once it has written some rows.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use common::{desk, png, request};
use signdesk_core::assess::{AssessInput, ResultsFile};
use signdesk_core::assessment::Value;
use signdesk_core::{AssessmentSource, Desk, ErrorKind, Job, Progress, WorkStage, Year};

/// A job that cancels itself once `stage` reports `at` rows done (the work stops at
/// its next row), and keeps every report.
fn cancelled_at(stage: WorkStage, at: u64) -> (Job, Arc<Mutex<Vec<Progress>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let me: Arc<OnceLock<Job>> = Arc::new(OnceLock::new());
    let (s, m) = (seen.clone(), me.clone());
    let job = Job::new(move |p| {
        s.lock().unwrap().push(p.clone());
        if p.stage == stage && p.done >= at {
            m.get().expect("the job is set before it runs").cancel();
        }
    });
    me.set(job.clone()).unwrap();
    (job, seen)
}

/// Everything an import could change, read back: the counts, the audit chain's head,
/// and everyone in the archive.
fn archive_state(desk: &Desk) -> (String, String) {
    let info = desk.info().unwrap();
    (
        format!("{:?} {}", info.counts, info.audit_head),
        format!("{:?}", desk.people().unwrap()),
    )
}

fn roster(n: usize) -> String {
    let mut csv = String::from("姓名,工号,部门\n张三,E001,工程部\n");
    for i in 2..=n {
        csv.push_str(&format!("员工{i},E{i:03},客服部\n"));
    }
    csv
}

#[test]
fn a_roster_import_cancelled_part_way_saves_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let c = desk
        .ceremony_create(&common::ceremony_input("adopt"))
        .unwrap();
    let first = "姓名,工号,部门\n张三,E001,客服部\n";
    desk.ceremony_import_roster(c.id, "名单.csv", first.as_bytes(), true, &Job::silent())
        .unwrap();
    let before = archive_state(&desk);
    let roster_before = desk.ceremony(c.id).unwrap().roster;

    // Twelve rows, 张三 moved to another department; 取消 after the fifth is written.
    let file = roster(12);
    let (job, seen) = cancelled_at(WorkStage::Store, 5);
    let e = desk
        .ceremony_import_roster(c.id, "名单2.csv", file.as_bytes(), true, &job)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(e.to_string().contains("一行也没有保存"), "{e}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].stage, WorkStage::Import, "the file is read first");
    let last = seen.last().unwrap();
    assert_eq!(
        (last.stage, last.done, last.total, last.item.as_str()),
        (WorkStage::Store, 5, 12, "员工6"),
        "stopped part-way through the write, naming the row: {seen:?}"
    );

    assert_eq!(
        archive_state(&desk),
        before,
        "people, counts and audit head"
    );
    assert_eq!(desk.ceremony(c.id).unwrap().roster, roster_before);
    let zhang = desk.people().unwrap();
    assert_eq!(zhang[0].department, "客服部", "张三 was not moved");
    assert!(desk.verify().unwrap().ok);

    // The same file without 取消 saves all twelve.
    let done = desk
        .ceremony_import_roster(c.id, "名单2.csv", file.as_bytes(), true, &Job::silent())
        .unwrap();
    assert_eq!((done.import.saved, done.added), (12, 11));
}

fn sign(desk: &mut Desk, name: &str, no: &str) -> String {
    let mut r = request(name, png(true));
    r.signer.employee_no = Some(no.into());
    desk.sign(&r).unwrap().number
}

#[test]
fn a_results_import_cancelled_part_way_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let numbers: Vec<String> = (1..=8)
        .map(|i| sign(&mut desk, &format!("员工{i}"), &format!("K{i:03}")))
        .collect();
    // Two already assessed in the grid: the import corrects them (new versions).
    let grid: Vec<AssessInput> = numbers[..2]
        .iter()
        .map(|n| AssessInput {
            number: n.clone(),
            values: BTreeMap::from([
                ("part1".to_string(), Value::Points(50.into())),
                ("part2".to_string(), Value::Points(30.into())),
            ]),
            adjustment: None,
            reason: String::new(),
        })
        .collect();
    desk.assess(&grid, AssessmentSource::Grid).unwrap();
    let results = |desk: &Desk| -> Vec<String> {
        numbers
            .iter()
            .map(|n| match desk.assessment(n) {
                Ok(v) => format!("{n} v{} {} {:?}", v.version, v.score, v.history),
                Err(e) => format!("{n} {}", e.kind()),
            })
            .collect()
    };
    let before = (archive_state(&desk), results(&desk));

    let mut csv = String::from("工号,姓名,安全责任,事故情况\n");
    for i in 1..=8 {
        csv.push_str(&format!("K{i:03},员工{i},55,40\n"));
    }
    let file = ResultsFile {
        name: "成绩.csv",
        bytes: csv.as_bytes(),
        year: Year::new(2027).unwrap(),
        template: None,
    };
    let (job, seen) = cancelled_at(WorkStage::Store, 4);
    let e = desk
        .import_assessments(file, "复核后更正", true, &job)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|p| p.stage == WorkStage::Import && p.total == 8 && p.item == "第 4 行 员工3"),
        "every row is checked as a step, named by its line and person: {seen:?}"
    );
    let last = seen.last().unwrap();
    assert_eq!(
        (last.stage, last.done, last.total),
        (WorkStage::Store, 4, 8),
        "stopped part-way through the write: {seen:?}"
    );
    assert_eq!((archive_state(&desk), results(&desk)), before);

    // 取消 while rows are still being checked stores nothing either.
    let (job, _) = cancelled_at(WorkStage::Import, 3);
    let e = desk
        .import_assessments(file, "复核后更正", true, &job)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert_eq!((archive_state(&desk), results(&desk)), before);
    assert!(desk.verify().unwrap().ok);

    // Without 取消 the same file stores all eight.
    let r = desk
        .import_assessments(file, "复核后更正", true, &Job::silent())
        .unwrap();
    assert_eq!((r.saved, r.assessed), (true, 8));
    assert_eq!(desk.assessment(&numbers[0]).unwrap().version, 2);
}
