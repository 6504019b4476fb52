//! 导入上报包 at the group office: a desk's sealed bundle carried over (USB) goes
//! through the group's one ingest (`signdesk_group::ingest::import_bundle`) — the
//! same checks as `signdesk-cli group import` — in one transaction: a refusal or 取消
//! leaves nothing. The view's own sessions only read; the import opens a session of
//! its own that may write, so the account must be allowed to (the group's owner); the
//! server refuses a viewer's, and the view says the account lacks the right.

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use signdesk_base::{ErrorKind, Job, WorkStage};
use signdesk_group::GroupError;
use ts_rs::TS;

use super::GroupView;
use crate::CoreError;

/// What an import added, as the CLI's `group import --json` says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupImported {
    pub site: String,
    #[ts(type = "number")]
    pub added: u64,
    #[ts(type = "number")]
    pub unchanged: u64,
    #[ts(type = "number")]
    pub voids: u64,
    #[ts(type = "number")]
    pub entries: u64,
    /// The site's chain head in the group archive afterwards.
    pub head: crate::group::BundleHead,
}

/// The file as read, reported in bytes; 取消 ends the read (and so the import).
struct Counted<'a, R> {
    inner: R,
    read: u64,
    total: u64,
    job: &'a Job,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.job
            .step(WorkStage::Import, self.read, self.total, "")
            .map_err(|_| std::io::Error::other("已取消"))?;
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl GroupView {
    /// Imports the bundle at `file` (long work, its own connection).
    pub fn import_bundle(&self, file: &Path, job: &Job) -> Result<GroupImported, CoreError> {
        let f = std::fs::File::open(file)
            .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取上报包", file, &e))?;
        let total = f.metadata().map(|m| m.len()).unwrap_or(0);
        let mut client = self.writable()?;
        let input = std::io::BufReader::new(Counted {
            inner: f,
            read: 0,
            total,
            job,
        });
        let out = signdesk_group::ingest::import_bundle(&mut client, input).map_err(|e| {
            if job.is_cancelled() {
                GroupError::new(ErrorKind::Cancelled, "已取消导入，集团档案库没有变化")
            } else {
                e
            }
        })?;
        job.step(WorkStage::Store, total, total, "")
            .map_err(|_| GroupError::new(ErrorKind::Cancelled, "已取消"))?;
        Ok(GroupImported {
            site: out.site,
            added: out.added,
            unchanged: out.unchanged,
            voids: out.voids,
            entries: out.entries,
            head: out.head.into(),
        })
    }
}
