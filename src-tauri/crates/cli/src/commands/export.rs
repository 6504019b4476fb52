//! `signdesk-cli export [filters] [QUERY] --out DIR`.

use std::path::PathBuf;

use clap::Args;
use signdesk_core::{CoreError, Desk};

use crate::commands::search::FilterArgs;
use crate::output;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// 只导出与此匹配的协议（同 search）/ only agreements matching this query
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// 目标文件夹：在其中新建「签约台导出-日期-时间」文件夹 / destination folder
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(desk: &mut Desk, args: &ExportArgs, json: bool) -> Result<(), CoreError> {
    let filters = args.filters.filters(&args.query)?;
    let r = {
        let bar = crate::progress::bar(json);
        desk.export(&filters, &args.out, &bar.job)?
    };
    if json {
        return output::json(&r);
    }
    println!(
        "已导出 {} 份协议（{:.1} MB）到 {}",
        r.files,
        r.bytes as f64 / 1e6,
        r.folder
    );
    println!(
        "清单：{}",
        std::path::Path::new(&r.folder)
            .join("manifest.csv")
            .display()
    );
    Ok(())
}
