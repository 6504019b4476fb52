//! `signdesk-cli seal export-root --out FILE`: write the installation's root
//! certificate (PEM) so an auditor's PDF reader can trust the seal on our PDFs.

use signdesk_core::ErrorKind;
use std::path::PathBuf;

use clap::Subcommand;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Subcommand)]
pub enum SealCommand {
    /// 导出本机根证书（PEM）/ export the installation's root certificate (PEM)
    ExportRoot {
        /// 输出文件 / output file
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(desk: &mut Desk, cmd: &SealCommand, as_json: bool) -> Result<(), CoreError> {
    match cmd {
        SealCommand::ExportRoot { out } => {
            let pem = desk.seal_root_pem()?;
            std::fs::write(out, &pem)
                .map_err(|e| CoreError::io(ErrorKind::Io, "无法写入", out, &e))?;
            if as_json {
                output::json(&serde_json::json!({ "out": out, "bytes": pem.len() }))
            } else {
                println!("已导出根证书：{}", out.display());
                Ok(())
            }
        }
    }
}
