//! Trust (issue 7): checking the whole archive.
//!
//! `verify` re-derives every hash the archive relies on from the stored bytes — the
//! PDF's SHA-256, the content hash (with the same function signing uses), the PDF's
//! seal against the installation's root, the `agreement_signed` audit entry's record
//! of both hashes — and walks the audit chain, after SQLite's own integrity checks.
//! Each problem names its kind, the agreement number (or audit seq) and, in Chinese,
//! what is wrong.

use signdesk_archive::verify::{self, StoredAgreement};
use signdesk_archive::{agreements, audit};

use crate::dto::{Problem, VerifyReport};
use crate::{CoreError, Desk};

fn problem(kind: &str, id: impl Into<String>, detail: impl Into<String>) -> Problem {
    Problem {
        kind: kind.into(),
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
            "pdf_hash_mismatch",
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
        out.push(problem(
            "content_hash_mismatch",
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
            "seal_invalid",
            n,
            "找不到本机根证书，无法核验 PDF 的数字签名",
        )),
        Some(root) => {
            if let Err(e) = signdesk_seal::verify_pdf(&a.pdf, root) {
                out.push(problem("seal_invalid", n, format!("PDF 数字签名无效：{e}")));
            }
        }
    }
    match &a.audited {
        None => out.push(problem(
            "audit_missing",
            n,
            "审计日志中没有这份协议的签署记录",
        )),
        Some((pdf, content)) => {
            if *pdf != a.pdf_sha256 || *content != a.content_sha256 {
                out.push(problem(
                    "audit_mismatch",
                    n,
                    "记录的摘要与签署时审计日志记下的不符：协议记录被改写过",
                ));
            }
        }
    }
}

impl Desk {
    /// Checks the whole archive; see the module doc. Appends a `verified` audit entry
    /// with the summary. Problems are reported, not errors: `Err` only when the check
    /// itself cannot run.
    pub fn verify(&mut self) -> Result<VerifyReport, CoreError> {
        self.guard()?;
        let root = self.stored_root_cert();
        let mut problems = Vec::new();
        let mut checked = 0u64;
        let root = match root {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem("seal_invalid", "", e.to_string()));
                None
            }
        };
        let conn = self.archive.read();
        let scan = verify::snapshot(conn, |c| -> Result<(), CoreError> {
            match verify::database_problems(c) {
                Ok(lines) => {
                    problems.extend(lines.into_iter().map(|l| problem("db_integrity", "", l)))
                }
                Err(e) => problems.push(problem(
                    "db_integrity",
                    "",
                    format!("SQLite 完整性检查无法完成：{e}"),
                )),
            }
            if let Err(e) = verify::for_each_agreement(c, |a| {
                checked += 1;
                check_agreement(&a, root.as_deref(), &mut problems);
                Ok::<_, CoreError>(())
            }) {
                problems.push(problem(
                    "db_integrity",
                    "",
                    format!("读取协议时出错，检查未能完成：{e}"),
                ));
            }
            match audit::verify_chain(c) {
                Ok(breaks) => problems.extend(
                    breaks
                        .into_iter()
                        .map(|b| problem("audit_chain", b.seq.to_string(), b.detail)),
                ),
                Err(e) => {
                    problems.push(problem("audit_chain", "", format!("审计日志无法读取：{e}")))
                }
            }
            Ok(())
        });
        if let Err(e) = scan {
            problems.push(problem("db_integrity", "", format!("检查无法完成：{e}")));
        }
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
            .write(|tx| audit::append(tx, &actor, "verified", "", &detail))
        {
            problems.push(problem(
                "db_integrity",
                "",
                format!("无法写入审计记录：{e}"),
            ));
        }
        Ok(VerifyReport {
            checked,
            ok: problems.is_empty(),
            problems,
        })
    }
}
