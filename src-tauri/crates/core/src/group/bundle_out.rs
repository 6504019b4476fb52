//! 导出上报包: the chain after the position the group last acknowledged (all of it if
//! never), the agreements signed in it (or every agreement of a year), their voids and
//! the rosters, into one sealed file. Written beside its destination under a temporary
//! name and renamed when complete, so a half-written bundle is never mistaken for one.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::Serialize;
use signdesk_archive::{audit, outbox};
use signdesk_base::chain::ChainPosition;
use signdesk_base::{ErrorKind, Job, WorkStage};
use signdesk_group::bundle::{Header, Writer};
use ts_rs::TS;

use super::{ack_record, assessment_record, outgoing_record, roster_record, void_record};
use crate::{CoreError, Desk};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleExported {
    #[ts(type = "number")]
    pub agreements: u64,
    pub head: BundleHead,
    pub file: String,
}

/// The chain position the bundle reaches (`{"entries", "hash"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleHead {
    #[ts(type = "number")]
    pub entries: i64,
    pub hash: String,
}

impl From<ChainPosition> for BundleHead {
    fn from(p: ChainPosition) -> Self {
        BundleHead {
            entries: p.entries,
            hash: p.hash,
        }
    }
}

impl Desk {
    /// Writes a 上报包 to `out` (a file path, or a folder to name it in).
    pub fn group_bundle_export(
        &mut self,
        out: &Path,
        year: Option<i32>,
        job: &Job,
    ) -> Result<BundleExported, CoreError> {
        self.guard()?;
        if let Some(y) = year {
            CoreError::year(y)?;
        }
        let root = self.group_root()?;
        let inst = self.installation()?;
        let org = self.organisation()?;
        let acked = self.group_acked()?;
        let conn = self.archive.read();
        let (head_seq, head_hash) = audit::head(conn)?;
        let which = match year {
            Some(y) => outbox::Which::Year(y),
            None => outbox::Which::Span {
                after: acked.entries,
                upto: head_seq,
            },
        };
        let total = outbox::count(conn, which)?;
        let dest = destination(out, &org, year)?;
        let folder = dest.parent().unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".上报包-")
            .tempfile_in(folder)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", folder, &e))?;
        let write_err =
            |e: std::io::Error| CoreError::io(ErrorKind::FileUnwritable, "无法写入", &dest, &e);
        let header = Header {
            site_name: org,
            root_der: base64::engine::general_purpose::STANDARD.encode(&root),
            created_at: chrono::Local::now().to_rfc3339(),
            from_seq: acked.entries + 1,
            to_seq: head_seq,
        };
        let mut w = Writer::new(BufWriter::new(tmp.as_file()), &header).map_err(write_err)?;
        outbox::audit_after(conn, acked.entries, None, |e| {
            w.audit(&e).map_err(write_err)
        })?;
        let mut done = 0u64;
        outbox::agreements(conn, which, |a| {
            job.step(WorkStage::Send, done, total, &a.number)?;
            w.agreement(&outgoing_record(&a), &a.pdf)
                .map_err(write_err)?;
            done += 1;
            Ok::<_, CoreError>(())
        })?;
        for v in outbox::voids(conn, which)? {
            w.void(&void_record(&v)).map_err(write_err)?;
        }
        for r in outbox::rosters(conn, year)? {
            w.roster(&roster_record(&r)).map_err(write_err)?;
        }
        for a in outbox::assessments(conn, which)? {
            w.assessment(&assessment_record(&a)).map_err(write_err)?;
        }
        outbox::acks(conn, which, |k| {
            w.ack(&ack_record(&k), &k.pdf).map_err(write_err)
        })?;
        job.check()?;
        let seal = signdesk_seal::seal_bytes(&inst, &w.digest())
            .map_err(|e| CoreError::invalid(e.kind(), e.to_string()))?;
        w.finish(&seal)
            .and_then(|b| b.into_inner().map(|_| ()).map_err(|e| e.into_error()))
            .map_err(write_err)?;
        tmp.as_file().sync_all().map_err(write_err)?;
        tmp.persist(&dest)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", &dest, &e.error))?;
        let head = ChainPosition {
            entries: head_seq,
            hash: head_hash,
        };
        self.audit_bundle_exported(&dest, done, acked.entries + 1, &head)?;
        Ok(BundleExported {
            agreements: done,
            head: head.into(),
            file: dest.display().to_string(),
        })
    }
    /// The export in the audit chain: the file, how many agreements, from which entry,
    /// up to which head.
    fn audit_bundle_exported(
        &mut self,
        dest: &Path,
        done: u64,
        from: i64,
        head: &ChainPosition,
    ) -> Result<(), CoreError> {
        let detail = serde_json::json!({
            "file": dest.display().to_string(),
            "agreements": done,
            "from": from,
            "head": head.to_string(),
        });
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::GroupBundleExported,
                &dest
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                &detail.to_string(),
            )?;
            Ok::<_, CoreError>(())
        })
    }
}

/// `out` itself, or `<out>/上报包-<org>-<year or date>.sdbundle` when it is a folder.
fn destination(out: &Path, org: &str, year: Option<i32>) -> Result<PathBuf, CoreError> {
    if out.is_dir() {
        let when = match year {
            Some(y) => format!("{y}年"),
            None => chrono::Local::now().format("%Y%m%d-%H%M%S").to_string(),
        };
        return Ok(out.join(format!("上报包-{org}-{when}.sdbundle")));
    }
    if out.exists() {
        return Err(CoreError::invalid(
            ErrorKind::FileExists,
            format!(
                "{} 已存在：请换一个文件名，旧的上报包不会被覆盖",
                out.display()
            ),
        ));
    }
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() && !p.is_dir() => Err(CoreError::invalid(
            ErrorKind::FileUnwritable,
            format!("文件夹 {} 不存在", p.display()),
        )),
        _ => Ok(out.to_path_buf()),
    }
}
