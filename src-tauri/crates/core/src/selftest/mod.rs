//! 自检 (issue 27): the first run on a customer's machine is a measurement. Each check
//! runs on this machine — in a temporary archive deleted afterwards, so the real
//! archive is never touched — and is reported as passed, failed or not applicable with
//! its detail and time. The run never stops at a failure; it ends with a one-page
//! sealed PDF report and the same as JSON, for an administrator to send back.
//!
//! - `machine.rs`: the OS, the web view, the data folder, printers, removable drives,
//!   an OS kiosk session, the screen and its touch/pen input, the clock;
//! - `archive.rs`: a temporary archive made, opened (the passphrase derivation
//!   timed), an agreement with rare-name characters rendered from the bundled fonts
//!   only, signed, sealed and verified, found, exported, backed up and restored;
//! - `report.rs`: the report PDF (sealed with the temporary installation, whose root
//!   is written beside it) and the JSON file.

mod archive;
mod machine;
mod report;
pub mod testpage;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use signdesk_base::{Job, WorkStage};
use ts_rs::TS;

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    Failed,
    NotApplicable,
}

/// One check of the self-test, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckKey {
    Os,
    Webview,
    DataFolder,
    ArchiveCreate,
    PassphraseDerivation,
    RareNames,
    SignSealVerify,
    Search,
    Export,
    BackupRestore,
    Printers,
    RemovableDrives,
    OsKiosk,
    Screen,
    Clock,
}

impl CheckKey {
    /// The check's name in the report.
    pub fn label(self) -> &'static str {
        match self {
            CheckKey::Os => "操作系统",
            CheckKey::Webview => "网页视图（WebView）",
            CheckKey::DataFolder => "数据文件夹",
            CheckKey::ArchiveCreate => "新建档案库",
            CheckKey::PassphraseDerivation => "口令密钥派生",
            CheckKey::RareNames => "生僻字排版",
            CheckKey::SignSealVerify => "签署、盖章与核验",
            CheckKey::Search => "搜索",
            CheckKey::Export => "导出",
            CheckKey::BackupRestore => "备份与恢复",
            CheckKey::Printers => "打印机",
            CheckKey::RemovableDrives => "可移动磁盘",
            CheckKey::OsKiosk => "系统锁定会话",
            CheckKey::Screen => "屏幕与触控",
            CheckKey::Clock => "系统时间",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SelfCheck {
    pub key: CheckKey,
    pub label: String,
    pub status: CheckStatus,
    pub detail: String,
    #[ts(type = "number")]
    pub millis: u64,
}

/// The screen as the window sees it (the CLI has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScreenInfo {
    pub width: u32,
    pub height: u32,
    pub scale: f64,
    /// `navigator.maxTouchPoints`.
    pub touch_points: u32,
    /// Whether a pen (stylus) pointer was seen or the device reports one.
    pub pen: bool,
}

/// What the caller knows that the self-test cannot find itself.
#[derive(Debug, Clone, Default)]
pub struct SelfTestEnv {
    /// The real data folder: only checked (a file made and removed), never opened.
    pub data_dir: Option<PathBuf>,
    /// `WebKitGTK 2.44.0` / `WebView2 120.0…`; `None` from the CLI.
    pub webview: Option<String>,
    /// The app runs the test: a missing web view is a failure, not "not applicable".
    pub webview_expected: bool,
    pub screen: Option<ScreenInfo>,
    /// The real archive's last signing time (RFC 3339), when it is unlocked.
    pub last_signed_at: Option<String>,
    /// Where the report files go (a folder; made when missing).
    pub out: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SelfTestReport {
    /// `自检-20271206-101500`: names the files, printed on the report.
    pub id: String,
    pub started_at: String,
    pub program_version: String,
    pub ok: bool,
    #[ts(type = "number")]
    pub passed: u32,
    #[ts(type = "number")]
    pub failed: u32,
    #[ts(type = "number")]
    pub not_applicable: u32,
    #[ts(type = "number")]
    pub millis: u64,
    pub checks: Vec<SelfCheck>,
    /// The sealed one-page report, its root certificate and the JSON file.
    pub report_pdf: Option<String>,
    pub root_pem: Option<String>,
    pub report_json: Option<String>,
    /// 「打印测试页」, when asked for after the checks: what its QR code holds.
    pub test_page: Option<testpage::TestPagePrinted>,
}

/// A check's outcome before it is timed and named.
pub(crate) type Outcome = (CheckStatus, String);

pub(crate) fn passed(detail: impl Into<String>) -> Outcome {
    (CheckStatus::Passed, detail.into())
}
pub(crate) fn failed(detail: impl Into<String>) -> Outcome {
    (CheckStatus::Failed, detail.into())
}
pub(crate) fn not_applicable(detail: impl Into<String>) -> Outcome {
    (CheckStatus::NotApplicable, detail.into())
}

/// Collects checks as they run, each timed, each reported to the job.
pub(crate) struct Checks<'j> {
    list: Vec<SelfCheck>,
    job: &'j Job,
}

impl Checks<'_> {
    pub(crate) fn run(&mut self, key: CheckKey, f: impl FnOnce() -> Outcome) {
        let _ = self
            .job
            .step(WorkStage::Check, self.list.len() as u64, TOTAL, key.label());
        let t = Instant::now();
        let (status, detail) = f();
        self.list.push(SelfCheck {
            key,
            label: key.label().to_string(),
            status,
            detail,
            millis: t.elapsed().as_millis() as u64,
        });
    }
}

const TOTAL: u64 = 15;

/// Runs every check; never fails as a whole (a check that cannot run is a failed
/// check). Writes the report files into `env.out`.
pub fn run(env: &SelfTestEnv, job: &Job) -> SelfTestReport {
    let start = Instant::now();
    let now = chrono::Local::now();
    let id = now.format("自检-%Y%m%d-%H%M%S").to_string();
    let mut checks = Checks {
        list: Vec::new(),
        job,
    };
    machine::before(&mut checks, env);
    let temp = archive::run(&mut checks);
    machine::after(&mut checks, env);
    let list = checks.list;
    let count = |s| list.iter().filter(|c| c.status == s).count() as u32;
    let mut report = SelfTestReport {
        id,
        started_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        ok: count(CheckStatus::Failed) == 0,
        passed: count(CheckStatus::Passed),
        failed: count(CheckStatus::Failed),
        not_applicable: count(CheckStatus::NotApplicable),
        millis: start.elapsed().as_millis() as u64,
        checks: list,
        report_pdf: None,
        root_pem: None,
        report_json: None,
        test_page: None,
    };
    report::write(&mut report, temp.as_ref(), &env.out);
    let _ = job.step(WorkStage::Check, TOTAL, TOTAL, "");
    report
}

/// 「打印测试页」 for `report` on `printer`; the report's JSON file is written again to
/// name the page (its QR code's text), so what comes back says which page is whose.
pub fn print_test_page(
    report: &mut SelfTestReport,
    printer: &str,
    job: &Job,
) -> Result<testpage::TestPagePrinted, crate::CoreError> {
    let printed = testpage::print(&report.id, printer, job)?;
    report.test_page = Some(printed.clone());
    if let Some(path) = &report.report_json {
        if let Ok(bytes) = serde_json::to_vec_pretty(&*report) {
            let _ = std::fs::write(path, bytes);
        }
    }
    Ok(printed)
}

/// Where reports go by default: `<data folder>/自检报告`.
pub fn default_out(data_dir: &Path) -> PathBuf {
    data_dir.join("自检报告")
}

impl crate::Desk {
    /// The archive's latest signing time, for the clock check of a self-test run
    /// while the desk is unlocked.
    pub fn last_signed_at(&self) -> Result<Option<String>, crate::CoreError> {
        Ok(signdesk_archive::agreements::last_signed_at(
            self.archive.read(),
        )?)
    }
}

impl crate::Desk {
    /// 设置 → 自检: the self-test with what the window knows (its web view, the screen)
    /// and this desk's data folder and last signing; the report goes to
    /// `<data folder>/自检报告`.
    pub fn self_test(
        &self,
        webview: Option<String>,
        screen: Option<ScreenInfo>,
        job: &Job,
    ) -> Result<SelfTestReport, crate::CoreError> {
        self.guard()?;
        let env = SelfTestEnv {
            data_dir: Some(self.data_dir.clone()),
            webview_expected: true,
            webview,
            screen,
            last_signed_at: self.last_signed_at()?,
            out: default_out(&self.data_dir),
        };
        Ok(run(&env, job))
    }
}

impl crate::Desk {
    /// 设置 → 自检 → 「打印测试页」 for the self-test `id` just run here: prints the page
    /// and names it in that report's JSON file (found by its id in `<data
    /// folder>/自检报告`, never by a path from the window).
    pub fn self_test_print_page(
        &self,
        id: &str,
        printer: &str,
        job: &Job,
    ) -> Result<testpage::TestPagePrinted, crate::CoreError> {
        self.guard()?;
        let well_formed = id.strip_prefix("自检-").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
        });
        if !well_formed {
            return Err(crate::CoreError::invalid(
                signdesk_base::ErrorKind::BadArgument,
                "请先运行自检，再打印测试页",
            ));
        }
        let printed = testpage::print(id, printer, job)?;
        let json = default_out(&self.data_dir).join(format!("{id}.json"));
        if let Some(mut v) = std::fs::read(&json)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        {
            v["test_page"] = serde_json::to_value(&printed).unwrap_or_default();
            if let Ok(bytes) = serde_json::to_vec_pretty(&v) {
                let _ = std::fs::write(&json, bytes);
            }
        }
        Ok(printed)
    }
}
