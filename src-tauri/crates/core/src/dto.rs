//! Types that cross the IPC boundary (and the CLI's `--json`). TypeScript versions are
//! generated into `ui/src/ipc/bindings.ts` — see `bindings.rs`.

use serde::{Deserialize, Serialize};
use signdesk_base::AgreementStatus;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    pub templates: i64,
    pub template_versions: i64,
    pub people: i64,
    pub agreements: i64,
    pub voided: i64,
    pub audit_entries: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub app_version: String,
    pub data_dir: String,
    pub archive_path: String,
    pub schema_version: u32,
    pub counts: Counts,
    /// Hash of the newest audit entry: pins the whole history.
    pub audit_head: String,
    /// The operating system's kiosk session the app runs in, if any: `gnome-kiosk`,
    /// `cage` or `assigned-access` (see `os_kiosk`).
    pub os_kiosk: Option<signdesk_base::OsKiosk>,
}

/// One row of the template list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateSummary {
    pub id: String,
    pub title: String,
    pub builtin: bool,
    pub latest_version: u32,
    pub versions: u32,
    pub clauses: u32,
    pub fields: u32,
    pub roles: Vec<String>,
    pub copies: u32,
}

/// One version of a template, with its full structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateDetail {
    pub id: String,
    pub version: u32,
    /// Signed on at least once: frozen; saving an edit makes the next version.
    pub used: bool,
    pub source_name: String,
    pub created_at: String,
    pub template: signdesk_agreement::Template,
}

// ---- Archive: search, browse, export, print (archive_ops.rs) ----

/// A search, or the selection that export and print work on (same filters).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SearchFilters {
    /// Name, pinyin (`zhangsan`, `zs`), employee number, department, document
    /// number or a phrase of the text; empty lists everything that passes the filters.
    pub text: String,
    pub year: Option<i32>,
    pub department: Option<String>,
    /// Template id, any version.
    pub template: Option<String>,
    /// None for both.
    pub status: Option<AgreementStatus>,
    /// Only agreements with (true) or without (false) an assessment result.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub assessed: Option<bool>,
    /// Current score at least / at most (decimal text, e.g. `60`, `89.5`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub score_min: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub score_max: Option<String>,
    /// Page size (0 = 50, at most 1000). Ignored by export and print.
    pub limit: u32,
    pub offset: u32,
    /// An explicit selection (ticked rows): export/print exactly these, in this order.
    pub ids: Option<Vec<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub id: i64,
    pub number: String,
    pub signer: String,
    pub year: i32,
    pub department: String,
    pub title: String,
    pub signed_at: String,
    pub status: AgreementStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchResult {
    /// All matches, not only this page.
    pub total: i64,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VoidInfo {
    pub reason: String,
    pub voided_at: String,
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureInfo {
    pub role_key: String,
    pub role_label: String,
    pub signer_name: String,
    pub signed_at: String,
}

/// One stored agreement: its record without the PDF bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgreementRecord {
    pub id: i64,
    pub number: String,
    pub template: String,
    pub template_version: u32,
    pub signer: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub year: i32,
    pub title: String,
    pub signed_at: String,
    pub signed_text: String,
    pub values_json: String,
    pub content_sha256: String,
    pub pdf_sha256: String,
    pub pdf_size: i64,
    pub pages: u32,
    pub copies: u32,
    pub operator: String,
    pub status: AgreementStatus,
    pub void: Option<VoidInfo>,
    pub signatures: Vec<SignatureInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportResult {
    /// The new folder (`签约台导出-YYYYMMDD-HHMMSS`) holding the files and manifest.csv.
    pub folder: String,
    pub files: u32,
    pub bytes: i64,
    /// File paths relative to `folder`, as listed in the manifest.
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrintResult {
    /// Printer name, or the merged PDF's path.
    pub target: String,
    /// Print-system job id when sent to a printer.
    pub job: Option<String>,
    pub agreements: u32,
    /// Pages sent, every copy included.
    pub pages: u32,
}

/// One event in an agreement's history (from the audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub event: signdesk_base::HistoryEvent,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrinterInfo {
    pub name: String,
    pub accepting: bool,
    pub state: String,
    pub default: bool,
}

// ---- Roster import and people (roster.rs) ----

/// One problem in a roster: of a row, or of the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterIssue {
    pub kind: signdesk_base::RosterIssueKind,
    /// Chinese, ready to show.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterRow {
    /// Line (CSV) or row (Excel) number as the user's own program shows it.
    pub line: u32,
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
    pub errors: Vec<RosterIssue>,
}

/// What a roster file holds, checked, before anything is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterPreview {
    pub file_name: String,
    /// `UTF-8`, `UTF-8（带 BOM）`, `GBK/GB18030`, `UTF-16` or `Excel (.xlsx)`.
    pub encoding: String,
    pub header_line: u32,
    pub rows: Vec<RosterRow>,
    /// Rows with at least one error.
    pub errors_count: u32,
    /// Problems of the whole file; like row errors, they forbid saving.
    pub file_errors: Vec<RosterIssue>,
    /// Not errors: ignored columns, skipped title rows, other sheets …
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterImport {
    pub preview: RosterPreview,
    /// People saved (0 for a preview).
    pub saved: u32,
    /// Of those, people new to the archive; the others were matched by employee
    /// number (or name and department) and keep their identity.
    pub created: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInfo {
    pub id: i64,
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
    /// `zhangsan` and `zs`, for search.
    pub pinyin: String,
    pub initials: String,
}

// ---- Trust: verify, backup, restore (trust.rs) ----

/// The audit chain's head: how many entries, the newest one's hash, and the
/// fingerprint a person can write down (the hash's first 16 hex digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainHead {
    pub entries: i64,
    pub hash: String,
    pub fingerprint: String,
}

/// One thing `verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    pub kind: signdesk_base::ProblemKind,
    /// The agreement's number, the audit entry's seq, or empty for the whole database.
    pub id: String,
    /// What is wrong, in Chinese.
    pub detail: String,
}

/// The result of checking the whole archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VerifyReport {
    /// Agreements checked.
    pub checked: u64,
    pub ok: bool,
    pub problems: Vec<Problem>,
    /// The audit chain's head as checked (before the `verified` entry this check
    /// appends): write it down, or keep it, as an anchor for the next check.
    pub head: ChainHead,
}

/// What the QR code of a paper copy says about it, checked against the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScanReport {
    /// The number printed in the code.
    pub number: String,
    /// The archive's record of it, when there is one.
    pub agreement: Option<AgreementRecord>,
    /// The paper copy and the archive agree: same content, same history up to the
    /// chain position printed on it.
    pub ok: bool,
    /// `scan_unknown`, `content_hash_mismatch`, `anchor_mismatch`.
    pub problems: Vec<Problem>,
}

/// An archive an earlier restore replaced, or its key file, still in the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OldCopy {
    /// File name, e.g. `signdesk.db.before-restore-20271201T101500`.
    pub name: String,
    pub bytes: u64,
}

/// A backup written and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupReport {
    pub path: String,
    pub bytes: u64,
    pub agreements: u64,
    /// SHA-256 of the backup file.
    pub sha256: String,
}

/// A restore done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreReport {
    /// The archive now in use.
    pub path: String,
    /// The backup it was restored from.
    pub from: String,
    pub bytes: u64,
    pub agreements: u64,
    pub sha256: String,
    /// Where the archive it replaced is kept (none when there was none).
    pub previous: Option<String>,
}

/// Where the desktop app's session stands: no archive yet, an archive waiting for the
/// organiser passphrase, or open — or the group view (`--group URL`, or 「打开集团档案库」
/// on the first screen), read-only, with no desk archive at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionPhase {
    Empty,
    Locked,
    Open,
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionState {
    pub phase: SessionPhase,
    /// Known before unlocking (from the key file), so the unlock screen can name it.
    pub organisation: Option<String>,
    pub data_dir: String,
    /// Kiosk mode holds the open desk (it is never locked for idleness then).
    pub kiosk: bool,
    /// Idle time after which the desk locks itself.
    pub idle_lock_seconds: u32,
}
