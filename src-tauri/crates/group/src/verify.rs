//! `group verify`: re-checks what arrival checked, over everything the group holds —
//! each site's chain entry by entry, each PDF's hash and seal against its site's
//! registered root — reading one agreement at a time, and names what does not hold.
//! Each entry and agreement is a step of its [`Job`] (the group view's progress bar
//! and 取消); a cancelled verify answers nothing.

use postgres::Client;
use serde::Serialize;
use signdesk_base::chain::{AuditEntry, GENESIS};
use signdesk_base::{Job, WorkStage};
use ts_rs::TS;

use crate::GroupError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupProblem")]
pub struct Problem {
    /// `pdf_changed`, `seal_invalid`, `chain_broken`, `assessment_changed`, `ack_changed`.
    pub kind: &'static str,
    pub site: String,
    /// The document number, or `audit #N` for a chain entry.
    pub number: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupVerifyReport")]
pub struct Report {
    pub ok: bool,
    pub agreements: u64,
    pub entries: u64,
    pub problems: Vec<Problem>,
}

/// How many rows a cursor fetch brings at a time.
const BATCH: i32 = 100;

/// Every result's digest recomputed; every acknowledgement page re-hashed and its seal
/// checked.
fn results(
    tx: &mut postgres::Transaction<'_>,
    site: &crate::sites::Site,
    problems: &mut Vec<Problem>,
) -> Result<(), GroupError> {
    let rows = tx.query(
        "SELECT number, version, scheme_json, values_json, adjustment, reason, score, lines_json,
                source, actor, assessed_at, source_file, content_sha256
         FROM assessments WHERE site_id = $1 ORDER BY number, version",
        &[&site.id],
    )?;
    for r in &rows {
        let version: i32 = r.get(1);
        let digest = signdesk_base::chain::AssessmentDigest {
            number: r.get(0),
            version: version as u32,
            scheme_json: r.get(2),
            values_json: r.get(3),
            adjustment: r.get(4),
            reason: r.get(5),
            score: r.get(6),
            lines_json: r.get(7),
            source: r.get(8),
            actor: r.get(9),
            assessed_at: r.get(10),
            source_file: r.get(11),
        }
        .sha256();
        if digest != r.get::<_, String>(12) {
            problems.push(Problem {
                kind: "assessment_changed",
                site: site.name.clone(),
                number: r.get(0),
                detail: format!("第 {version} 版考核结果与它的摘要不符：在集团档案库中被改过"),
            });
        }
    }
    let portal = tx.bind(
        "SELECT k.number, k.pdf_sha256, p.bytes FROM acknowledgements k
         JOIN pdfs p ON p.sha256 = k.pdf_sha256 WHERE k.site_id = $1 ORDER BY k.number",
        &[&site.id],
    )?;
    loop {
        let rows = tx.query_portal(&portal, BATCH)?;
        if rows.is_empty() {
            return Ok(());
        }
        for r in &rows {
            let (number, hash, pdf): (String, String, Vec<u8>) = (r.get(0), r.get(1), r.get(2));
            let holds = signdesk_base::chain::sha256_hex(&pdf) == hash
                && signdesk_seal::verify_pdf(&pdf, &site.root_der).is_ok();
            if !holds {
                problems.push(Problem {
                    kind: "ack_changed",
                    site: site.name.clone(),
                    number,
                    detail: "考核确认页与收到时的哈希或电子印章不符".into(),
                });
            }
        }
    }
}

pub fn verify(client: &mut Client) -> Result<Report, GroupError> {
    verify_with(client, &Job::silent())
}

/// [`verify`], each chain entry and agreement a step of `job`.
pub fn verify_with(client: &mut Client, job: &Job) -> Result<Report, GroupError> {
    crate::schema::require_current(client)?;
    job.step(WorkStage::Verify, 0, 0, "")?;
    let sites = crate::sites::list(client)?;
    let mut tx = client.transaction()?;
    // One snapshot for the count and the walk, so the bar's total holds.
    tx.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")?;
    let total: i64 = tx
        .query_one(
            "SELECT (SELECT count(*) FROM audit) + (SELECT count(*) FROM agreements)",
            &[],
        )?
        .get(0);
    let mut walk = Walk {
        job,
        total: total.max(0) as u64,
        agreements: 0,
        entries: 0,
        problems: Vec::new(),
    };
    for site in &sites {
        walk.chain(&mut tx, site)?;
        walk.agreements(&mut tx, site)?;
        results(&mut tx, site, &mut walk.problems)?;
    }
    tx.commit()?;
    job.step(WorkStage::Verify, walk.total, walk.total, "")?;
    Ok(Report {
        ok: walk.problems.is_empty(),
        agreements: walk.agreements,
        entries: walk.entries,
        problems: walk.problems,
    })
}

/// The walk over every site: what it has checked (each entry and agreement a step of
/// `job`, out of `total`) and what did not hold.
struct Walk<'j> {
    job: &'j Job,
    total: u64,
    agreements: u64,
    entries: u64,
    problems: Vec<Problem>,
}

impl Walk<'_> {
    /// The site's chain, in order: each entry's number, link and hash.
    fn chain(
        &mut self,
        tx: &mut postgres::Transaction<'_>,
        site: &crate::sites::Site,
    ) -> Result<(), GroupError> {
        let portal = tx.bind(
            "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM audit
             WHERE site_id = $1 ORDER BY seq",
            &[&site.id],
        )?;
        let (mut expect, mut prev) = (1i64, GENESIS.to_string());
        loop {
            let rows = tx.query_portal(&portal, BATCH)?;
            if rows.is_empty() {
                return Ok(());
            }
            for r in &rows {
                let e = AuditEntry {
                    seq: r.get(0),
                    at: r.get(1),
                    actor: r.get(2),
                    event: r.get(3),
                    subject: r.get(4),
                    detail: r.get(5),
                    prev_hash: r.get(6),
                    hash: r.get(7),
                };
                self.job.step(
                    WorkStage::Verify,
                    self.entries + self.agreements,
                    self.total,
                    &format!("{} #{}", site.name, e.seq),
                )?;
                self.entries += 1;
                if e.seq != expect || e.prev_hash != prev || !e.hash_holds() {
                    self.problems.push(Problem {
                        kind: "chain_broken",
                        site: site.name.clone(),
                        number: format!("audit #{}", e.seq),
                        detail: format!("审计记录第 {} 条与它的哈希或上一条不符", e.seq),
                    });
                }
                expect = e.seq + 1;
                prev = e.hash;
            }
        }
    }

    /// The site's agreements, one at a time: each PDF's hash and seal.
    fn agreements(
        &mut self,
        tx: &mut postgres::Transaction<'_>,
        site: &crate::sites::Site,
    ) -> Result<(), GroupError> {
        let portal = tx.bind(
            "SELECT a.number, a.pdf_sha256, p.bytes FROM agreements a
             JOIN pdfs p ON p.sha256 = a.pdf_sha256
             WHERE a.site_id = $1 ORDER BY a.id",
            &[&site.id],
        )?;
        loop {
            let rows = tx.query_portal(&portal, BATCH)?;
            if rows.is_empty() {
                return Ok(());
            }
            for r in &rows {
                let (number, hash, pdf): (String, String, Vec<u8>) = (r.get(0), r.get(1), r.get(2));
                self.job.step(
                    WorkStage::Verify,
                    self.entries + self.agreements,
                    self.total,
                    &format!("{} {number}", site.name),
                )?;
                self.agreements += 1;
                if signdesk_base::chain::sha256_hex(&pdf) != hash {
                    self.problems.push(Problem {
                        kind: "pdf_changed",
                        site: site.name.clone(),
                        number: number.clone(),
                        detail: "PDF 与收到时的哈希不符：在集团档案库中被改过".into(),
                    });
                }
                if let Err(e) = signdesk_seal::verify_pdf(&pdf, &site.root_der) {
                    self.problems.push(Problem {
                        kind: "seal_invalid",
                        site: site.name.clone(),
                        number,
                        detail: format!("电子印章验证不通过：{e}"),
                    });
                }
            }
        }
    }
}
