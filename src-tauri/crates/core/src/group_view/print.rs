//! Printing from the group view: every hit of a search (all pages), each agreement in
//! its number of copies (一式两份 → 2), as one merged PDF — the desk's merge
//! (`signdesk_output::print::merge`) — sent to a printer as one job, or written into a
//! folder for printing from any viewer. Each PDF is re-hashed against what arrived
//! first; one that does not hold stops the work before anything is printed. Read in
//! one repeatable-read snapshot, like the export.

use std::path::Path;

use serde::Serialize;
use signdesk_base::{ErrorKind, Job, WorkStage};
use signdesk_group::search::Query;
use signdesk_group::GroupError;
use signdesk_output::print::{self, MergedPdf, ToMerge};
use ts_rs::TS;

use super::export::{checked_pdf, snapshot};
use super::GroupView;
use crate::CoreError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupPrinted {
    /// The printer, or the merged PDF's path.
    pub target: String,
    #[ts(type = "number")]
    pub agreements: u64,
    /// Pages, copies included.
    pub pages: u32,
}

impl GroupView {
    /// Every hit of `q` on `printer` as one job (long work).
    pub fn print(&self, q: &Query, printer: &str, job: &Job) -> Result<GroupPrinted, CoreError> {
        let merged = self.merged(q, job)?;
        let title = format!("集团档案库 {} 份协议", merged.agreements);
        print::spool(&merged.pdf, printer, &title, job)?;
        Ok(GroupPrinted {
            target: printer.trim().to_string(),
            agreements: merged.agreements as u64,
            pages: merged.pages,
        })
    }

    /// Every hit of `q` as one merged PDF in `folder` (`集团打印-YYYYMMDD-HHMMSS.pdf`,
    /// written under a temporary name and renamed: never half a file).
    pub fn print_pdf_into(
        &self,
        q: &Query,
        folder: &Path,
        job: &Job,
    ) -> Result<GroupPrinted, CoreError> {
        if folder.as_os_str().is_empty() {
            return Err(CoreError::invalid(
                ErrorKind::BadArgument,
                "请填写或选择打印文件保存到的文件夹",
            ));
        }
        let merged = self.merged(q, job)?;
        std::fs::create_dir_all(folder)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法创建文件夹", folder, &e))?;
        let name = chrono::Local::now()
            .format("集团打印-%Y%m%d-%H%M%S.pdf")
            .to_string();
        let path = folder.join(name);
        let io =
            |e: std::io::Error| CoreError::io(ErrorKind::FileUnwritable, "无法写入", folder, &e);
        let mut tmp = tempfile::NamedTempFile::new_in(folder).map_err(io)?;
        std::io::Write::write_all(&mut tmp, &merged.pdf).map_err(io)?;
        tmp.persist(&path).map_err(|e| io(e.error))?;
        Ok(GroupPrinted {
            target: path.display().to_string(),
            agreements: merged.agreements as u64,
            pages: merged.pages,
        })
    }

    /// The hits of `q`, each PDF checked, merged in their copies.
    fn merged(&self, q: &Query, job: &Job) -> Result<MergedPdf, CoreError> {
        super::check_query(q)?;
        job.step(WorkStage::Select, 0, 0, "")?;
        let mut client = self.detached()?;
        let (mut tx, hits) = snapshot(&mut client, q, "打印")?;
        let mut items = Vec::with_capacity(hits.len());
        for hit in &hits {
            job.check()?;
            let stored = checked_pdf(&mut tx, hit, "打印")?;
            items.push(Ok(ToMerge {
                number: format!("{} {}", hit.site, hit.number),
                copies: u32::try_from(stored.copies).unwrap_or(1),
                pdf: stored.pdf,
            }));
        }
        tx.commit().map_err(GroupError::from)?;
        Ok(print::merge(items, hits.len() as u64, job)?)
    }
}
