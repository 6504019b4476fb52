//! Trust (issue 7): checking the whole archive, backing it up and restoring it.
//!
//! `verify` re-derives every hash the archive relies on from the stored bytes — the
//! PDF's SHA-256, the content hash (with the same function signing uses), the PDF's
//! seal against the installation's root, the `agreement_signed` audit entry's record
//! of both hashes — and walks the audit chain, after SQLite's own integrity checks.
//! Each problem names its kind, the agreement number (or audit seq) and, in Chinese,
//! what is wrong.

use signdesk_base::ProblemKind;
use signdesk_base::{ErrorKind, Job, WorkStage};
use std::path::Path;

use signdesk_archive::verify::{self, StoredAgreement};
use signdesk_archive::{agreements, audit, backup, completeness, Archive, ArchiveError, DB_FILE};

use crate::dto::{BackupReport, Problem, RestoreReport, VerifyReport};
use crate::keyfile::{self, KeyFile};
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
        let root = match &opts.root_der {
            Some(der) => Ok(Some(der.clone())),
            None => self.stored_root_cert(),
        };
        let mut problems = Vec::new();
        let mut checked = 0u64;
        let root = match root {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(ProblemKind::SealInvalid, "", e.to_string()));
                None
            }
        };
        let conn = self.archive.read();
        let total = agreements::count_all(conn)?;
        let mut head = None;
        let mut cancelled = false;
        let scan = verify::snapshot(conn, |c| -> Result<(), CoreError> {
            head = Some(crate::evidence::head(c)?);
            if let Some(anchor) = &opts.anchor {
                problems.extend(crate::evidence::check(c, anchor)?);
            }
            match verify::database_problems(c) {
                Ok(lines) => problems.extend(
                    lines
                        .into_iter()
                        .map(|l| problem(ProblemKind::DbIntegrity, "", l)),
                ),
                Err(e) => problems.push(problem(
                    ProblemKind::DbIntegrity,
                    "",
                    format!("SQLite 完整性检查无法完成：{e}"),
                )),
            }
            let each = verify::for_each_agreement(c, |a| {
                job.step(WorkStage::Verify, checked, total, &a.number)?;
                checked += 1;
                check_agreement(&a, root.as_deref(), &mut problems);
                Ok::<_, CoreError>(())
            });
            if each
                .as_ref()
                .is_err_and(|e| e.kind() == ErrorKind::Cancelled)
            {
                cancelled = true;
                return Ok(());
            }
            if let Err(e) = each {
                problems.push(problem(
                    ProblemKind::DbIntegrity,
                    "",
                    format!("读取协议时出错，检查未能完成：{e}"),
                ));
            }
            if let Err(e) = crate::assess::check_all(c, &mut problems) {
                problems.push(problem(
                    ProblemKind::DbIntegrity,
                    "",
                    format!("考核结果无法读取，检查未能完成：{e}"),
                ));
            }
            match completeness::gaps(c) {
                Ok(gaps) => {
                    problems.extend(gaps.into_iter().map(|g| problem(g.kind, g.id, g.detail)))
                }
                Err(e) => problems.push(problem(
                    ProblemKind::DbIntegrity,
                    "",
                    format!("完整性（缺失记录）检查无法完成：{e}"),
                )),
            }
            match audit::verify_chain(c) {
                Ok(breaks) => problems.extend(
                    breaks
                        .into_iter()
                        .map(|b| problem(ProblemKind::AuditChain, b.seq.to_string(), b.detail)),
                ),
                Err(e) => problems.push(problem(
                    ProblemKind::AuditChain,
                    "",
                    format!("审计日志无法读取：{e}"),
                )),
            }
            Ok(())
        });
        if cancelled {
            return Err(signdesk_base::Cancelled.into());
        }
        if let Err(e) = scan {
            problems.push(problem(
                ProblemKind::DbIntegrity,
                "",
                format!("检查无法完成：{e}"),
            ));
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
            .write(|tx| audit::append(tx, &actor, signdesk_base::AuditEvent::Verified, "", &detail))
        {
            // A sound archive that merely could not record the check (another program
            // holds the write lock) is not reported as damaged: the caller retries.
            if ok {
                return Err(busy_or(CoreError::from(e)));
            }
            problems.push(problem(
                ProblemKind::DbIntegrity,
                "",
                format!("核验结果无法写入审计日志：{e}"),
            ));
        }
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

    /// [`Desk::backup`] into `folder` (e.g. a USB drive) as
    /// `签约台备份-<date-time>.db`.
    pub fn backup_into(&mut self, folder: &Path, job: &Job) -> Result<BackupReport, CoreError> {
        self.guard()?;
        if !folder.is_dir() {
            return Err(CoreError::invalid(
                ErrorKind::BadArgument,
                format!("找不到文件夹：{}", folder.display()),
            ));
        }
        let name = chrono::Local::now()
            .format("签约台备份-%Y%m%d-%H%M%S.sdbak")
            .to_string();
        self.backup(&folder.join(name), false, job)
    }

    /// Writes a consistent, verified copy of the archive to `out` (see
    /// `signdesk_archive::backup`); refuses to replace an existing file unless `force`.
    /// The `backed_up` audit entry is in the live archive, not in the copy.
    /// The copy's pages are steps of `job`; a cancelled backup leaves no file.
    pub fn backup(
        &mut self,
        out: &Path,
        force: bool,
        job: &Job,
    ) -> Result<BackupReport, CoreError> {
        self.guard()?;
        let bad = |m: String| CoreError::invalid(ErrorKind::BadArgument, m);
        let name = out
            .file_name()
            .ok_or_else(|| bad(format!("备份文件名不正确：{}", out.display())))?;
        if out.is_dir() {
            return Err(bad(format!("{} 是文件夹，请给出文件名", out.display())));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(bad(format!("文件夹 {} 不存在", parent.display())));
        }
        if std::fs::canonicalize(out).ok() == std::fs::canonicalize(self.archive.path()).ok()
            && out.exists()
        {
            return Err(bad("备份不能写在档案库自身上".into()));
        }
        if out.exists() && !force {
            return Err(CoreError::invalid(
                ErrorKind::FileExists,
                format!("{} 已存在；要覆盖请加 --force", out.display()),
            ));
        }
        let tmp = parent.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let _ = std::fs::remove_file(&tmp);
        // The backup carries the key file (the passphrase alone restores it anywhere)
        // and, readable without the passphrase, the chain head as it stood: a backup
        // is an anchor too (`verify --anchor FILE.sdbak`). Read before the copy's
        // snapshot, so the copy holds at least this history.
        let envelope = crate::evidence::backup_envelope(
            &self.key_file_bytes()?,
            &crate::evidence::head(self.archive.read())?,
        );
        let copy = backup::write_backup(self.archive.read(), &self.key, &envelope, &tmp, job)?;
        let sized = std::fs::metadata(&tmp)
            .map(|m| m.len())
            .map_err(|e| ArchiveError::Io {
                what: "读取备份文件",
                detail: e.to_string(),
            })
            .and_then(|bytes| Ok((bytes, backup::file_sha256(&tmp)?)));
        let (bytes, sha256) = match sized {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e.into());
            }
        };
        let report = BackupReport {
            path: out.display().to_string(),
            bytes,
            agreements: copy.count("agreements").max(0) as u64,
            sha256,
        };
        let detail = serde_json::json!({
            "path": report.path,
            "bytes": report.bytes,
            "agreements": report.agreements,
            "sha256": report.sha256,
        })
        .to_string();
        let actor = self.actor.clone();
        // Recorded before the file is published: a backup that is not in the audit
        // log is never left behind.
        if let Err(e) = self.archive.write(|tx| {
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::BackedUp,
                &report.path,
                &detail,
            )?;
            Ok::<_, CoreError>(())
        }) {
            let _ = std::fs::remove_file(&tmp);
            return Err(busy_or(e));
        }
        backup::publish(&tmp, out, force)?;
        Ok(report)
    }
}

/// Replaces the archive in `data_dir` with the backup `file`, before any `Desk` is
/// open on it (see `signdesk_archive::backup::restore`). `passphrase` must unseal the
/// backup's key file, and — when the folder already holds an archive — the current
/// one's too (whoever restores must be its organiser). Refused, with the live archive
/// and key file untouched, when the file is not a sound SignDesk backup of a schema
/// this build knows, when the live archive is locked in kiosk mode, or when another
/// program has it open. The archive and key file it replaces are kept beside it
/// (`*.before-restore-<time>`); the restored archive is migrated if it is older and
/// gets a `restored` audit entry.
pub fn restore(
    data_dir: &Path,
    file: &Path,
    passphrase: &str,
    job: &Job,
) -> Result<RestoreReport, CoreError> {
    if !file.is_file() {
        return Err(CoreError::invalid(
            ErrorKind::FileUnreadable,
            format!("找不到备份文件 {}", file.display()),
        ));
    }
    let (envelope, location) = backup::read_envelope(file)?;
    let incoming = KeyFile::from_bytes(&envelope).map_err(|_| {
        CoreError::invalid(
            ErrorKind::NotABackup,
            format!(
                "{} 不是可用的签约台备份：其中的密钥数据已损坏",
                file.display()
            ),
        )
    })?;
    let key = incoming.unwrap(passphrase).map_err(|e| match e.kind() {
        ErrorKind::WrongPassphrase => CoreError::invalid(
            ErrorKind::WrongPassphrase,
            "口令不正确：请输入做这份备份时档案库所用的口令",
        ),
        _ => e,
    })?;
    let live_key_path = keyfile::key_path(data_dir);
    let live_key = if live_key_path.exists() {
        let live = KeyFile::read(&live_key_path)?;
        Some(live.unwrap(passphrase).map_err(|e| match e.kind() {
            ErrorKind::WrongPassphrase => CoreError::invalid(
                ErrorKind::PassphraseDiffers,
                "当前档案库的口令与这份备份的口令不同；请先把当前档案库的口令改成与备份相同，再恢复",
            ),
            _ => e,
        })?)
    } else if data_dir.join(DB_FILE).exists() {
        return Err(CoreError::invalid(
            ErrorKind::KeyFileMissing,
            format!(
                "{} 中有档案库文件但没有它的密钥文件；请先把 {DB_FILE} 移走再恢复",
                data_dir.display()
            ),
        ));
    } else {
        None
    };
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S").to_string();
    signdesk_archive::private::dir(data_dir).map_err(|e| ArchiveError::Io {
        what: "创建数据文件夹",
        detail: e.to_string(),
    })?;
    keyfile::write_pending(data_dir, &incoming)?;
    let restored = backup::restore(
        data_dir,
        backup::RestoreFrom {
            file,
            location,
            key: &key,
            live_key: live_key.as_ref(),
            job,
        },
        &stamp,
        |live| match crate::kiosk::load(live) {
            Ok(None) => Ok(()),
            Ok(Some(_)) => Err(ArchiveError::invalid(
                ErrorKind::KioskLocked,
                "签约进行中，签约台已锁定；请组织者输入 PIN 退出签约模式后再恢复",
            )),
            Err(e) => Err(ArchiveError::invalid(
                ErrorKind::ArchiveCorrupt,
                e.to_string(),
            )),
        },
    );
    let restored = match restored {
        Ok(r) => r,
        Err(e) => {
            keyfile::drop_pending(data_dir);
            return Err(e.into());
        }
    };
    // The replaced archive is unreadable without its key file: keep that beside it.
    if let Some(previous) = &restored.previous {
        let suffix = previous
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(DB_FILE))
            .unwrap_or(".before-restore");
        let _ = std::fs::copy(
            &live_key_path,
            data_dir.join(format!("{}{suffix}", keyfile::KEY_FILE)),
        );
    }
    keyfile::promote_pending(data_dir)?;
    let live = data_dir.join(DB_FILE);
    let report = RestoreReport {
        path: live.display().to_string(),
        from: file.display().to_string(),
        bytes: restored.copy.bytes,
        agreements: restored.copy.count("agreements").max(0) as u64,
        sha256: restored.copy.sha256.clone(),
        previous: restored.previous.map(|p| p.display().to_string()),
    };
    let detail = serde_json::json!({
        "from": report.from,
        "sha256": report.sha256,
        "bytes": report.bytes,
        "agreements": report.agreements,
        "schema_version": restored.copy.schema_version,
        "previous": report.previous,
    })
    .to_string();
    let mut archive = Archive::open(&live, &key)?;
    archive.write(|tx| {
        audit::append(
            tx,
            "管理员",
            signdesk_base::AuditEvent::Restored,
            &report.from,
            &detail,
        )?;
        Ok::<_, CoreError>(())
    })?;
    Ok(report)
}
