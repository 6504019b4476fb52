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

use signdesk_base::{ErrorKind, Job, WorkStage};
use std::path::Path;
#[cfg(unix)]
use std::process::{Command, Stdio};
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use signdesk_archive::{agreements, audit, Archive, ArchiveError};

/// How long a printing command may take before it is killed.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

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

fn bad_pdf(number: &str, e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::corrupt(format!("协议 {number} 的 PDF 无法读取"), e)
}

/// Attributes a page may inherit from its parents; copied onto the page so that it
/// keeps them under its new parent.
const INHERITED: &[&[u8]] = &[b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

fn inherited(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<Object> {
    if let Ok(v) = page.get(key) {
        return Some(v.clone());
    }
    let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
    for _ in 0..64 {
        let dict = doc.get_dictionary(parent?).ok()?;
        if let Ok(v) = dict.get(key) {
            return Some(v.clone());
        }
        parent = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    None
}

/// One PDF with each agreement `copies` times, in the order of `ids`.
pub fn merged_pdf(
    conn: &signdesk_archive::Connection,
    ids: &[i64],
    job: &Job,
) -> Result<MergedPdf, ArchiveError> {
    if ids.is_empty() {
        return Err(ArchiveError::invalid(
            ErrorKind::EmptySelection,
            "没有符合条件的协议可打印",
        ));
    }
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    let total = ids.len() as u64;
    for (done, &id) in ids.iter().enumerate() {
        let row = agreements::get(conn, id)?;
        job.step(WorkStage::Merge, done as u64, total, &row.number)?;
        let bytes = agreements::pdf(conn, id)?;
        let mut doc = Document::load_mem(&bytes).map_err(|e| bad_pdf(&row.number, e))?;
        doc.renumber_objects_with(out.max_id + 1);
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(bad_pdf(&row.number, "没有页面"));
        }
        // Page dictionaries with inherited attributes made explicit.
        let mut page_dicts = Vec::with_capacity(pages.len());
        for pid in &pages {
            let mut dict = doc
                .get_dictionary(*pid)
                .map_err(|e| bad_pdf(&row.number, e))?
                .clone();
            for key in INHERITED {
                if let Some(v) = inherited(&doc, &dict, key) {
                    dict.set(key.to_vec(), v);
                }
            }
            dict.set("Parent", pages_id);
            page_dicts.push(dict);
        }
        out.max_id = doc.max_id;
        // Everything except the page tree and the catalog; pages are re-added per copy.
        for (oid, obj) in doc.objects {
            let skip = match obj.type_name() {
                Ok(t) => t == b"Page" || t == b"Pages" || t == b"Catalog",
                Err(_) => false,
            };
            if !skip {
                out.objects.insert(oid, obj);
            }
        }
        for _ in 0..row.copies.max(1) {
            for dict in &page_dicts {
                let new_id = out.add_object(Object::Dictionary(dict.clone()));
                kids.push(new_id.into());
            }
        }
    }
    job.step(WorkStage::Merge, total, total, "")?;
    let count = kids.len() as u32;
    out.objects.insert(
        pages_id,
        Object::Dictionary(
            lopdf::dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count },
        ),
    );
    let catalog = out.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    out.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    out.save_to(&mut pdf).map_err(|e| ArchiveError::Io {
        what: "生成合并打印文件",
        reason: "合并后的文件无法写出，请重试".into(),
        detail: e.to_string(),
    })?;
    Ok(MergedPdf {
        pdf,
        agreements: ids.len(),
        pages: count,
    })
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

/// Runs a command with a timeout, `LC_ALL=C`; returns stdout or a Chinese error.
#[cfg(unix)]
pub(crate) fn run_command(
    program: &str,
    args: &[&str],
    what: &'static str,
) -> Result<String, ArchiveError> {
    run_command_with_input(program, args, what, None)
}

/// [`run_command`], with `input` written to the command's standard input.
#[cfg(unix)]
fn run_command_with_input(
    program: &str,
    args: &[&str],
    what: &'static str,
    input: Option<&[u8]>,
) -> Result<String, ArchiveError> {
    // The program's own words (`LC_ALL=C`: English) are the detail, for the log.
    let fail = |reason: &str, detail: String| ArchiveError::Io {
        what,
        reason: reason.to_string(),
        detail: format!("{program}: {detail}"),
    };
    let mut child = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                fail("找不到打印系统（没有安装 CUPS？）", e.to_string())
            } else {
                fail("无法启动打印系统", e.to_string())
            }
        })?;
    // Fed from a thread so a command that writes a lot before reading cannot deadlock
    // against us; dropping the pipe at the end is the command's end of input.
    let feeder = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => {
            let bytes = bytes.to_vec();
            Some(std::thread::spawn(move || {
                std::io::Write::write_all(&mut stdin, &bytes)
            }))
        }
        _ => None,
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(
                    &format!(
                        "打印系统在 {} 秒内没有响应，请稍后重试",
                        COMMAND_TIMEOUT.as_secs()
                    ),
                    "timed out".into(),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(fail("打印系统出错", e.to_string())),
        }
    }
    let out = child
        .wait_with_output()
        .map_err(|e| fail("打印系统出错", e.to_string()))?;
    if let Some(feeder) = feeder {
        match feeder.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(fail("打印系统没有读完要打印的文件", e.to_string())),
            Err(_) => return Err(fail("向打印系统写入失败", String::new())),
        }
    }
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(fail(
            "打印系统拒绝了这项任务：请检查打印机是否连接、开机，再重试",
            if err.is_empty() {
                out.status.to_string()
            } else {
                err
            },
        ));
    }
    Ok(stdout)
}

/// Parses `lpstat -p` and `lpstat -a` output (LC_ALL=C) and the default from `-d`.
pub fn parse_lpstat(p: &str, a: &str, d: &str) -> Vec<Printer> {
    let default = d
        .split_once(':')
        .map(|(_, n)| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let mut out: Vec<Printer> = Vec::new();
    for line in p.lines() {
        let Some(rest) = line.strip_prefix("printer ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let Some(name) = words.next() else { continue };
        let state = if rest.contains("disabled") {
            "disabled"
        } else if rest.contains("now printing") {
            "printing"
        } else {
            "idle"
        };
        out.push(Printer {
            name: name.to_string(),
            accepting: false,
            state: state.to_string(),
            default: default.as_deref() == Some(name),
        });
    }
    for line in a.lines() {
        let mut words = line.split_whitespace();
        if let (Some(name), Some(word)) = (words.next(), words.next()) {
            let accepting = word == "accepting";
            match out.iter_mut().find(|p| p.name == name) {
                Some(p) => p.accepting = accepting,
                None => out.push(Printer {
                    name: name.to_string(),
                    accepting,
                    state: "unknown".into(),
                    default: default.as_deref() == Some(name),
                }),
            }
        }
    }
    out
}

/// The printers this computer can print to.
#[cfg(unix)]
pub fn printers() -> Result<Vec<Printer>, ArchiveError> {
    // `lpstat` exits non-zero when there are no printers at all; treat as empty.
    let p = run_command("lpstat", &["-p"], "读取打印机列表").unwrap_or_default();
    let a = run_command("lpstat", &["-a"], "读取打印机列表").unwrap_or_default();
    let d = run_command("lpstat", &["-d"], "读取打印机列表").unwrap_or_default();
    if p.is_empty() && a.is_empty() {
        // Distinguish "no CUPS" from "no printers".
        run_command("lpstat", &["-r"], "读取打印机列表")?;
    }
    Ok(parse_lpstat(&p, &a, &d))
}

#[cfg(windows)]
pub fn printers() -> Result<Vec<Printer>, ArchiveError> {
    Ok(crate::print_windows::printers()?
        .into_iter()
        .map(|(name, default)| Printer {
            name,
            accepting: true,
            state: "unknown".into(),
            default,
        })
        .collect())
}

/// Prints the selection on `printer` as one job and audits it.
pub fn print_to(
    archive: &mut Archive,
    ids: &[i64],
    printer: &str,
    actor: &str,
    job: &Job,
) -> Result<PrintReport, ArchiveError> {
    let printer = printer.trim();
    if printer.is_empty() || printer.starts_with('-') || printer.chars().any(|c| c.is_control()) {
        return Err(ArchiveError::invalid(
            ErrorKind::InvalidPrinter,
            format!("打印机名称无效：「{printer}」"),
        ));
    }
    let merged = merged_pdf(archive.read(), ids, job)?;
    // The last moment 取消 can stop it: once spooled, the job is the printer's.
    job.step(WorkStage::Spool, 0, 1, printer)?;
    let spooled = submit(
        &merged.pdf,
        printer,
        &format!("签约台 {} 份协议", ids.len()),
    )?;
    job.step(WorkStage::Spool, 1, 1, printer).ok();
    let report = PrintReport {
        target: printer.to_string(),
        job: spooled,
        agreements: merged.agreements,
        pages: merged.pages,
    };
    audit_printed(archive, ids, &report, actor)?;
    Ok(report)
}

#[cfg(unix)]
fn submit(pdf: &[u8], printer: &str, title: &str) -> Result<Option<String>, ArchiveError> {
    let known = printers()?;
    if !known.iter().any(|p| p.name == printer) {
        let names: Vec<&str> = known.iter().map(|p| p.name.as_str()).collect();
        return Err(ArchiveError::invalid(
            ErrorKind::PrinterNotFound,
            format!(
                "找不到打印机「{printer}」。可用的打印机：{}",
                if names.is_empty() {
                    "无".into()
                } else {
                    names.join("、")
                }
            ),
        ));
    }
    // No file argument: lp reads the job from standard input.
    let out = run_command_with_input(
        "lp",
        &["-d", printer, "-t", title, "-n", "1"],
        "提交打印任务",
        Some(pdf),
    )?;
    // "request id is SignDeskPDF-12 (1 file(s))"
    Ok(out
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .map(str::to_string))
}

#[cfg(windows)]
fn submit(pdf: &[u8], printer: &str, _title: &str) -> Result<Option<String>, ArchiveError> {
    crate::print_windows::submit(pdf, printer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_output() {
        let p = "printer SignDeskPDF is idle.  enabled since Mon 01 Jan 2027\nprinter Office now printing Office-3.  enabled since x\nprinter Old disabled since y -\n\treason unknown\n";
        let a = "SignDeskPDF accepting requests since Mon\nOffice accepting requests since x\nOld not accepting requests since y -\n";
        let d = "system default destination: Office\n";
        let got = parse_lpstat(p, a, d);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            Printer {
                name: "SignDeskPDF".into(),
                accepting: true,
                state: "idle".into(),
                default: false
            }
        );
        assert_eq!((got[1].state.as_str(), got[1].default), ("printing", true));
        assert_eq!(
            (got[2].state.as_str(), got[2].accepting),
            ("disabled", false)
        );
        assert!(parse_lpstat("", "", "no system default destination").is_empty());
    }
}
