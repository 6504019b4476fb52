//! `signdesk-cli print [filters] [QUERY] (--printer NAME | --merged-pdf FILE)` and
//! `signdesk-cli printers`.

use signdesk_core::ErrorKind;
use std::path::PathBuf;

use clap::{ArgGroup, Args};
use signdesk_core::{CoreError, Desk};

use crate::commands::search::FilterArgs;
use crate::output;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("target").required(true).args(["printer", "merged_pdf"])))]
pub struct PrintArgs {
    /// 只打印与此匹配的协议（同 search）/ only agreements matching this query
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// 直接发送到打印机（见 printers）/ send to this printer
    #[arg(long, value_name = "NAME")]
    pub printer: Option<String>,
    /// 生成一个合并的 PDF（含全部份数）/ write one merged PDF, copies included
    #[arg(long, value_name = "FILE")]
    pub merged_pdf: Option<PathBuf>,
}

pub fn run(desk: &mut Desk, args: &PrintArgs, json: bool) -> Result<(), CoreError> {
    let filters = args.filters.filters(&args.query)?;
    let bar = crate::progress::bar(json);
    let r = match (&args.printer, &args.merged_pdf) {
        (Some(p), _) => desk.print(&filters, p, &bar.job)?,
        (None, Some(f)) => desk.print_merged_pdf(&filters, f, &bar.job)?,
        (None, None) => {
            return Err(CoreError::invalid(
                ErrorKind::Usage,
                "请指定 --printer 或 --merged-pdf",
            ))
        }
    };
    drop(bar);
    if json {
        return output::json(&r);
    }
    match &r.job {
        Some(job) => println!(
            "已发送到 {}（任务 {job}）：{} 份协议，共 {} 页",
            r.target, r.agreements, r.pages
        ),
        None => println!(
            "已生成 {}：{} 份协议，共 {} 页",
            r.target, r.agreements, r.pages
        ),
    }
    Ok(())
}

pub fn printers(desk: &Desk, json: bool) -> Result<(), CoreError> {
    let list = desk.printers()?;
    if json {
        return output::json(&list);
    }
    if list.is_empty() {
        println!("没有可用的打印机");
    }
    for p in &list {
        let mark = if p.default { "（默认）" } else { "" };
        let acc = if p.accepting {
            "接受任务"
        } else {
            "不接受任务"
        };
        println!("{}{}  {}  {}", p.name, mark, p.state, acc);
    }
    Ok(())
}
