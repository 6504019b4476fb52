//! Writing a backup: the database copied from one snapshot and checked, then packed
//! with the envelope and a checksum, read back, and published under its name.

use signdesk_base::{ErrorKind, Job, WorkStage};
use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::{
    inspect, io, journal_of, read_envelope, sibling, sync_dir, sync_file, CopyInfo, BACKUP_MAGIC,
    MAX_ENVELOPE,
};
use crate::verify::{row_counts, snapshot};
use crate::{key, ArchiveError, DbKey};

/// Writes a backup of the database behind `conn` (encrypted with `key`) with
/// `envelope` into the new file `tmp` (which must not exist), and checks it: the
/// database copy read-only before packing, the packed file's checksum after. On any
/// failure nothing is left behind. Returns what the database copy holds.
pub fn write_backup(
    conn: &Connection,
    key: &DbKey,
    envelope: &[u8],
    tmp: &Path,
    job: &Job,
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
    let r = write_verified_copy(conn, key, &db_tmp, job).and_then(|copy| {
        job.step(WorkStage::Check, 1, 2, "")?;
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

/// Copies the database behind `conn` into the new file `tmp` (which must not exist)
/// from one snapshot, encrypted with the same `key`, makes it a self-contained
/// rollback-journal file, fsyncs it, and checks the copy read-only. On any failure
/// `tmp` is removed.
fn write_verified_copy(
    conn: &Connection,
    key: &DbKey,
    tmp: &Path,
    job: &Job,
) -> Result<CopyInfo, ArchiveError> {
    let r = copy_and_check(conn, key, tmp, job);
    if r.is_err() {
        let _ = std::fs::remove_file(tmp);
        let _ = std::fs::remove_file(journal_of(tmp));
    }
    r
}

/// Pages copied per step of a backup: about 4 MiB, so 取消 and the progress bar
/// answer several times a second.
const PAGES_PER_STEP: i32 = 1024;

fn copy_and_check(
    conn: &Connection,
    key: &DbKey,
    tmp: &Path,
    job: &Job,
) -> Result<CopyInfo, ArchiveError> {
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
            reason: "无法在目标位置创建文件：请检查磁盘空间和权限".into(),
            detail: e.to_string(),
        })?;
        // SQLCipher copies pages as they are: the copy must have the same key.
        key::apply(&dst, key, tmp)?;
        {
            use rusqlite::backup::{Backup, StepResult};
            let b = Backup::new(c, &mut dst)?;
            // Every step runs inside our read transaction: one snapshot, however many
            // steps it takes.
            let mut waits = 0;
            loop {
                let p = b.progress();
                let (total, left) = (p.pagecount.max(0) as u64, p.remaining.max(0) as u64);
                job.step(WorkStage::Copy, total.saturating_sub(left), total, "")?;
                match b.step(PAGES_PER_STEP)? {
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
    job.step(WorkStage::Check, 0, 2, "")?;
    let info = inspect(tmp, key, true)?;
    if info.counts != source_counts {
        return Err(ArchiveError::Corrupt(format!(
            "备份副本与档案库的记录数不一致（副本 {:?}，档案库 {:?}）",
            info.counts, source_counts
        )));
    }
    Ok(info)
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
