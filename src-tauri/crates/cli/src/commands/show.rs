//! `signdesk-cli show ID [--pdf FILE]`: an agreement's record (and its PDF).

use signdesk_core::ErrorKind;
use std::path::PathBuf;

use clap::Args;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// 协议 id / agreement id
    pub id: i64,
    /// 同时把签署的 PDF 保存到此文件 / also save the signed PDF here
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
}

pub fn run(desk: &Desk, args: &ShowArgs, json: bool) -> Result<(), CoreError> {
    let r = desk.agreement(args.id)?;
    if let Some(path) = &args.pdf {
        let bytes = desk.agreement_pdf(args.id)?;
        std::fs::write(path, bytes)
            .map_err(|e| CoreError::io(ErrorKind::Io, "无法写入", path, &e))?;
    }
    if json {
        return output::json(&r);
    }
    println!("编号：{}", r.number);
    println!("签署人：{}（{}）", r.signer, r.department);
    println!(
        "标题：{}（模板 {} 第 {} 版）",
        r.title, r.template, r.template_version
    );
    println!("签署时间：{}", r.signed_at);
    println!(
        "页数 {}，一式 {} 份，PDF SHA-256 {}",
        r.pages, r.copies, r.pdf_sha256
    );
    match &r.void {
        Some(v) => println!("状态：已作废（{}，{}，{}）", v.reason, v.voided_at, v.actor),
        None => println!("状态：已签署"),
    }
    Ok(())
}
