//! `signdesk-cli assess scheme|set|import|show|report|pdf`: the year's assessment.
//!
//! Scores are exact decimals in the core (text on the wire to the UI); in `--json`
//! here they are JSON numbers, as scripts expect (`"points": 60`, `"score": 95.5`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;
use serde_json::Value as Json;
use signdesk_core::assess::{AssessInput, ResultsFile};
use signdesk_core::assessment::display::{self, Sign};
use signdesk_core::assessment::{read_cell, Decimal};
use signdesk_core::{AssessmentSource, CoreError, Desk, ErrorKind, Year};

use crate::output;

#[derive(Subcommand)]
pub enum AssessCommand {
    /// 模板的考核方案 / a template's assessment scheme
    Scheme {
        /// 模板编号 / template id
        template: String,
        /// 版本（默认最新）/ version (default: latest)
        #[arg(long)]
        version: Option<u32>,
    },
    /// 录入一份协议的考核结果 / enter one agreement's result
    Set {
        /// 协议编号 / agreement number
        number: String,
        /// 考核项=值，可重复：安全责任=55、安检考核基准线=89% / item=value, repeatable
        #[arg(long = "value", value_name = "项=值")]
        values: Vec<String>,
        /// 人工调整分数（需填原因）/ manual adjustment (needs --reason)
        #[arg(long, allow_hyphen_values = true)]
        adjust: Option<String>,
        /// 原因：人工调整或更正已有结果时必填 / reason, required to adjust or correct
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 从 CSV 或 .xlsx 导入考核结果（有错误时一行也不保存）/ import results; nothing saved while any row is wrong
    Import {
        file: PathBuf,
        /// 协议年度 / the agreements' year
        #[arg(long)]
        year: i32,
        /// 只考核这个模板的协议 / only agreements of this template
        #[arg(long)]
        template: Option<String>,
        /// 更正已有结果时的原因 / reason, when rows change earlier results
        #[arg(long, default_value = "")]
        reason: String,
        /// 只检查，不保存 / check only, save nothing
        #[arg(long)]
        check: bool,
    },
    /// 一份协议的考核结果（每项得分及依据）/ one agreement's result, item by item
    Show { number: String },
    /// 年度考核汇总（按部门）/ the year's report per department
    Report {
        #[arg(long)]
        year: i32,
        /// 同时写出 Excel 文件 / also write the report as .xlsx
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// 写出考核结果单 PDF / write the result page as PDF
    Pdf {
        number: String,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Fields that hold exact decimals as text, printed as JSON numbers.
const DECIMALS: &[&str] = &[
    "total",
    "points",
    "reward_line",
    "pass_line",
    "coefficient",
    "weight",
    "baseline",
    "per_point",
    "bonus_per_point",
    "bonus_cap",
    "deduct_cap",
    "score",
    "adjustment",
    "max",
];

fn numbers(v: &mut Json) {
    match v {
        Json::Object(map) => {
            for (k, x) in map.iter_mut() {
                if let (true, Json::String(s)) = (DECIMALS.contains(&k.as_str()), &*x) {
                    if let Some(n) = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                        *x = Json::Number(n);
                        continue;
                    }
                }
                numbers(x);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(numbers),
        _ => {}
    }
}

fn print_json<T: Serialize>(value: &T) -> Result<(), CoreError> {
    let mut v = serde_json::to_value(value).map_err(|e| CoreError::internal("无法生成 JSON", e))?;
    numbers(&mut v);
    output::json(&v)
}

fn year(y: i32) -> Result<Year, CoreError> {
    Year::new(y).map_err(|e| CoreError::invalid(ErrorKind::BadArgument, e.to_string()))
}

fn bad(m: String) -> CoreError {
    CoreError::invalid(ErrorKind::BadArgument, m)
}

/// `安全责任=55` → the item's key and value, by the agreement's scheme.
fn values(
    desk: &Desk,
    number: &str,
    given: &[String],
) -> Result<BTreeMap<String, signdesk_core::assessment::Value>, CoreError> {
    let scheme = desk.agreement_scheme(number)?;
    let mut out = BTreeMap::new();
    for g in given {
        let (label, text) = g
            .split_once(['=', '＝'])
            .ok_or_else(|| bad(format!("“{g}”应写成 考核项=值，例如 安全责任=55")))?;
        let item = scheme.item_for_header(label).ok_or_else(|| {
            let labels: Vec<String> = scheme.items().into_iter().map(|i| i.label).collect();
            bad(format!(
                "考核方案中没有“{label}”；考核项有：{}",
                labels.join("、")
            ))
        })?;
        match read_cell(&scheme, &item, text) {
            Ok(Some(v)) => {
                out.insert(item.key, v);
            }
            Ok(None) => {}
            Err(m) => return Err(CoreError::invalid(ErrorKind::InvalidAssessment, m.0)),
        }
    }
    Ok(out)
}

pub fn run(desk: &mut Desk, cmd: &AssessCommand, json: bool) -> Result<ExitCode, CoreError> {
    match cmd {
        AssessCommand::Scheme { template, version } => scheme(desk, template, *version, json)?,
        AssessCommand::Set {
            number,
            values: given,
            adjust,
            reason,
        } => set(desk, number, given, adjust.as_deref(), reason, json)?,
        AssessCommand::Import {
            file,
            year: y,
            template,
            reason,
            check,
        } => return import(desk, file, *y, template.as_deref(), reason, !check, json),
        AssessCommand::Show { number } => show(desk, number, json)?,
        AssessCommand::Report { year: y, xlsx } => report(desk, year(*y)?, xlsx.as_deref(), json)?,
        AssessCommand::Pdf { number, out } => pdf(desk, number, out, json)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn scheme(desk: &Desk, template: &str, version: Option<u32>, json: bool) -> Result<(), CoreError> {
    let s = desk.template_scheme(template, version)?;
    if json {
        return print_json(&s);
    }
    if !s.is_stated() {
        println!("模板 {template} 的正文没有写明考核方案");
        return Ok(());
    }
    for i in s.items() {
        let max = i
            .max
            .map(|m| format!(" {} 分", display::points(m, Sign::Minus)))
            .unwrap_or_default();
        println!("{}{max}", i.label);
    }
    if let Some(r) = s.reward_line {
        println!(
            "奖励线 {} 分，合格线 {} 分",
            display::points(r, Sign::Minus),
            display::points(s.pass_line, Sign::Minus)
        );
    }
    for d in &s.doubts {
        println!("请核对：{d}");
    }
    Ok(())
}

fn set(
    desk: &mut Desk,
    number: &str,
    given: &[String],
    adjust: Option<&str>,
    reason: &str,
    json: bool,
) -> Result<(), CoreError> {
    let adjustment = adjust
        .map(|a| {
            a.trim()
                .parse::<Decimal>()
                .map_err(|_| bad(format!("调整分数“{a}”不是数字")))
        })
        .transpose()?;
    let input = AssessInput {
        number: number.to_string(),
        values: values(desk, number, given)?,
        adjustment,
        reason: reason.to_string(),
    };
    let stored = desk.assess(&[input], AssessmentSource::Cli)?;
    let v = match stored.into_iter().next() {
        Some(v) => v,
        None => desk.assessment(number)?,
    };
    if json {
        return print_json(&show_json(&v));
    }
    println!(
        "{} {}：{} 分（第 {} 版）",
        v.number,
        v.signer_name,
        display::points(v.score, Sign::Minus),
        v.version
    );
    Ok(())
}

/// Exit 1 when a row names nobody or is wrong (then nothing was saved).
fn import(
    desk: &mut Desk,
    file: &Path,
    y: i32,
    template: Option<&str>,
    reason: &str,
    save: bool,
    json: bool,
) -> Result<ExitCode, CoreError> {
    let bytes = std::fs::read(file)
        .map_err(|e| CoreError::io(ErrorKind::BadArgument, "无法读取", file, &e))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = ResultsFile {
        name: &name,
        bytes: &bytes,
        year: year(y)?,
        template,
    };
    let r = {
        let bar = crate::progress::bar(json);
        desk.import_assessments(file, reason, save, &bar.job)?
    };
    if json {
        print_json(&r)?;
    } else {
        for n in &r.notes {
            println!("{n}");
        }
        for u in &r.unmatched {
            println!("第 {} 行：{}", u.line, u.message);
        }
        for e in &r.errors {
            println!("第 {} 行：{}", e.line, e.message);
        }
        if r.saved {
            println!(
                "已保存 {} 人的考核结果（未变 {}，未填 {}）",
                r.assessed, r.unchanged, r.skipped
            );
        } else if r.errors.is_empty() && r.unmatched.is_empty() {
            println!("检查通过，未保存（去掉 --check 即保存）");
        } else {
            println!("有错误，一行也没有保存");
        }
    }
    if !r.errors.is_empty() || !r.unmatched.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn show(desk: &Desk, number: &str, json: bool) -> Result<(), CoreError> {
    let v = desk.assessment(number)?;
    if json {
        return print_json(&show_json(&v));
    }
    println!(
        "{} {} {}年度：{} 分（第 {} 版）",
        v.number,
        v.signer_name,
        v.year,
        display::points(v.score, Sign::Minus),
        v.version
    );
    for l in &v.lines {
        println!("  {}：{} 分 — {}", l.label, l.shown_points(), l.rule);
    }
    Ok(())
}

fn report(desk: &Desk, year: Year, xlsx: Option<&Path>, json: bool) -> Result<(), CoreError> {
    let r = desk.assessment_report(year)?;
    if let Some(path) = xlsx {
        let bytes = desk.assessment_report_xlsx(year)?;
        std::fs::write(path, bytes)
            .map_err(|e| CoreError::io(ErrorKind::BadArgument, "无法写入", path, &e))?;
    }
    if json {
        return print_json(&r);
    }
    println!(
        "{} 年度：已签署 {}，已考核 {}",
        r.year, r.signed, r.assessed
    );
    for d in &r.departments {
        let mean = d.mean.map(display::mean).unwrap_or_else(|| "—".into());
        println!(
            "  {}：已签署 {}，已考核 {}，平均 {mean}，达到奖励线 {}，低于 60 分 {}",
            if d.department.is_empty() {
                "（未填部门）"
            } else {
                &d.department
            },
            d.signed,
            d.assessed,
            d.above_reward,
            d.below_pass
        );
    }
    Ok(())
}

fn pdf(desk: &mut Desk, number: &str, out: &Path, json: bool) -> Result<(), CoreError> {
    let pdf = desk.assessment_pdf(number)?;
    std::fs::write(out, &pdf)
        .map_err(|e| CoreError::io(ErrorKind::BadArgument, "无法写入", out, &e))?;
    if json {
        output::json(&serde_json::json!({ "number": number, "path": out, "bytes": pdf.len() }))
    } else {
        println!("已写出 {}", out.display());
        Ok(())
    }
}

/// `{number, score, parts:[{label, points, rule}], …}`: the result's lines are its parts.
fn show_json(v: &signdesk_core::assess::AssessmentView) -> Json {
    let mut j = serde_json::to_value(v).unwrap_or_default();
    if let Json::Object(map) = &mut j {
        if let Some(lines) = map.remove("lines") {
            map.insert("parts".into(), lines);
        }
    }
    j
}
