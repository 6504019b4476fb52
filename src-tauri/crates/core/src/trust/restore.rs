//! Restoring a backup into a data folder before any `Desk` is open on it.

use signdesk_base::{ErrorKind, Job};
use std::path::Path;

use signdesk_archive::{audit, backup, Archive, ArchiveError, DbKey, DB_FILE};

use crate::dto::RestoreReport;
use crate::keyfile::{self, KeyFile};
use crate::CoreError;

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
    let (incoming, key) = unseal_backup(file, &envelope, passphrase)?;
    let live_key = unseal_live(data_dir, passphrase)?;
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S").to_string();
    signdesk_archive::private::dir(data_dir).map_err(ArchiveError::io_with("创建数据文件夹"))?;
    keyfile::write_pending(data_dir, &incoming)?;
    let from = backup::RestoreFrom {
        file,
        location,
        key: &key,
        live_key: live_key.as_ref(),
        job,
    };
    let restored = match backup::restore(data_dir, from, &stamp, refuse_kiosk_locked) {
        Ok(r) => r,
        Err(e) => {
            keyfile::drop_pending(data_dir);
            return Err(e.into());
        }
    };
    if let Some(previous) = &restored.previous {
        keep_previous_key(data_dir, previous);
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
    record_restored(&live, &key, &report, restored.copy.schema_version)?;
    Ok(report)
}

/// The backup's key file (to become the live one) and the archive key it holds, which
/// `passphrase` must unseal.
fn unseal_backup(
    file: &Path,
    envelope: &[u8],
    passphrase: &str,
) -> Result<(KeyFile, DbKey), CoreError> {
    let incoming = KeyFile::from_bytes(envelope).map_err(|_| {
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
    Ok((incoming, key))
}

/// The key of the archive the folder holds now, if any: whoever restores over it must
/// be its organiser, so `passphrase` must unseal it too.
fn unseal_live(data_dir: &Path, passphrase: &str) -> Result<Option<DbKey>, CoreError> {
    let live_key_path = keyfile::key_path(data_dir);
    if live_key_path.exists() {
        let live = KeyFile::read(&live_key_path)?;
        return Ok(Some(live.unwrap(passphrase).map_err(|e| match e.kind() {
            ErrorKind::WrongPassphrase => CoreError::invalid(
                ErrorKind::PassphraseDiffers,
                "当前档案库的口令与这份备份的口令不同；请先把当前档案库的口令改成与备份相同，再恢复",
            ),
            _ => e,
        })?));
    }
    if data_dir.join(DB_FILE).exists() {
        return Err(CoreError::invalid(
            ErrorKind::KeyFileMissing,
            format!(
                "{} 中有档案库文件但没有它的密钥文件；请先把 {DB_FILE} 移走再恢复",
                data_dir.display()
            ),
        ));
    }
    Ok(None)
}

/// A desk locked in kiosk mode is not restored over; an unreadable lock counts as
/// locked (fail closed).
fn refuse_kiosk_locked(live: &signdesk_archive::Connection) -> Result<(), ArchiveError> {
    match crate::kiosk::load(live) {
        Ok(None) => Ok(()),
        Ok(Some(_)) => Err(ArchiveError::invalid(
            ErrorKind::KioskLocked,
            "签约进行中，签约台已锁定；请组织者输入 PIN 退出签约模式后再恢复",
        )),
        Err(e) => Err(ArchiveError::failed(
            ErrorKind::ArchiveCorrupt,
            e.to_string(),
            e.detail().unwrap_or_default(),
        )),
    }
}

/// The replaced archive is unreadable without its key file: keep that beside it, with
/// the same suffix. Best effort: the restore itself has already succeeded.
fn keep_previous_key(data_dir: &Path, previous: &Path) {
    let suffix = previous
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(DB_FILE))
        .unwrap_or(".before-restore");
    let _ = std::fs::copy(
        keyfile::key_path(data_dir),
        data_dir.join(format!("{}{suffix}", keyfile::KEY_FILE)),
    );
}

/// The restored archive's `restored` audit entry: where it came from and what it holds.
fn record_restored(
    live: &Path,
    key: &DbKey,
    report: &RestoreReport,
    schema_version: u32,
) -> Result<(), CoreError> {
    let detail = serde_json::json!({
        "from": report.from,
        "sha256": report.sha256,
        "bytes": report.bytes,
        "agreements": report.agreements,
        "schema_version": schema_version,
        "previous": report.previous,
    })
    .to_string();
    let mut archive = Archive::open(live, key)?;
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
    Ok(())
}
