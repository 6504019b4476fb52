//! The group view's export: every hit of a search (all pages) as
//! `站点-编号-签约人.pdf` plus `manifest.csv` (site, number, signer, department, year,
//! the PDF's SHA-256, voided), in a new folder `集团导出-YYYYMMDD-HHMMSS` inside the
//! chosen one. Each PDF is re-hashed as it is written and must be the one the group
//! stored on arrival; a PDF that is not stops the export.
//!
//! As the desk's export: everything is written into a hidden temporary folder and
//! renamed into place when complete, so a failure or 取消 leaves nothing. The
//! selection and the PDFs are read in one repeatable-read snapshot: what arrives
//! meanwhile neither repeats nor drops a hit.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use signdesk_base::chain::sha256_hex;
use signdesk_base::{ErrorKind, Job, WorkStage};
use signdesk_group::postgres::IsolationLevel;
use signdesk_group::search::{self, Hit, Query};
use signdesk_group::GroupError;
use signdesk_output::export::{csv, safe_component};
use ts_rs::TS;

use super::GroupView;
use crate::CoreError;

pub const MANIFEST: &str = "manifest.csv";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupExported {
    /// The new folder holding the PDFs and the manifest.
    pub folder: String,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl GroupView {
    /// Exports every hit of `q` into a new folder inside `dest` (long work: each PDF a
    /// step of `job`).
    pub fn export(&self, q: &Query, dest: &Path, job: &Job) -> Result<GroupExported, CoreError> {
        if dest.as_os_str().is_empty() {
            return Err(CoreError::invalid(
                ErrorKind::BadArgument,
                "请填写或选择导出到的文件夹",
            ));
        }
        super::check_query(q)?;
        job.step(WorkStage::Select, 0, 0, "")?;
        let mut client = self.detached()?;
        let (mut tx, hits) = snapshot(&mut client, q, "导出")?;
        std::fs::create_dir_all(dest)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法创建文件夹", dest, &e))?;
        let tmp = tempfile::Builder::new()
            .prefix(".signdesk-group-export-")
            .tempdir_in(dest)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", dest, &e))?;
        let mut manifest = Manifest::new();
        let total = hits.len() as u64;
        let mut bytes = 0u64;
        for (done, hit) in hits.iter().enumerate() {
            let item = format!("{} {}", hit.site, hit.number);
            job.step(WorkStage::Export, done as u64, total, &item)
                .map_err(cancelled)?;
            let search::Stored {
                pdf, sha256: sha, ..
            } = checked_pdf(&mut tx, hit, "导出")?;
            let name = manifest.unique_name(hit);
            let path = tmp.path().join(&name);
            std::fs::write(&path, &pdf)
                .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", &path, &e))?;
            bytes += pdf.len() as u64;
            manifest.add(&name, hit, &sha);
        }
        job.step(WorkStage::Export, total, total, MANIFEST)
            .map_err(cancelled)?;
        let path = tmp.path().join(MANIFEST);
        std::fs::write(&path, &manifest.csv)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", &path, &e))?;
        tx.commit().map_err(GroupError::from)?;
        let folder = publish(tmp, dest)?;
        Ok(GroupExported {
            folder: folder.display().to_string(),
            files: total,
            bytes,
        })
    }
}

fn cancelled(_: signdesk_base::Cancelled) -> CoreError {
    CoreError::invalid(ErrorKind::Cancelled, "已取消导出，没有留下写了一半的文件")
}

/// The manifest being written (UTF-8 with a BOM so Excel reads it, CRLF rows) and the
/// names taken, case-insensitively (Windows, macOS).
struct Manifest {
    csv: Vec<u8>,
    taken: HashSet<String>,
}

impl Manifest {
    fn new() -> Manifest {
        let mut csv = Vec::from(&b"\xEF\xBB\xBF"[..]);
        csv.extend_from_slice("文件,站点,编号,签约人,部门,年度,PDF SHA-256,作废\r\n".as_bytes());
        Manifest {
            csv,
            taken: HashSet::new(),
        }
    }

    /// `站点-编号-签约人.pdf`; a number appended in the unlikely case that the safe
    /// forms of two names meet.
    fn unique_name(&mut self, hit: &Hit) -> String {
        let stem = format!(
            "{}-{}-{}",
            safe_component(&hit.site, 90),
            safe_component(&hit.number, 48),
            safe_component(&hit.signer, 60)
        );
        let mut name = format!("{stem}.pdf");
        let mut n = 1;
        while !self.taken.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{stem}-{n}.pdf");
        }
        name
    }

    fn add(&mut self, name: &str, hit: &Hit, sha: &str) {
        let year = hit.year.to_string();
        let voided = if hit.voided { "是" } else { "否" };
        let fields = [
            name,
            &hit.site,
            &hit.number,
            &hit.signer,
            &hit.department,
            &year,
            sha,
            voided,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv(f)).collect();
        self.csv.extend_from_slice(line.join(",").as_bytes());
        self.csv.extend_from_slice(b"\r\n");
    }
}

/// Renames the finished temporary folder to 「集团导出-<time>」 in `dest` (a number
/// added when that exists): the export appears whole or not at all.
fn publish(tmp: tempfile::TempDir, dest: &Path) -> Result<PathBuf, CoreError> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let mut folder = dest.join(format!("集团导出-{stamp}"));
    let mut n = 1;
    while folder.exists() {
        n += 1;
        folder = dest.join(format!("集团导出-{stamp}-{n}"));
    }
    let tmp_path = tmp.keep();
    if let Err(e) = std::fs::rename(&tmp_path, &folder) {
        let _ = std::fs::remove_dir_all(&tmp_path);
        return Err(CoreError::io(
            ErrorKind::FileUnwritable,
            "无法完成导出",
            &folder,
            &e,
        ));
    }
    Ok(folder)
}

/// Every hit of `q` in one repeatable-read snapshot (the transaction the PDFs are then
/// read in): what arrives meanwhile neither repeats nor drops a hit. None is
/// `empty_selection` (`what`: 导出, 打印).
pub(super) fn snapshot<'c>(
    client: &'c mut signdesk_group::Client,
    q: &Query,
    what: &str,
) -> Result<(signdesk_group::postgres::Transaction<'c>, Vec<Hit>), CoreError> {
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(GroupError::from)?;
    let hits = search::all(&mut tx, q)?;
    if hits.is_empty() {
        return Err(CoreError::invalid(
            ErrorKind::EmptySelection,
            format!("没有符合条件的协议可{what}"),
        ));
    }
    Ok((tx, hits))
}

/// The hit's PDF as the group stored it (with its copies), re-hashed: a PDF that no
/// longer hashes to what arrived stops the work (`what`: 导出, 打印) before anything
/// is written or printed.
pub(super) fn checked_pdf(
    tx: &mut impl signdesk_group::postgres::GenericClient,
    hit: &Hit,
    what: &str,
) -> Result<search::Stored, CoreError> {
    let stored = search::stored_pdf(tx, &hit.site, &hit.number)?.ok_or_else(|| {
        CoreError::invalid(
            ErrorKind::NotFound,
            format!("集团档案库中没有站点「{}」的协议 {}", hit.site, hit.number),
        )
    })?;
    if sha256_hex(&stored.pdf) != stored.sha256 {
        return Err(CoreError::invalid(
            ErrorKind::DigestMismatch,
            format!(
                "站点「{}」的协议 {} 的 PDF 与集团收到时的哈希不符：{what}已停止，没有留下文件；请运行「核验」",
                hit.site, hit.number
            ),
        ));
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(site: &str, number: &str, signer: &str, voided: bool) -> Hit {
        Hit {
            site: site.into(),
            number: number.into(),
            signer: signer.into(),
            department: "客服部".into(),
            employee_no: None,
            year: 2027,
            title: "安全目标责任书".into(),
            signed_at: "2027-01-15T09:30:00+08:00".into(),
            voided,
        }
    }

    #[test]
    fn names_are_site_number_signer_safe_and_unique_and_the_manifest_lists_them() {
        let mut m = Manifest::new();
        let a = hit("甲分公司", "SD-2027-000001", "张三", false);
        let b = hit("乙/分公司", "SD-2027-000001", "=李四", true);
        assert_eq!(m.unique_name(&a), "甲分公司-SD-2027-000001-张三.pdf");
        assert_eq!(m.unique_name(&a), "甲分公司-SD-2027-000001-张三-2.pdf");
        assert_eq!(m.unique_name(&b), "乙_分公司-SD-2027-000001-=李四.pdf");
        m.add("x.pdf", &a, "ab");
        m.add("y.pdf", &b, "cd");
        let text = String::from_utf8(m.csv[3..].to_vec()).unwrap();
        let rows: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(rows[0], "文件,站点,编号,签约人,部门,年度,PDF SHA-256,作废");
        assert_eq!(
            rows[1],
            "x.pdf,甲分公司,SD-2027-000001,张三,客服部,2027,ab,否"
        );
        assert_eq!(
            rows[2], "y.pdf,乙/分公司,SD-2027-000001,'=李四,客服部,2027,cd,是",
            "a formula is never run by Excel"
        );
    }
}
