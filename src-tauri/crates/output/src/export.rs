//! Export of a selection for auditors: `2027/客服部/张三-安全目标责任书-SD-2027-000001.pdf`
//! plus `manifest.csv` with each file's SHA-256.
//!
//! Why a new folder per export: everything is written into a hidden temporary
//! folder inside the destination and renamed into place only when complete, so a
//! failure (disk full, a bad PDF) leaves nothing half-written and an earlier export
//! is never overwritten or merged with. The folder is `签约台导出-YYYYMMDD-HHMMSS`.
//!
//! File names are made safe for Windows and Linux alike ([`safe_component`]); the
//! document number in every name makes two files with the same name impossible
//! (checked anyway, case-insensitively, for case-insensitive file systems).

use signdesk_base::{ErrorKind, Job, WorkStage};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use signdesk_archive::agreements::{self, sha256_hex};
use signdesk_archive::{audit, Archive, ArchiveError};

pub const MANIFEST: &str = "manifest.csv";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    /// The new folder holding the files and the manifest.
    pub folder: PathBuf,
    pub files: usize,
    pub bytes: u64,
    /// Paths relative to `folder`, forward slashes, in manifest order.
    pub paths: Vec<String>,
}

const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

fn reserved(stem: &str) -> bool {
    let up = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
    if RESERVED.contains(&up.as_str()) {
        return true;
    }
    // COM0–COM9, LPT0–LPT9, also with superscript digits (Windows treats ¹²³ as digits).
    let b = up.as_str();
    (b.starts_with("COM") || b.starts_with("LPT"))
        && b.chars().count() == 4
        && b.chars()
            .nth(3)
            .is_some_and(|c| c.is_ascii_digit() || "¹²³".contains(c))
}

/// Makes one path component safe on Windows and Linux: no `/ \ : * ? " < > |`,
/// control or invisible (bidi override, zero-width) characters, no leading dot,
/// trailing dots or spaces, `..`, or reserved device names (CON, NUL, COM1 …);
/// at most `max_bytes` of UTF-8, cut at a character boundary. Never empty.
pub fn safe_component(raw: &str, max_bytes: usize) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| c.is_whitespace() || signdesk_base::text::hidden(*c).is_none())
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    s = s
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if s.len() > max_bytes {
        let mut cut = max_bytes;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    let mut s = s.trim_end_matches(['.', ' ']).trim_start().to_string();
    if s.starts_with('.') {
        s.replace_range(0..1, "_");
    }
    let stem = s.split('.').next().unwrap_or("");
    if reserved(stem) {
        s.insert(0, '_');
    }
    if s.is_empty() {
        s.push('_');
    }
    s
}

/// `2027/客服部/张三-安全目标责任书-SD-2027-000001.pdf` (forward slashes).
pub fn relative_path(row: &agreements::AgreementRow) -> String {
    let dept = if row.department.trim().is_empty() {
        "未分部门"
    } else {
        &row.department
    };
    let file = format!(
        "{}-{}-{}.pdf",
        safe_component(&row.signer_name, 60),
        safe_component(&row.title, 120),
        safe_component(&row.number, 48)
    );
    format!("{}/{}/{}", row.year, safe_component(dept, 120), file)
}

/// One CSV field: quoted when needed; a leading `= + - @` gets a `'` so that Excel
/// shows the text instead of running it as a formula.
pub fn csv(field: &str) -> String {
    let mut f = field.to_string();
    if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        f.insert(0, '\'');
    }
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

fn io(what: &'static str) -> impl Fn(std::io::Error) -> ArchiveError {
    ArchiveError::io_with(what)
}

/// The first cell of the manifest's last row: the audit chain's head at export time
/// (`存证链位置,<entries>,<hash>`).
pub const ANCHOR_ROW: &str = "存证链位置";

/// Exports the agreements `ids` (in that order) into a new folder inside `dest`
/// and records an `exported` audit entry. Each agreement is a step of `job`; a
/// cancelled export removes its hidden temporary folder and leaves `dest` as it was.
pub fn export(
    archive: &mut Archive,
    ids: &[i64],
    dest: &Path,
    actor: &str,
    job: &Job,
) -> Result<ExportReport, ArchiveError> {
    if ids.is_empty() {
        return Err(ArchiveError::invalid(
            ErrorKind::EmptySelection,
            "没有符合条件的协议可导出",
        ));
    }
    std::fs::create_dir_all(dest).map_err(io("创建导出文件夹"))?;
    let tmp = tempfile::Builder::new()
        .prefix(".signdesk-export-")
        .tempdir_in(dest)
        .map_err(io("创建临时文件夹"))?;
    let mut manifest = Manifest::new();
    let mut bytes = 0u64;
    let conn = archive.read();
    let total = ids.len() as u64;
    for (done, &id) in ids.iter().enumerate() {
        let row = agreements::get(conn, id)?;
        job.step(WorkStage::Export, done as u64, total, &row.number)?;
        let pdf = agreements::pdf(conn, id)?;
        let sha = sha256_hex(&pdf);
        if sha != row.pdf_sha256 {
            return Err(ArchiveError::Corrupt(format!(
                "协议 {} 的 PDF 与其哈希不符",
                row.number
            )));
        }
        let rel = manifest.unique_path(&row);
        let path = tmp.path().join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io("创建导出文件夹"))?;
        }
        let mut f = std::fs::File::create(&path).map_err(io("写入导出文件"))?;
        f.write_all(&pdf).map_err(io("写入导出文件"))?;
        bytes += pdf.len() as u64;
        manifest.add(rel, sha, &row);
    }
    job.step(WorkStage::Export, total, total, MANIFEST)?;
    // The audit chain's head, outside the database: `verify --anchor manifest.csv`
    // later proves the history up to here was not rewritten.
    let (entries, head) = audit::head(conn)?;
    manifest
        .csv
        .extend_from_slice(format!("{ANCHOR_ROW},{entries},{head}\r\n").as_bytes());
    std::fs::write(tmp.path().join(MANIFEST), &manifest.csv).map_err(io("写入清单"))?;
    let folder = publish(tmp, dest)?;
    let detail = serde_json::json!({
        "count": ids.len(),
        "ids": ids,
        "folder": folder.file_name().map(|f| f.to_string_lossy().into_owned()),
        "bytes": bytes,
    });
    let audited = archive.write(|tx| {
        audit::append(
            tx,
            actor,
            signdesk_base::AuditEvent::Exported,
            "",
            &detail.to_string(),
        )
    });
    if let Err(e) = audited {
        // Unaudited exports must not exist.
        let _ = std::fs::remove_dir_all(&folder);
        return Err(e);
    }
    Ok(ExportReport {
        folder,
        files: manifest.paths.len(),
        bytes,
        paths: manifest.paths,
    })
}

/// The manifest being written (UTF-8 with a BOM so Excel reads it, CRLF rows) and the
/// paths it lists, each unique even on a case-insensitive file system.
struct Manifest {
    csv: Vec<u8>,
    seen: HashSet<String>,
    paths: Vec<String>,
}

impl Manifest {
    fn new() -> Manifest {
        let mut csv = Vec::from(&b"\xEF\xBB\xBF"[..]);
        csv.extend_from_slice(
            "文件,SHA-256,编号,签署人,工号,部门,年度,标题,模板,签署时间,状态,页数,份数,内容哈希\r\n"
                .as_bytes(),
        );
        Manifest {
            csv,
            seen: HashSet::new(),
            paths: Vec::new(),
        }
    }

    /// `row`'s path in the export, its id appended when another file took the name.
    fn unique_path(&mut self, row: &agreements::AgreementRow) -> String {
        let mut rel = relative_path(row);
        if !self.seen.insert(rel.to_lowercase()) {
            rel = format!("{}-{}.pdf", rel.trim_end_matches(".pdf"), row.id);
            self.seen.insert(rel.to_lowercase());
        }
        rel
    }

    fn add(&mut self, rel: String, sha: String, row: &agreements::AgreementRow) {
        let status = if row.void.is_some() {
            "已作废"
        } else {
            "已签署"
        };
        let fields = [
            rel.clone(),
            sha,
            row.number.clone(),
            row.signer_name.clone(),
            row.employee_no.clone().unwrap_or_default(),
            row.department.clone(),
            row.year.to_string(),
            row.title.clone(),
            format!("{} v{}", row.template_slug, row.template_version),
            row.signed_at.clone(),
            status.to_string(),
            row.pages.to_string(),
            row.copies.to_string(),
            row.content_sha256.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv(f)).collect();
        self.csv.extend_from_slice(line.join(",").as_bytes());
        self.csv.extend_from_slice(b"\r\n");
        self.paths.push(rel);
    }
}

/// Renames the finished temporary folder to 「签约台导出-<time>」 in `dest` (a number
/// added when that exists): the export appears whole or not at all.
fn publish(tmp: tempfile::TempDir, dest: &Path) -> Result<PathBuf, ArchiveError> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let mut folder = dest.join(format!("签约台导出-{stamp}"));
    let mut n = 1;
    while folder.exists() {
        n += 1;
        folder = dest.join(format!("签约台导出-{stamp}-{n}"));
    }
    let tmp_path = tmp.keep();
    if let Err(e) = std::fs::rename(&tmp_path, &folder) {
        let _ = std::fs::remove_dir_all(&tmp_path);
        return Err(io("完成导出")(e));
    }
    Ok(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_components() {
        assert_eq!(safe_component("../CON", 60), "_._CON");
        assert_eq!(safe_component("..", 60), "_");
        assert_eq!(safe_component("CON", 60), "_CON");
        assert_eq!(safe_component("con.txt", 60), "_con.txt");
        assert_eq!(safe_component("COM1", 60), "_COM1");
        assert_eq!(safe_component("lpt9 ", 60), "_lpt9");
        assert_eq!(safe_component("COM10", 60), "COM10");
        assert_eq!(safe_component("a/b", 60), "a_b");
        assert_eq!(safe_component("张三:*?", 60), "张三___");
        assert_eq!(safe_component("\u{202E}三张\u{202C}", 60), "三张");
        assert_eq!(safe_component("name. . ", 60), "name");
        assert_eq!(safe_component(".hidden", 60), "_hidden");
        assert_eq!(safe_component("\u{0}\u{1}", 60), "_");
        assert_eq!(safe_component("a\tb\nc", 60), "a b c");
        let long = safe_component(&"长".repeat(100), 60);
        assert_eq!(long.len(), 60);
        assert_eq!(safe_component("ab长", 4), "ab");
    }

    #[test]
    fn csv_fields() {
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("=1+1"), "'=1+1");
        assert_eq!(csv("张三"), "张三");
    }
}
