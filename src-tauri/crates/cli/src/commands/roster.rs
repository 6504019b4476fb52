//! `signdesk-cli roster import FILE [--commit]`: preview a staff list (CSV or .xlsx)
//! with its row errors; with `--commit`, save it — all rows or none.

use signdesk_core::ErrorKind;
use std::path::PathBuf;

use clap::Subcommand;
use signdesk_core::dto::RosterImport;
use signdesk_core::{CoreError, Desk, Job};

use crate::output;

#[derive(Subcommand)]
pub enum RosterCommand {
    /// 导入人员名单（CSV 或 .xlsx）：默认只预览，--commit 才保存 / preview a staff list; --commit saves it
    Import {
        /// 名单文件（第一行为表头：姓名、工号、部门、岗位）/ the roster file (header row: name, employee no, department, position)
        file: PathBuf,
        /// 没有错误时保存（有任何错误则一人都不保存）/ save when error-free (any error saves nobody)
        #[arg(long)]
        commit: bool,
    },
}

pub fn run(desk: &mut Desk, cmd: &RosterCommand, json: bool) -> Result<(), CoreError> {
    let RosterCommand::Import { file, commit } = cmd;
    let bytes = std::fs::read(file)
        .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取文件", file, &e))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if json {
        let done = desk.import_roster(&name, &bytes, *commit, &Job::silent())?;
        return output::json(&done);
    }
    // Show the rows first, so a refused commit still tells what to fix.
    let preview = desk.import_roster(&name, &bytes, false, &Job::silent())?;
    print_preview(&preview);
    if *commit {
        let done = {
            let bar = crate::progress::bar(json);
            desk.import_roster(&name, &bytes, true, &bar.job)?
        };
        println!(
            "已保存 {} 人（新增 {} 人，其余按工号匹配到已有人员）",
            done.saved, done.created
        );
    } else if preview.preview.errors_count == 0 && preview.preview.file_errors.is_empty() {
        println!("没有错误。加 --commit 保存。");
    }
    Ok(())
}

fn print_preview(r: &RosterImport) {
    let p = &r.preview;
    println!(
        "{}：{} 人，编码 {}，表头在第 {} 行",
        p.file_name,
        p.rows.len(),
        p.encoding,
        p.header_line
    );
    for row in &p.rows {
        let mark = if row.errors.is_empty() { "  " } else { "✗ " };
        println!(
            "{mark}第 {} 行\t{}\t{}\t{}\t{}",
            row.line,
            row.name,
            row.employee_no.as_deref().unwrap_or("-"),
            row.department,
            row.position
        );
        for e in &row.errors {
            println!("      {}", e.message);
        }
    }
    for e in &p.file_errors {
        println!("✗ {}", e.message);
    }
    for n in &p.notes {
        println!("注：{n}");
    }
    if p.errors_count > 0 {
        println!("{} 行有错误", p.errors_count);
    }
}
