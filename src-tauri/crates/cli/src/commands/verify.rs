//! `signdesk-cli verify`: check the whole archive (SQLite integrity, every PDF's hash
//! and seal, every content hash, the audit chain). Exit code 0 when everything holds,
//! 1 when anything is wrong (the report lists each problem) or the check cannot run.

use std::process::ExitCode;

use signdesk_core::{CoreError, Desk};

use crate::output;

pub fn run(desk: &mut Desk, json: bool) -> Result<ExitCode, CoreError> {
    let report = desk.verify()?;
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
