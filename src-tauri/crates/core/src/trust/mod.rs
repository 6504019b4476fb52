//! Trust (issue 7): checking the whole archive (here), backing it up (`backup_file.rs`)
//! and restoring it (`restore.rs`).
//!
//! `verify` re-derives every hash the archive relies on from the stored bytes — the
//! PDF's SHA-256, the content hash (with the same function signing uses), the PDF's
//! seal against the installation's root, the `agreement_signed` audit entry's record
//! of both hashes — and walks the audit chain, after SQLite's own integrity checks.
//! Each problem names its kind, the agreement number (or audit seq) and, in Chinese,
//! what is wrong.

use signdesk_base::ProblemKind;
use signdesk_base::{ErrorKind, Job, WorkStage};

use signdesk_archive::verify::{self, StoredAgreement};
use signdesk_archive::{agreements, audit, completeness};

use crate::dto::{Problem, VerifyReport};
use crate::{CoreError, Desk};

/// What `verify` checks beyond the archive itself.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// A head taken earlier (`verify --anchor`).
    pub anchor: Option<crate::evidence::Anchor>,
    /// A root certificate (DER) exported earlier, trusted instead of the stored one.
    pub root_der: Option<Vec<u8>>,
}

fn problem(kind: ProblemKind, id: impl Into<String>, detail: impl Into<String>) -> Problem {
    Problem {
        kind,
        id: id.into(),
        detail: detail.into(),
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Every check on one stored agreement.
fn check_agreement(a: &StoredAgreement, root: Option<&[u8]>, out: &mut Vec<Problem>) {
    let n = a.number.as_str();
    let pdf_sha = agreements::sha256_hex(&a.pdf);
    if pdf_sha != a.pdf_sha256 {
        out.push(problem(
            ProblemKind::PdfHashMismatch,
            n,
            format!(
                "存储的 PDF 与记录的摘要不符（记录 {}…，实际 {}…）：PDF 被改动过",
                short(&a.pdf_sha256),
                short(&pdf_sha)
            ),
        ));
    }
    let content = crate::signing::content_sha256(
        &a.template_slug,
        a.template_version,
        &a.signed_text,
        &a.values_json,
        &a.signer_name,
        a.signatures
            .iter()
            .map(|s| (s.role_key.as_str(), s.png.as_slice())),
    );
    if content != a.content_sha256 {
        out.push(problem(ProblemKind::ContentHashMismatch,
            n,
            format!(
                "协议内容（模板、正文、待填项、签约人或签名图片）与记录的内容摘要不符（记录 {}…，重算 {}…）",
                short(&a.content_sha256),
                short(&content)
            ),
        ));
    }
    match root {
        None => out.push(problem(
            ProblemKind::SealInvalid,
            n,
            "找不到本机根证书，无法核验 PDF 的数字签名",
        )),
        Some(root) => {
            if let Err(e) = signdesk_seal::verify_pdf(&a.pdf, root) {
                out.push(problem(
                    ProblemKind::SealInvalid,
                    n,
                    format!("PDF 数字签名无效：{e}"),
                ));
            }
        }
    }
    match &a.audited {
        None => out.push(problem(
            ProblemKind::AuditMissing,
            n,
            "审计日志中没有这份协议的签署记录",
        )),
        Some((pdf, content)) => {
            if *pdf != a.pdf_sha256 || *content != a.content_sha256 {
                out.push(problem(
                    ProblemKind::AuditMismatch,
                    n,
                    "记录的摘要与签署时审计日志记下的不符：协议记录被改写过",
                ));
            }
        }
    }
}

fn busy_or(e: CoreError) -> CoreError {
    match &e {
        CoreError::Archive(a) if a.is_busy() => CoreError::invalid(
            ErrorKind::ArchiveBusy,
            "档案库正被其他程序长时间写入，请稍后再试",
        ),
        _ => e,
    }
}

impl Desk {
    /// Checks the whole archive; see the module doc. Appends a `verified` audit entry
    /// with the summary. Problems are reported, not errors: `Err` only when the check
    /// cannot run, or found nothing wrong but could not be recorded (`archive_busy`).
    pub fn verify(&mut self) -> Result<VerifyReport, CoreError> {
        self.verify_with(&VerifyOptions::default(), &Job::silent())
    }

    /// [`Desk::verify`], also against what lies outside the database: an anchor taken
    /// earlier (`evidence.rs`) and a root certificate exported earlier, which then
    /// replaces the one stored in the archive (a forger who re-sealed every PDF under
    /// a new root stored beside them fails here).
    /// Each agreement is a step of `job`; a cancelled check records nothing.
    pub fn verify_with(
        &mut self,
        opts: &VerifyOptions,
        job: &Job,
    ) -> Result<VerifyReport, CoreError> {
        self.guard()?;
        job.step(WorkStage::Verify, 0, 0, "")?;
        let mut problems = Vec::new();
        let stored_root = match &opts.root_der {
            Some(der) => Ok(Some(der.clone())),
            None => self.stored_root_cert(),
        };
        let root = stored_root.unwrap_or_else(|e| {
            problems.push(problem(ProblemKind::SealInvalid, "", e.to_string()));
            None
        });
        let conn = self.archive.read();
        let mut scan = Scan {
            root: root.as_deref(),
            total: agreements::count_all(conn)?,
            checked: 0,
            head: None,
            problems,
        };
        match verify::snapshot(conn, |c| scan.run(c, opts, job)) {
            Err(e) if e.kind() == ErrorKind::Cancelled => return Err(e),
            Err(e) => scan.problems.push(problem(
                ProblemKind::DbIntegrity,
                "",
                format!("检查无法完成：{e}"),
            )),
            Ok(()) => {}
        }
        let Scan {
            checked,
            head,
            mut problems,
            ..
        } = scan;
        self.record_verified(checked, &mut problems)?;
        let head = match head {
            Some(h) => h,
            None => crate::evidence::head(self.archive.read())?,
        };
        Ok(VerifyReport {
            checked,
            ok: problems.is_empty(),
            problems,
            head,
        })
    }

    /// Appends the `verified` audit entry. A sound archive that merely could not
    /// record the check (another program holds the write lock) is not reported as
    /// damaged: the caller retries (`archive_busy`).
    fn record_verified(
        &mut self,
        checked: u64,
        problems: &mut Vec<Problem>,
    ) -> Result<(), CoreError> {
        let ok = problems.is_empty();
        let detail = serde_json::json!({
            "checked": checked,
            "ok": ok,
            "problems": problems.len(),
        })
        .to_string();
        let actor = self.actor.clone();
        if let Err(e) = self
            .archive
            .write(|tx| audit::append(tx, &actor, signdesk_base::AuditEvent::Verified, "", &detail))
        {
            if ok {
                return Err(busy_or(CoreError::from(e)));
            }
            problems.push(problem(
                ProblemKind::DbIntegrity,
                "",
                format!("核验结果无法写入审计日志：{e}"),
            ));
        }
        Ok(())
    }
}

/// One pass over a consistent snapshot of the archive and what it found.
struct Scan<'r> {
    root: Option<&'r [u8]>,
    total: u64,
    checked: u64,
    head: Option<crate::dto::ChainHead>,
    problems: Vec<Problem>,
}

impl Scan<'_> {
    /// Every check, in order: the anchor, SQLite's own, each agreement (a step of
    /// `job`: a cancel ends the scan with `Cancelled`), assessments, missing records,
    /// the audit chain. A check that cannot run is itself a problem, and the others
    /// still run.
    fn run(
        &mut self,
        c: &signdesk_archive::Connection,
        opts: &VerifyOptions,
        job: &Job,
    ) -> Result<(), CoreError> {
        self.head = Some(crate::evidence::head(c)?);
        if let Some(anchor) = &opts.anchor {
            self.problems.extend(crate::evidence::check(c, anchor)?);
        }
        self.add(
            ProblemKind::DbIntegrity,
            "SQLite 完整性检查无法完成",
            || {
                Ok(verify::database_problems(c)?
                    .into_iter()
                    .map(|l| problem(ProblemKind::DbIntegrity, "", l))
                    .collect())
            },
        );
        let each = verify::for_each_agreement(c, |a| {
            job.step(WorkStage::Verify, self.checked, self.total, &a.number)?;
            self.checked += 1;
            check_agreement(&a, self.root, &mut self.problems);
            Ok::<_, CoreError>(())
        });
        match each {
            Err(e) if e.kind() == ErrorKind::Cancelled => return Err(e),
            Err(e) => self.problems.push(problem(
                ProblemKind::DbIntegrity,
                "",
                format!("读取协议时出错，检查未能完成：{e}"),
            )),
            Ok(()) => {}
        }
        // Keeps what it found before a read fails, so not through `add`.
        if let Err(e) = crate::assess::check_all(c, &mut self.problems) {
            self.problems.push(problem(
                ProblemKind::DbIntegrity,
                "",
                format!("考核结果无法读取，检查未能完成：{e}"),
            ));
        }
        self.add(
            ProblemKind::DbIntegrity,
            "完整性（缺失记录）检查无法完成",
            || {
                Ok(completeness::gaps(c)?
                    .into_iter()
                    .map(|g| problem(g.kind, g.id, g.detail))
                    .collect())
            },
        );
        self.add(ProblemKind::AuditChain, "审计日志无法读取", || {
            Ok(audit::verify_chain(c)?
                .into_iter()
                .map(|b| problem(ProblemKind::AuditChain, b.seq.to_string(), b.detail))
                .collect())
        });
        Ok(())
    }

    /// The problems one check found, or — when it could not run — one of `kind`
    /// saying so (`unable`, then the error).
    fn add(
        &mut self,
        kind: ProblemKind,
        unable: &str,
        check: impl FnOnce() -> Result<Vec<Problem>, CoreError>,
    ) {
        match check() {
            Ok(found) => self.problems.extend(found),
            Err(e) => self
                .problems
                .push(problem(kind, "", format!("{unable}：{e}"))),
        }
    }
}

mod backup_file;
mod restore;
pub use restore::restore;
