//! `signdesk-cli sign`: sign one agreement outside a ceremony (signatures from PNG
//! files) and archive it.

use signdesk_core::ErrorKind;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use signdesk_core::signing::{SignRequest, SignatureInput, SignerInput};
use signdesk_core::{CoreError, Desk};

use crate::output;

mod batch;

#[derive(Args)]
pub struct SignArgs {
    /// 模板编号 / template id
    #[arg(long)]
    template: String,
    /// 模板版本（默认最新）/ template version (default: latest)
    #[arg(long)]
    version: Option<u32>,
    /// 签约人姓名 / the signer's name
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    signer: Option<String>,
    /// 工号 / employee number
    #[arg(long)]
    employee_no: Option<String>,
    /// 部门 / department
    #[arg(long, default_value = "")]
    department: String,
    /// 岗位 / position
    #[arg(long, default_value = "")]
    position: String,
    /// 年度（默认今年）/ year (default: this year)
    #[arg(long)]
    year: Option<i32>,
    /// 待填项 KEY=VALUE，可重复 / a blank's value, repeatable
    #[arg(long = "field", value_name = "KEY=VALUE")]
    fields: Vec<String>,
    /// 签名图片 ROLE=FILE.png，可重复 / a role's signature image, repeatable
    #[arg(long = "signature", value_name = "ROLE=FILE.png")]
    signatures: Vec<String>,
    /// 发约方签名人 ROLE=NAME，可重复 / who signs for an organisation role
    #[arg(long = "signed-by", value_name = "ROLE=NAME")]
    signed_by: Vec<String>,
    /// 另存一份 PDF（批量时为文件夹）/ also write the PDF here (a folder with --batch)
    #[arg(long)]
    out: Option<PathBuf>,
    /// 批量签署表（CSV/.xlsx）：表头 姓名、工号、部门、各角色的签名图片路径、
    /// name:角色、field:空白项；全部检查无误后逐行签署
    /// / a table of signers: every row is checked before the first is signed
    #[arg(long, value_name = "FILE")]
    batch: Option<PathBuf>,
}

fn pair<'a>(what: &str, s: &'a str) -> Result<(&'a str, &'a str), CoreError> {
    s.split_once('=')
        .filter(|(k, _)| !k.trim().is_empty())
        .map(|(k, v)| (k.trim(), v))
        .ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::BadArgument,
                format!("{what}应写成 KEY=VALUE：{s}"),
            )
        })
}

pub fn run(desk: &mut Desk, a: &SignArgs, json: bool) -> Result<ExitCode, CoreError> {
    if let Some(table) = &a.batch {
        return batch::run(desk, a, table, json);
    }
    let mut values = BTreeMap::new();
    for f in &a.fields {
        let (k, v) = pair("--field ", f)?;
        values.insert(k.to_string(), v.to_string());
    }
    let mut names = BTreeMap::new();
    for s in &a.signed_by {
        let (k, v) = pair("--signed-by ", s)?;
        names.insert(k.to_string(), v.to_string());
    }
    let mut signatures = Vec::new();
    for s in &a.signatures {
        let (role, file) = pair("--signature ", s)?;
        let png = std::fs::read(file).map_err(|e| {
            CoreError::io(
                ErrorKind::FileUnreadable,
                "无法读取签名图片",
                std::path::Path::new(file),
                &e,
            )
        })?;
        let strokes = PathBuf::from(file).with_extension("strokes.json");
        signatures.push(SignatureInput {
            role_key: role.to_string(),
            signer_name: names.get(role).cloned(),
            png,
            strokes_json: std::fs::read_to_string(strokes).unwrap_or_default(),
        });
    }
    let outcome = desk.sign(&SignRequest {
        template_id: a.template.clone(),
        version: a.version,
        signer: SignerInput {
            name: a.signer.clone().unwrap_or_default(),
            employee_no: a.employee_no.clone(),
            department: a.department.clone(),
            position: a.position.clone(),
        },
        year: a.year,
        values,
        signatures,
        device: device_name(),
    })?;
    if let Some(out) = &a.out {
        let pdf = desk.agreement_pdf(outcome.id)?;
        std::fs::write(out, pdf)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "已归档，但无法写出", out, &e))?;
    }
    if json {
        output::json(&outcome)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "已签署并归档：{}（{} 页，{} 字节）",
        outcome.number, outcome.pages, outcome.bytes
    );
    println!("内容摘要 SHA-256：{}", outcome.sha256);
    Ok(ExitCode::SUCCESS)
}

fn device_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "本机".into());
    format!("{host}（signdesk-cli）")
}
