//! Backup and restore of the one archive file.
//!
//! A backup is made with SQLite's online backup API from one read snapshot (signing may
//! go on meanwhile in WAL mode), into a temporary file beside the destination, switched
//! to a self-contained rollback-journal file, fsync'd, then reopened read-only and
//! checked (integrity check and the same row count in every table) before the caller
//! publishes it with [`publish`].
//!
//! A restore never touches the live archive until the candidate has passed
//! [`inspect`] as a copy inside the data folder; the live file is then kept as
//! `signdesk.db.before-restore-<time>` and the copy renamed over it.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::verify::{missing_tables, row_counts, snapshot};
use crate::{migrate, ArchiveError, DB_FILE};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What a verified copy holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyInfo {
    pub bytes: u64,
    pub sha256: String,
    pub schema_version: u32,
    /// Rows per table (ordinary tables, by name).
    pub counts: Vec<(String, i64)>,
}

impl CopyInfo {
    pub fn count(&self, table: &str) -> i64 {
        self.counts
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

fn io(what: &'static str) -> impl Fn(std::io::Error) -> ArchiveError {
    move |e| ArchiveError::Io {
        what,
        detail: e.to_string(),
    }
}

/// Copies the database behind `conn` into the new file `tmp` (which must not exist)
/// from one snapshot, makes it a self-contained rollback-journal file, fsyncs it, and
/// checks the copy read-only. On any failure `tmp` is removed.
pub fn write_verified_copy(conn: &Connection, tmp: &Path) -> Result<CopyInfo, ArchiveError> {
    let r = copy_and_check(conn, tmp);
    if r.is_err() {
        let _ = std::fs::remove_file(tmp);
        let _ = std::fs::remove_file(journal_of(tmp));
    }
    r
}

fn copy_and_check(conn: &Connection, tmp: &Path) -> Result<CopyInfo, ArchiveError> {
    if tmp.exists() {
        return Err(ArchiveError::invalid(
            "file_exists",
            format!("临时文件 {} 已存在", tmp.display()),
        ));
    }
    let source_counts = snapshot(conn, |c| -> Result<_, ArchiveError> {
        let counts = row_counts(c)?;
        let mut dst = Connection::open(tmp).map_err(|e| ArchiveError::Io {
            what: "创建备份文件",
            detail: e.to_string(),
        })?;
        {
            use rusqlite::backup::{Backup, StepResult};
            let b = Backup::new(c, &mut dst)?;
            // All pages in one step, inside our read transaction: one snapshot.
            let mut waits = 0;
            loop {
                match b.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked if waits < 100 => {
                        waits += 1;
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => {
                        return Err(ArchiveError::invalid(
                            "archive_busy",
                            "档案库正忙，无法完成备份，请稍后再试",
                        ))
                    }
                }
            }
        }
        // The copy carries the source's WAL flag; make it one self-contained file.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| ArchiveError::from(e))?;
        Ok(counts)
    })?;
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(io("写入备份文件"))?;
    let info = inspect(tmp, true)?;
    if info.counts != source_counts {
        return Err(ArchiveError::Corrupt(format!(
            "备份副本与档案库的记录数不一致（副本 {:?}，档案库 {:?}）",
            info.counts, source_counts
        )));
    }
    Ok(info)
}

fn journal_of(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Moves a verified copy to its final name and makes the rename durable. Refuses to
/// replace an existing file unless `force`.
pub fn publish(tmp: &Path, out: &Path, force: bool) -> Result<(), ArchiveError> {
    if !force && out.exists() {
        let _ = std::fs::remove_file(tmp);
        return Err(ArchiveError::invalid(
            "file_exists",
            format!("{} 已存在；要覆盖请加 --force", out.display()),
        ));
    }
    if let Err(e) = std::fs::rename(tmp, out) {
        let _ = std::fs::remove_file(tmp);
        return Err(io("保存备份文件")(e));
    }
    sync_dir(out);
    Ok(())
}

/// fsync the folder holding `path`, so a rename survives power loss (no-op where
/// folders cannot be opened, e.g. Windows).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(f) = std::fs::File::open(dir) {
            let _ = f.sync_all();
        }
    }
}

/// SHA-256 (hex) of a file, read in chunks.
pub fn file_sha256(path: &Path) -> Result<String, ArchiveError> {
    let mut f = std::fs::File::open(path).map_err(io("读取文件"))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(io("读取文件"))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:x}", h.finalize()))
}

fn not_archive(path: &Path, why: &str) -> ArchiveError {
    ArchiveError::invalid(
        "not_an_archive",
        format!("{} 不是可用的签约台档案库：{why}", path.display()),
    )
}

/// Checks the file header without opening it as a database: SQLite's magic, and a
/// length that matches the page count the header records (a truncated copy fails).
fn check_header(path: &Path) -> Result<u64, ArchiveError> {
    let mut f = std::fs::File::open(path).map_err(|e| {
        ArchiveError::invalid(
            "file_unreadable",
            format!("无法读取 {}：{e}", path.display()),
        )
    })?;
    let len = f.metadata().map_err(io("读取文件"))?.len();
    let mut head = [0u8; 100];
    if len < 100 || f.read_exact(&mut head).is_err() || &head[..16] != SQLITE_MAGIC {
        return Err(not_archive(path, "文件不是 SQLite 数据库"));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536u64,
        n if n >= 512 && n.is_power_of_two() => n as u64,
        _ => return Err(not_archive(path, "文件头已损坏（页大小不合法）")),
    };
    let pages = u32::from_be_bytes([head[28], head[29], head[30], head[31]]) as u64;
    let change = &head[24..28];
    let valid_for = &head[92..96];
    if len % page_size != 0 || (pages > 0 && change == valid_for && len < pages * page_size) {
        return Err(not_archive(path, "文件不完整（可能被截断）"));
    }
    Ok(len)
}

/// Everything that makes a file a restorable SignDesk archive: SQLite header and
/// length, a schema version this build knows (not newer), the archive's tables, and
/// SQLite's integrity check. `read_only` opens it without any chance of writing.
pub fn inspect(path: &Path, read_only: bool) -> Result<CopyInfo, ArchiveError> {
    let bytes = check_header(path)?;
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| not_archive(path, &format!("无法打开（{e}）")))?;
    let not = |e: rusqlite::Error| not_archive(path, &format!("无法读取（{e}）"));
    let version = migrate::current(&conn).map_err(|e| not_archive(path, &e.to_string()))?;
    if version == 0 {
        return Err(not_archive(path, "不是签约台的数据库（没有结构版本）"));
    }
    if version > migrate::latest() {
        return Err(ArchiveError::TooNew {
            found: version,
            supported: migrate::latest(),
        });
    }
    let missing = missing_tables(&conn).map_err(|e| not_archive(path, &e.to_string()))?;
    if !missing.is_empty() {
        return Err(not_archive(
            path,
            &format!("缺少数据表 {}", missing.join("、")),
        ));
    }
    let mut st = conn.prepare("PRAGMA integrity_check").map_err(not)?;
    let problems: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(not)?
        .collect::<Result<_, _>>()
        .map_err(not)?;
    drop(st);
    if problems.iter().any(|l| l != "ok") {
        return Err(ArchiveError::invalid(
            "archive_corrupt",
            format!(
                "{} 已损坏，SQLite 完整性检查未通过：{}",
                path.display(),
                problems.join("；")
            ),
        ));
    }
    let counts = row_counts(&conn).map_err(|e| not_archive(path, &e.to_string()))?;
    drop(conn);
    Ok(CopyInfo {
        bytes,
        sha256: file_sha256(path)?,
        schema_version: version,
        counts,
    })
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub copy: CopyInfo,
    /// Where the archive that was replaced is kept (`None` when there was none).
    pub previous: Option<PathBuf>,
}

/// Replaces the archive in `data_dir` with the backup `file`. The candidate is
/// copied into the data folder and inspected there first; any refusal leaves the live
/// archive untouched. The live archive must not be open elsewhere: its WAL is
/// checkpointed and closed, and the restore is refused if another connection keeps
/// it open; `refuse` may veto on the open live archive (the kiosk lock). `stamp` names the kept copy (`signdesk.db.before-restore-<stamp>`).
pub fn restore(
    data_dir: &Path,
    file: &Path,
    stamp: &str,
    refuse: impl FnOnce(&Connection) -> Result<(), ArchiveError>,
) -> Result<Restored, ArchiveError> {
    let live = data_dir.join(DB_FILE);
    check_header(file)?;
    if std::fs::canonicalize(file).ok() == std::fs::canonicalize(&live).ok() && live.exists() {
        return Err(ArchiveError::invalid(
            "bad_argument",
            "不能用档案库自身来恢复档案库",
        ));
    }
    std::fs::create_dir_all(data_dir).map_err(io("创建数据文件夹"))?;
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
        std::fs::copy(file, &tmp).map_err(io("复制备份文件"))?;
        let copy = inspect(&tmp, false)?;
        // Self-contained until it is opened as the archive (which switches to WAL).
        let c = Connection::open(&tmp)?;
        c.pragma_update(None, "journal_mode", "DELETE")?;
        c.close().map_err(|(_, e)| ArchiveError::from(e))?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io("写入恢复文件"))?;
        Ok::<_, ArchiveError>(copy)
    })();
    let copy = match r {
        Ok(c) => c,
        Err(e) => {
            cleanup(&tmp);
            return Err(e);
        }
    };

    let previous = if live.exists() {
        if let Err(e) = close_live(&live, refuse) {
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
                .and_then(|_| std::fs::File::open(&kept)?.sync_all())
                .is_ok();
        if !linked {
            cleanup(&tmp);
            return Err(ArchiveError::Io {
                what: "保留当前档案库",
                detail: kept.display().to_string(),
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
    refuse: impl FnOnce(&Connection) -> Result<(), ArchiveError>,
) -> Result<(), ArchiveError> {
    let in_use = || {
        ArchiveError::invalid(
            "archive_in_use",
            "档案库正被其他程序（如签约台窗口）使用；请先关闭它再恢复",
        )
    };
    let conn = Connection::open_with_flags(
        live,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
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
