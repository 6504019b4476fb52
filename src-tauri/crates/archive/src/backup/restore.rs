//! Restoring a backup: the candidate extracted beside the live archive and inspected
//! there; only then is the live file closed, kept, and replaced.

use signdesk_base::{ErrorKind, Job, WorkStage};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{inspect, io, sibling, sync_dir, sync_file, CopyInfo};
use crate::{key, ArchiveError, DbKey, DB_FILE};

/// Copies the database out of a checked backup into the new file `to`, fsync'd.
fn extract_db(file: &Path, (start, len): (u64, u64), to: &Path) -> Result<(), ArchiveError> {
    use std::io::Seek;
    let mut f = std::fs::File::open(file).map_err(io("读取备份文件"))?;
    f.seek(std::io::SeekFrom::Start(start))
        .map_err(io("读取备份文件"))?;
    let mut out = crate::private::options()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(io("写入恢复文件"))?;
    let copied = std::io::copy(&mut f.take(len), &mut out).map_err(io("写入恢复文件"))?;
    if copied != len {
        return Err(ArchiveError::Io {
            what: "读取备份文件",
            reason: "备份文件在读取时变短了".into(),
            detail: String::new(),
        });
    }
    out.sync_all().map_err(io("写入恢复文件"))
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub copy: CopyInfo,
    /// Where the archive that was replaced is kept (`None` when there was none).
    pub previous: Option<PathBuf>,
}

/// What [`restore`] needs to know: the backup file, where its database lies (from
/// [`read_envelope`]) and the keys of the backup's and the live archive's databases.
pub struct RestoreFrom<'a> {
    pub file: &'a Path,
    pub location: (u64, u64),
    pub key: &'a DbKey,
    /// Needed when `data_dir` already holds an archive.
    pub live_key: Option<&'a DbKey>,
    /// Reports the copy and the check; 取消 is heard until the live archive is
    /// replaced, never after.
    pub job: &'a Job,
}

/// Replaces the archive in `data_dir` with the backup's database. The candidate is
/// extracted into the data folder and inspected there first; any refusal leaves the
/// live archive untouched. The live archive must not be open elsewhere: its WAL is
/// checkpointed and closed, and the restore is refused if another connection keeps
/// it open; `refuse` may veto on the open live archive (the kiosk lock). `stamp` names
/// the kept copy (`signdesk.db.before-restore-<stamp>`).
pub fn restore(
    data_dir: &Path,
    from: RestoreFrom<'_>,
    stamp: &str,
    refuse: impl FnOnce(&Connection) -> Result<(), ArchiveError>,
) -> Result<Restored, ArchiveError> {
    let live = data_dir.join(DB_FILE);
    let file = from.file;
    if std::fs::canonicalize(file).ok() == std::fs::canonicalize(&live).ok() && live.exists() {
        return Err(ArchiveError::invalid(
            ErrorKind::BadArgument,
            "不能用档案库自身来恢复档案库",
        ));
    }
    crate::private::dir(data_dir).map_err(io("创建数据文件夹"))?;
    let tmp = sibling(&live, ".restore-tmp");
    for f in [
        tmp.clone(),
        sibling(&tmp, "-journal"),
        sibling(&tmp, "-wal"),
        sibling(&tmp, "-shm"),
    ] {
        let _ = std::fs::remove_file(f);
    }
    let cleanup = |tmp: &Path| {
        for f in [
            tmp.to_path_buf(),
            sibling(tmp, "-journal"),
            sibling(tmp, "-wal"),
            sibling(tmp, "-shm"),
        ] {
            let _ = std::fs::remove_file(f);
        }
    };
    let r = (|| {
        from.job.step(WorkStage::Copy, 0, 2, "")?;
        extract_db(file, from.location, &tmp)?;
        from.job.step(WorkStage::Check, 1, 2, "")?;
        let copy = inspect(&tmp, from.key, false)?;
        // Self-contained until it is opened as the archive (which switches to WAL).
        let c = key::connect(&tmp, key::READ_WRITE_CREATE)?;
        key::apply(&c, from.key, &tmp)?;
        c.pragma_update(None, "journal_mode", "DELETE")?;
        c.close().map_err(|(_, e)| ArchiveError::from(e))?;
        sync_file(&tmp).map_err(io("写入恢复文件"))?;
        Ok::<_, ArchiveError>(copy)
    })();
    let copy = match r.and_then(|c| Ok(from.job.check().map(|()| c)?)) {
        Ok(c) => c,
        Err(e) => {
            cleanup(&tmp);
            return Err(e);
        }
    };

    let previous = if live.exists() {
        let closed = match from.live_key {
            Some(k) => close_live(&live, k, refuse),
            None => Err(ArchiveError::invalid(
                ErrorKind::BadArgument,
                "数据文件夹中已有档案库，恢复需要它的密钥",
            )),
        };
        if let Err(e) = closed {
            cleanup(&tmp);
            return Err(e);
        }
        let mut kept = sibling(&live, &format!(".before-restore-{stamp}"));
        let mut n = 1;
        while kept.exists() {
            n += 1;
            kept = sibling(&live, &format!(".before-restore-{stamp}-{n}"));
        }
        // A hard link keeps the old file under its new name while the new one is
        // renamed over the live name: there is always a `signdesk.db`.
        let linked = std::fs::hard_link(&live, &kept).is_ok()
            || std::fs::copy(&live, &kept)
                .and_then(|_| sync_file(&kept))
                .is_ok();
        if !linked {
            cleanup(&tmp);
            return Err(ArchiveError::Io {
                what: "保留当前档案库",
                reason: format!(
                    "无法在 {} 留下一份副本：请检查磁盘空间和权限",
                    kept.display()
                ),
                detail: String::new(),
            });
        }
        Some(kept)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&tmp, &live) {
        cleanup(&tmp);
        return Err(io("替换档案库")(e));
    }
    sync_dir(&live);
    Ok(Restored { copy, previous })
}

/// Checkpoints the live archive's WAL into the main file and closes it; refuses when
/// another connection (the desktop app, another command) still has it open.
fn close_live(
    live: &Path,
    key: &DbKey,
    refuse: impl FnOnce(&Connection) -> Result<(), ArchiveError>,
) -> Result<(), ArchiveError> {
    let in_use = || {
        ArchiveError::invalid(
            ErrorKind::ArchiveInUse,
            "档案库正被其他程序（如签约台窗口）使用；请先关闭它再恢复",
        )
    };
    let conn = key::connect(
        live,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    key::apply(&conn, key, live)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    refuse(&conn)?;
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .map_err(|_| in_use())?;
    if busy != 0 {
        return Err(in_use());
    }
    conn.close().map_err(|(_, e)| ArchiveError::from(e))?;
    // The last connection to close deletes the WAL and shared-memory files; if they
    // are still there someone else has the archive open.
    if sibling(live, "-wal").exists() || sibling(live, "-shm").exists() {
        return Err(in_use());
    }
    Ok(())
}
