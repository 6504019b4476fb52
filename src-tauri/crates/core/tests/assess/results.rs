//! Results entered in the grid: scored, versioned with a reason, and verified.

use crate::common::{self, desk};
use crate::{d, input, sign};
use signdesk_core::{AssessmentSource, ErrorKind};

#[test]
fn results_are_scored_versioned_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let a = sign(&mut desk, "张三", "K001", "客服部");
    let b = sign(&mut desk, "李四", "K002", "客服部");

    let stored = desk
        .assess(
            &[input(&a, "55", "40"), input(&b, "50.5", "8.5")],
            AssessmentSource::Grid,
        )
        .unwrap();
    assert_eq!(stored.len(), 2);
    let va = desk.assessment(&a).unwrap();
    assert_eq!(va.score, d("95"));
    assert!(va.rewarded && va.passed);
    assert_eq!(va.lines[0].label, "安全责任");
    assert!(
        va.lines[0].points == d("55") && va.lines[0].rule.contains("满分 60"),
        "{}",
        va.lines[0].rule
    );
    let vb = desk.assessment(&b).unwrap();
    assert_eq!(vb.score, d("59"), "50.5 + 8.5 exactly");
    assert!(!vb.passed);

    // Out of range: refused, nothing stored.
    let e = desk
        .assess(&[input(&a, "61", "40")], AssessmentSource::Grid)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidAssessment);
    assert!(e.to_string().contains("0–60"), "{e}");
    // A correction without a reason: refused.
    let e = desk
        .assess(&[input(&b, "52", "8.5")], AssessmentSource::Grid)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AssessReasonMissing);
    // A manual adjustment without a reason: refused.
    let mut adj = input(&a, "55", "40");
    adj.adjustment = Some(d("2"));
    let e = desk
        .assess(&[adj.clone()], AssessmentSource::Grid)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AssessReasonMissing);
    // With reasons: new versions, history kept.
    let mut fix = input(&b, "52", "8.5");
    fix.reason = "复核安全责任评分".into();
    adj.reason = "年度安全之星加分".into();
    desk.assess(&[fix, adj], AssessmentSource::Grid).unwrap();
    let vb = desk.assessment(&b).unwrap();
    assert_eq!((vb.version, vb.score), (2, d("60.5")));
    assert_eq!(vb.history.len(), 2);
    assert_eq!(vb.history[0].score, d("59"));
    let va = desk.assessment(&a).unwrap();
    assert_eq!(va.score, d("97"));
    assert!(va
        .lines
        .iter()
        .any(|l| l.label == "人工调整" && l.rule.contains("年度安全之星")));
    // The same values again: nothing new.
    let again = desk
        .assess(&[input(&b, "52", "8.5")], AssessmentSource::Grid)
        .unwrap();
    assert!(again.is_empty());
    assert_eq!(desk.assessment(&b).unwrap().version, 2);

    let report = desk.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);

    // Someone edits a stored score with a database tool (triggers dropped).
    drop(desk);
    tamper(dir.path(), &b);
    let mut desk = common::desk(dir.path());
    let report = desk.verify().unwrap();
    let kinds: Vec<(&str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.kind.as_str(), p.id.as_str()))
        .collect();
    assert!(
        kinds.contains(&("assessment_score_mismatch", b.as_str())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("assessment_hash_mismatch", b.as_str())),
        "{kinds:?}"
    );
    let p = report
        .problems
        .iter()
        .find(|p| p.kind == "assessment_score_mismatch")
        .unwrap();
    assert!(
        p.detail.contains("99") && p.detail.contains("60.5"),
        "{}",
        p.detail
    );
}

fn tamper(dir: &std::path::Path, number: &str) {
    let key = signdesk_core::keyfile::archive_key(dir, common::PASSPHRASE).unwrap();
    let mut a = signdesk_archive::Archive::open_dir(dir, &key).unwrap();
    a.write(|tx| {
        tx.execute_batch("DROP TRIGGER assessments_never_update")?;
        tx.execute(
            "UPDATE assessments SET score = '99', score_value = 99 WHERE version = 2
               AND agreement_id = (SELECT id FROM agreements WHERE number = ?1)",
            [number],
        )?;
        Ok::<_, signdesk_archive::ArchiveError>(())
    })
    .unwrap();
}
