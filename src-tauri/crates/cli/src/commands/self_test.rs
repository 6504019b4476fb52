//! `signdesk-cli self-test [--out DIR] [--print-test-page PRINTER] --json` (issue 27): every check of the
//! self-test on this machine, in a temporary archive; the real archive is opened only
//! to read its last signing time, and only when its passphrase is at hand.

use std::path::PathBuf;

use clap::Args;
use signdesk_core::selftest::{self, CheckStatus, SelfTestEnv};
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Args, Debug)]
pub struct SelfTestArgs {
    /// 报告文件夹（默认为数据文件夹下的「自检报告」）/ report folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 自检后在这台打印机上打印一张带二维码的测试页（不加此项则不打印）/ print a test page on PRINTER
    #[arg(long, value_name = "PRINTER")]
    pub print_test_page: Option<String>,
}

/// Answers whether every check passed or did not apply.
pub fn run(dir: &std::path::Path, args: &SelfTestArgs, json: bool) -> Result<bool, CoreError> {
    let last_signed_at = match std::env::var(crate::unlock::PASSPHRASE_ENV) {
        Ok(p)
            if !p.is_empty()
                && matches!(
                    Desk::folder_state(dir),
                    signdesk_core::FolderState::Locked { .. }
                ) =>
        {
            Desk::open(dir, &p)
                .ok()
                .and_then(|d| d.last_signed_at().ok().flatten())
        }
        _ => None,
    };
    let env = SelfTestEnv {
        data_dir: Some(dir.to_path_buf()),
        webview: None,
        webview_expected: false,
        screen: None,
        last_signed_at,
        out: args
            .out
            .clone()
            .unwrap_or_else(|| selftest::default_out(dir)),
    };
    let mut report = {
        let bar = crate::progress::bar(json);
        selftest::run(&env, &bar.job)
    };
    if let Some(printer) = &args.print_test_page {
        let bar = crate::progress::bar(json);
        selftest::print_test_page(&mut report, printer, &bar.job)?;
    }
    if json {
        output::json(&report)?;
        return Ok(report.ok);
    }
    for c in &report.checks {
        let mark = match c.status {
            CheckStatus::Passed => "通过  ",
            CheckStatus::Failed => "未通过",
            CheckStatus::NotApplicable => "不适用",
        };
        println!("[{mark}] {}：{}（{} 毫秒）", c.label, c.detail, c.millis);
    }
    println!(
        "自检完成：{} 项通过，{} 项未通过，{} 项不适用，用时 {:.1} 秒",
        report.passed,
        report.failed,
        report.not_applicable,
        report.millis as f64 / 1000.0
    );
    if let Some(p) = &report.report_pdf {
        println!("报告：{p}");
    }
    if let Some(p) = &report.report_json {
        println!("JSON：{p}");
    }
    if let Some(t) = &report.test_page {
        println!(
            "测试页已发送到打印机「{}」，页上二维码的内容：{}",
            t.printer, t.code
        );
    }
    Ok(report.ok)
}
