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

mod restore;
mod write;

pub use restore::{restore, RestoreFrom, Restored};
pub use write::{publish, write_backup};

use signdesk_base::ErrorKind;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;
use sha2::{Digest, Sha256};

use crate::verify::{missing_tables, row_counts};
use crate::{key, migrate, ArchiveError, DbKey};

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
    ArchiveError::io_with(what)
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
        ArchiveError::failed(
            ErrorKind::FileUnreadable,
            format!(
                "无法读取 {}：{}",
                file.display(),
                signdesk_base::io_reason(&e)
            ),
            &e,
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

/// As [`not_archive`], SQLite's words kept for the log.
fn not_archive_because(path: &Path, why: &str, e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::failed(
        ErrorKind::NotAnArchive,
        format!("{} 不是可用的签约台档案库：{why}", path.display()),
        e,
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
    let conn = key::connect(path, flags).map_err(|e| not_archive_because(path, "无法打开", e))?;
    key::apply(&conn, key, path)?;
    let not = |e: rusqlite::Error| not_archive_because(path, "无法读取", e);
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
    let version =
        migrate::current(&conn).map_err(|e| not_archive_because(path, "无法读取结构版本", e))?;
    if version == 0 {
        return Err(not_archive(path, "不是签约台的数据库（没有结构版本）"));
    }
    if version > migrate::latest() {
        return Err(ArchiveError::TooNew {
            found: version,
            supported: migrate::latest(),
        });
    }
    let missing =
        missing_tables(&conn).map_err(|e| not_archive_because(path, "无法读取数据表", e))?;
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
        return Err(ArchiveError::failed(
            ErrorKind::ArchiveCorrupt,
            format!(
                "{} 已损坏：数据库完整性检查发现 {} 处问题",
                path.display(),
                problems.len()
            ),
            problems.join("; "),
        ));
    }
    let counts = row_counts(&conn).map_err(|e| not_archive_because(path, "无法统计记录", e))?;
    drop(conn);
    Ok(CopyInfo {
        bytes,
        sha256: file_sha256(path)?,
        schema_version: version,
        counts,
    })
}
