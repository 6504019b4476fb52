//! Backup and restore of the archive.
//!
//! A backup is one file: a small header, the *envelope* the caller gives (the core puts
//! its key file there: the archive's key wrapped under the organiser passphrase, so a
//! backup restores on another laptop with the passphrase alone), the encrypted database
//! copy, and a SHA-256 over all of it (a truncated or altered backup is refused before
//! anything is opened). Layout, integers little-endian:
//! `b"SIGNDESK-BACKUP1"` | envelope length u64 | envelope | database length u64 |
//! database | SHA-256 of everything before.
//!
//! The database copy is made with SQLite's online backup API from one read snapshot
//! (signing may go on meanwhile in WAL mode), encrypted with the same key, into a
//! temporary file beside the destination, switched to a self-contained rollback-journal
//! file, fsync'd, then reopened read-only and checked (integrity check and the same row
//! count in every table); the packed file is read back and its checksum checked before
//! the caller publishes it with [`publish`].
//!
//! A restore never touches the live archive until the candidate database has passed
//! [`inspect`] as a copy inside the data folder; the live file is then kept as
//! `signdesk.db.before-restore-<time>` and the copy renamed over it.

use signdesk_base::ErrorKind;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::verify::{missing_tables, row_counts, snapshot};
use crate::{key, migrate, ArchiveError, DbKey, DB_FILE};

const BACKUP_MAGIC: &[u8; 16] = b"SIGNDESK-BACKUP1";
/// The envelope is a key file of a few hundred bytes; anything large is not ours.
const MAX_ENVELOPE: u64 = 64 * 1024;

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

/// Writes a backup of the database behind `conn` (encrypted with `key`) with
/// `envelope` into the new file `tmp` (which must not exist), and checks it: the
/// database copy read-only before packing, the packed file's checksum after. On any
/// failure nothing is left behind. Returns what the database copy holds.
pub fn write_backup(
    conn: &Connection,
    key: &DbKey,
    envelope: &[u8],
    tmp: &Path,
) -> Result<CopyInfo, ArchiveError> {
    if envelope.len() as u64 > MAX_ENVELOPE {
        return Err(ArchiveError::invalid(
            ErrorKind::BadArgument,
            "备份附带的密钥数据过大",
        ));
    }
    if tmp.exists() {
        return Err(ArchiveError::invalid(
            ErrorKind::FileExists,
            format!("临时文件 {} 已存在", tmp.display()),
        ));
    }
    let db_tmp = sibling(tmp, ".db");
    let _ = std::fs::remove_file(&db_tmp);
    let r = write_verified_copy(conn, key, &db_tmp).and_then(|copy| {
        pack(&db_tmp, envelope, tmp)?;
        let (read_back, _) = read_envelope(tmp)?;
        if read_back != envelope {
            return Err(ArchiveError::Corrupt("备份文件写入后读回不一致".into()));
        }
        Ok(copy)
    });
    let _ = std::fs::remove_file(&db_tmp);
    if r.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    r
}

/// Header, envelope, database, checksum → `out`, fsync'd.
fn pack(db: &Path, envelope: &[u8], out: &Path) -> Result<(), ArchiveError> {
    let mut src = std::fs::File::open(db).map_err(io("读取数据库副本"))?;
    let db_len = src.metadata().map_err(io("读取数据库副本"))?.len();
    let file = crate::private::options()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(io("创建备份文件"))?;
    let mut w = Hashing {
        inner: std::io::BufWriter::with_capacity(1 << 16, file),
        sha: Sha256::new(),
    };
    let written = (|| {
        w.write_all(BACKUP_MAGIC)?;
        w.write_all(&(envelope.len() as u64).to_le_bytes())?;
        w.write_all(envelope)?;
        w.write_all(&db_len.to_le_bytes())?;
        let copied = std::io::copy(&mut src, &mut w)?;
        if copied != db_len {
            return Err(std::io::Error::other("数据库副本在复制时改变了大小"));
        }
        let Hashing { mut inner, sha } = w;
        inner.write_all(&sha.finalize())?;
        inner.into_inner().map_err(|e| e.into_error())?.sync_all()
    })();
    written.map_err(io("写入备份文件"))
}

/// Writes through, hashing everything written.
struct Hashing<W> {
    inner: W,
    sha: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn not_backup(path: &Path, why: &str) -> ArchiveError {
    ArchiveError::invalid(
        ErrorKind::NotABackup,
        format!("{} 不是可用的签约台备份：{why}", path.display()),
    )
}

/// Whether `path` starts like a backup file (nothing more is checked).
pub fn looks_like_backup(path: &Path) -> bool {
    let mut magic = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == BACKUP_MAGIC
}

/// Checks a backup file whole (header, lengths, checksum) and returns its envelope and
/// where the database starts and how long it is.
pub fn read_envelope(file: &Path) -> Result<(Vec<u8>, (u64, u64)), ArchiveError> {
    let mut f = std::fs::File::open(file).map_err(|e| {
        ArchiveError::invalid(
            ErrorKind::FileUnreadable,
            format!("无法读取 {}：{e}", file.display()),
        )
    })?;
    let len = f.metadata().map_err(io("读取备份文件"))?.len();
    let mut head = [0u8; 24];
    if len < 24 + 8 + 32 || f.read_exact(&mut head).is_err() || &head[..16] != BACKUP_MAGIC {
        return Err(not_backup(file, "文件头不对（不是签约台备份文件）"));
    }
    let env_len = u64::from_le_bytes(head[16..24].try_into().expect("8 bytes"));
    if env_len > MAX_ENVELOPE || 24 + env_len + 8 + 32 > len {
        return Err(not_backup(file, "文件不完整或已损坏"));
    }
    let mut envelope = vec![0u8; env_len as usize];
    let mut db_len = [0u8; 8];
    f.read_exact(&mut envelope)
        .and_then(|_| f.read_exact(&mut db_len))
        .map_err(io("读取备份文件"))?;
    let db_len = u64::from_le_bytes(db_len);
    let db_start = 24 + env_len + 8;
    if db_start.checked_add(db_len).and_then(|n| n.checked_add(32)) != Some(len) {
        return Err(not_backup(file, "文件不完整（可能被截断）"));
    }
    // The checksum covers everything before it; one pass over the file.
    let mut h = Sha256::new();
    h.update(head);
    h.update(&envelope);
    h.update(db_len.to_le_bytes());
    std::io::copy(&mut (&mut f).take(db_len), &mut h).map_err(io("读取备份文件"))?;
    let mut sum = [0u8; 32];
    f.read_exact(&mut sum).map_err(io("读取备份文件"))?;
    if h.finalize().as_slice() != sum {
        return Err(not_backup(file, "校验和不符（文件已损坏或被改动）"));
    }
    Ok((envelope, (db_start, db_len)))
}

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
            detail: "备份文件在读取时变短了".into(),
        });
    }
    out.sync_all().map_err(io("写入恢复文件"))
}

/// Copies the database behind `conn` into the new file `tmp` (which must not exist)
/// from one snapshot, encrypted with the same `key`, makes it a self-contained
/// rollback-journal file, fsyncs it, and checks the copy read-only. On any failure
/// `tmp` is removed.
fn write_verified_copy(
    conn: &Connection,
    key: &DbKey,
    tmp: &Path,
) -> Result<CopyInfo, ArchiveError> {
    let r = copy_and_check(conn, key, tmp);
    if r.is_err() {
        let _ = std::fs::remove_file(tmp);
        let _ = std::fs::remove_file(journal_of(tmp));
    }
    r
}

fn copy_and_check(conn: &Connection, key: &DbKey, tmp: &Path) -> Result<CopyInfo, ArchiveError> {
    if tmp.exists() {
        return Err(ArchiveError::invalid(
            ErrorKind::FileExists,
            format!("临时文件 {} 已存在", tmp.display()),
        ));
    }
    let source_counts = snapshot(conn, |c| -> Result<_, ArchiveError> {
        let counts = row_counts(c)?;
        let mut dst = key::connect(tmp, key::READ_WRITE_CREATE).map_err(|e| ArchiveError::Io {
            what: "创建备份文件",
            detail: e.to_string(),
        })?;
        // SQLCipher copies pages as they are: the copy must have the same key.
        key::apply(&dst, key, tmp)?;
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
                            ErrorKind::ArchiveBusy,
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
    sync_file(tmp).map_err(io("写入备份文件"))?;
    let info = inspect(tmp, key, true)?;
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
            ErrorKind::FileExists,
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

/// fsync a finished file. Opened for writing: on Windows `FlushFileBuffers` (what
/// `sync_all` calls) refuses a handle without write access ("Access denied", seen under
/// Wine on every backup), while POSIX fsync takes any descriptor.
fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
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
    std::io::copy(&mut f, &mut h).map_err(io("读取文件"))?;
    Ok(format!("{:x}", h.finalize()))
}

fn not_archive(path: &Path, why: &str) -> ArchiveError {
    ArchiveError::invalid(
        ErrorKind::NotAnArchive,
        format!("{} 不是可用的签约台档案库：{why}", path.display()),
    )
}

/// Everything that makes a database file a restorable SignDesk archive: it opens with
/// `key`, its length is the page count its header records (a truncated copy fails), a
/// schema version this build knows (not newer), the archive's tables, and SQLite's
/// integrity check. `read_only` opens it without any chance of writing.
pub fn inspect(path: &Path, key: &DbKey, read_only: bool) -> Result<CopyInfo, ArchiveError> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn =
        key::connect(path, flags).map_err(|e| not_archive(path, &format!("无法打开（{e}）")))?;
    key::apply(&conn, key, path)?;
    let not = |e: rusqlite::Error| not_archive(path, &format!("无法读取（{e}）"));
    let bytes = std::fs::metadata(path).map_err(io("读取文件"))?.len();
    let (pages, page_size): (u64, u64) = conn
        .query_row(
            // SQLCipher reports page_size as text: cast both.
            "SELECT CAST((SELECT page_count FROM pragma_page_count) AS INTEGER), \
                    CAST((SELECT page_size FROM pragma_page_size) AS INTEGER)",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )
        .map_err(not)?;
    if bytes != pages * page_size {
        return Err(not_archive(path, "文件不完整（可能被截断）"));
    }
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
            ErrorKind::ArchiveCorrupt,
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

/// What [`restore`] needs to know: the backup file, where its database lies (from
/// [`read_envelope`]) and the keys of the backup's and the live archive's databases.
pub struct RestoreFrom<'a> {
    pub file: &'a Path,
    pub location: (u64, u64),
    pub key: &'a DbKey,
    /// Needed when `data_dir` already holds an archive.
    pub live_key: Option<&'a DbKey>,
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
        extract_db(file, from.location, &tmp)?;
        let copy = inspect(&tmp, from.key, false)?;
        // Self-contained until it is opened as the archive (which switches to WAL).
        let c = key::connect(&tmp, key::READ_WRITE_CREATE)?;
        key::apply(&c, from.key, &tmp)?;
        c.pragma_update(None, "journal_mode", "DELETE")?;
        c.close().map_err(|(_, e)| ArchiveError::from(e))?;
        sync_file(&tmp).map_err(io("写入恢复文件"))?;
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
