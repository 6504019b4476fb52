//! A backup of the open archive: a consistent, verified copy with the key file and the
//! chain head beside it, audited before it is published (`signdesk_archive::backup`).

use signdesk_base::{ErrorKind, Job};
use std::path::Path;

use signdesk_archive::{audit, backup, ArchiveError};

use super::busy_or;
use crate::dto::BackupReport;
use crate::{CoreError, Desk};

impl Desk {
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
            .map_err(|e| ArchiveError::io("读取备份文件", &e))
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
