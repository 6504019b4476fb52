//! Printing a selection: every agreement in its number of copies (一式两份 → 2), in
//! one job.
//!
//! The copies are sent as pages of one merged PDF rather than as the job's
//! `copies` option: some drivers ignore that option (cups-pdf does), a mixed
//! selection needs a different count per agreement anyway, and the merged PDF is
//! also what a user without a usable printer opens in any viewer.
//!
//! Platforms (chosen at compile time):
//! * Linux and macOS: CUPS — `lpstat -a`/`-p`/`-d` lists printers, `lp -d NAME`
//!   reads the merged PDF from its standard input: the decrypted agreements never
//!   touch a temporary folder (not even for a moment a crash could make permanent).
//! * Windows: no CUPS; Win32 lists the printers and the merged PDF is handed to the
//!   shell's `printto` verb — no command line is built (see `print_windows.rs`, which
//!   also removes the print file afterwards).
//!
//! External commands run with a timeout and `LC_ALL=C` (their output is parsed).
//!
//! [`merged_pdf`] is in `merge.rs`, the CUPS side in `cups.rs`, the Windows side in
//! `windows.rs`; this module writes or prints the merged PDF and audits it.

mod cups;
mod merge;
#[cfg(windows)]
mod windows;

use signdesk_base::{ErrorKind, Job, WorkStage};
use std::path::Path;

use serde::Serialize;

use signdesk_archive::{audit, Archive, ArchiveError};

#[cfg(unix)]
pub use cups::printers;
#[cfg(unix)]
use cups::submit;
pub use cups::{parse_lpstat, COMMAND_TIMEOUT};
pub use merge::{merge, merged_pdf, ToMerge};
#[cfg(windows)]
pub use windows::printers;
#[cfg(windows)]
use windows::submit;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedPdf {
    pub pdf: Vec<u8>,
    pub agreements: usize,
    /// Total pages, copies included.
    pub pages: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Printer {
    pub name: String,
    pub accepting: bool,
    /// `idle`, `printing`, `disabled` … as CUPS reports it.
    pub state: String,
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintReport {
    /// Printer name, or the merged PDF's path.
    pub target: String,
    /// CUPS request id (`SignDeskPDF-12`) when sent to a printer.
    pub job: Option<String>,
    pub agreements: usize,
    pub pages: u32,
}

/// Writes the merged PDF to `path` (for printing from any viewer) and audits it.
pub fn write_merged(
    archive: &mut Archive,
    ids: &[i64],
    path: &Path,
    actor: &str,
    job: &Job,
) -> Result<PrintReport, ArchiveError> {
    let merged = merged_pdf(archive.read(), ids, job)?;
    let io = |e: std::io::Error| ArchiveError::io("写入合并打印文件", &e);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    std::io::Write::write_all(&mut tmp, &merged.pdf).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    let report = PrintReport {
        target: path.display().to_string(),
        job: None,
        agreements: merged.agreements,
        pages: merged.pages,
    };
    audit_printed(archive, ids, &report, actor)?;
    Ok(report)
}

fn audit_printed(
    archive: &mut Archive,
    ids: &[i64],
    r: &PrintReport,
    actor: &str,
) -> Result<(), ArchiveError> {
    let detail = serde_json::json!({
        "ids": ids, "target": r.target, "job": r.job, "pages": r.pages,
    });
    archive.write(|tx| {
        audit::append(
            tx,
            actor,
            signdesk_base::AuditEvent::Printed,
            "",
            &detail.to_string(),
        )
        .map(|_| ())
    })
}

/// Prints the selection on `printer` as one job and audits it.
pub fn print_to(
    archive: &mut Archive,
    ids: &[i64],
    printer: &str,
    actor: &str,
    job: &Job,
) -> Result<PrintReport, ArchiveError> {
    let printer = valid_printer(printer)?;
    let merged = merged_pdf(archive.read(), ids, job)?;
    let spooled = spool(
        &merged.pdf,
        printer,
        &format!("签约台 {} 份协议", ids.len()),
        job,
    )?;
    let report = PrintReport {
        target: printer.to_string(),
        job: spooled,
        agreements: merged.agreements,
        pages: merged.pages,
    };
    audit_printed(archive, ids, &report, actor)?;
    Ok(report)
}

/// The printer's name as given, if it can be one (never an option for `lp`).
fn valid_printer(printer: &str) -> Result<&str, ArchiveError> {
    let printer = printer.trim();
    if printer.is_empty() || printer.starts_with('-') || printer.chars().any(|c| c.is_control()) {
        return Err(ArchiveError::invalid(
            ErrorKind::InvalidPrinter,
            format!("打印机名称无效：「{printer}」"),
        ));
    }
    Ok(printer)
}

/// Hands a merged PDF to `printer` as one job named `title`; answers the job's id
/// when the system gives one. The last moment 取消 can stop it: once spooled, the
/// job is the printer's.
pub fn spool(
    pdf: &[u8],
    printer: &str,
    title: &str,
    job: &Job,
) -> Result<Option<String>, ArchiveError> {
    let printer = valid_printer(printer)?;
    job.step(WorkStage::Spool, 0, 1, printer)?;
    let spooled = submit(pdf, printer, title)?;
    job.step(WorkStage::Spool, 1, 1, printer).ok();
    Ok(spooled)
}
