//! `signdesk-cli verify`: check the whole archive (SQLite integrity, every PDF's hash
//! and seal, every content hash, the audit chain). Exit code 0 when everything holds,
//! 1 when anything is wrong (the report lists each problem) or the check cannot run.

use std::process::ExitCode;

use clap::Args;
use signdesk_core::evidence::{fingerprint, Anchor};
use signdesk_core::trust::VerifyOptions;
use signdesk_core::{CoreError, Desk, ErrorKind};

use crate::output;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// 存证锚点：导出的 manifest.csv、备份文件 .sdbak，或“条数:摘要”（协议签署记录页上
    /// 印的）/ an anchor taken earlier: an export's manifest.csv, a .sdbak backup, or
    /// N:HASH as printed on a record page
    #[arg(long)]
    pub anchor: Option<String>,
    /// 以先前导出的根证书核验数字签名（而不是档案库中存的）/ check the seals against
    /// a root certificate exported earlier instead of the stored one
    #[arg(long, value_name = "ROOT.pem")]
    pub root: Option<std::path::PathBuf>,
    /// 只核对一份纸质协议：签署记录页二维码扫出的文字（SIGNDESK:…）/ check one paper
    /// copy only: the text its record page's QR code reads as
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["anchor", "root"])]
    pub scan: Option<String>,
}

fn options(args: &VerifyArgs) -> Result<VerifyOptions, CoreError> {
    let anchor = args.anchor.as_deref().map(Anchor::read).transpose()?;
    let root_der = match &args.root {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CoreError::io(ErrorKind::FileUnreadable, "无法读取根证书", path, &e)
            })?;
            Some(
                signdesk_core::evidence::root_from_pem(&text).ok_or_else(|| {
                    CoreError::invalid(
                        ErrorKind::BadArgument,
                        format!("{} 中没有证书（应为 PEM 格式的根证书）", path.display()),
                    )
                })?,
            )
        }
    };
    Ok(VerifyOptions { anchor, root_der })
}

fn scan(desk: &Desk, text: &str, json: bool) -> Result<ExitCode, CoreError> {
    let report = desk.resolve_scan(text)?;
    if json {
        output::json(&report)?;
    } else {
        if let Some(a) = &report.agreement {
            println!(
                "{}  {}  {}  {}年  签署于 {}{}",
                a.number,
                a.signer,
                a.department,
                a.year,
                a.signed_at,
                if a.void.is_some() {
                    "  （已作废）"
                } else {
                    ""
                }
            );
        }
        for p in &report.problems {
            println!("✗ [{}] {}", p.kind, p.detail);
        }
        if report.ok {
            println!("✓ 纸质协议与档案库记录一致（内容摘要与存证链位置均相符）");
        }
    }
    if report.ok {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("错误：纸质协议 {} 与档案库记录不符", report.number);
        Ok(ExitCode::from(1))
    }
}

pub fn run(desk: &mut Desk, args: &VerifyArgs, json: bool) -> Result<ExitCode, CoreError> {
    if let Some(text) = &args.scan {
        return scan(desk, text, json);
    }
    let report = {
        let bar = crate::progress::bar(json);
        desk.verify_with(&options(args)?, &bar.job)?
    };
    if json {
        output::json(&report)?;
    } else {
        for p in &report.problems {
            let id = if p.id.is_empty() {
                "—"
            } else {
                p.id.as_str()
            };
            println!("✗ [{}] {}：{}", p.kind, id, p.detail);
        }
        if report.ok {
            println!("✓ 档案库完好：已核验 {} 份协议及审计日志", report.checked);
        }
        println!(
            "存证链位置：{}:{}（指纹 {}，可抄下作为下次核验的锚点）",
            report.head.entries,
            report.head.hash,
            fingerprint(&report.head.hash)
        );
    }
    if report.ok {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "错误：核验发现 {} 个问题（已核验 {} 份协议）",
            report.problems.len(),
            report.checked
        );
        Ok(ExitCode::from(1))
    }
}
