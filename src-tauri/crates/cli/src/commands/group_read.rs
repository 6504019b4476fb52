//! The group archive read for people and scripts: `group search | coverage | report |
//! verify | pdf` (issue 25).

use std::path::Path;

use signdesk_base::ErrorKind;
use signdesk_core::CoreError;
use signdesk_group as group;

use super::group::print;

pub struct SearchArgs<'a> {
    pub query: &'a str,
    pub year: Option<i32>,
    pub site: Option<&'a str>,
    pub department: Option<&'a str>,
    pub limit: i64,
}

pub fn search(client: &mut group::Client, a: &SearchArgs<'_>, json: bool) -> Result<(), CoreError> {
    group::schema::require_current(client)?;
    let q = group::search::Query {
        text: a.query.to_string(),
        year: a.year,
        site: a.site.map(str::to_string),
        department: a.department.map(str::to_string),
        limit: a.limit,
        offset: 0,
    };
    let found = group::search::search(client, &q)?;
    print(json, &found, || {
        let plus = if found.total_capped { "+" } else { "" };
        let mut lines = vec![format!("共 {}{plus} 份", found.total)];
        lines.extend(found.hits.iter().map(|h| {
            format!(
                "{}\t{}\t{}\t{}\t{}",
                h.site, h.number, h.signer, h.department, h.year
            )
        }));
        lines.join("\n")
    })
}

pub fn coverage(client: &mut group::Client, year: i32, json: bool) -> Result<(), CoreError> {
    group::schema::require_current(client)?;
    let c = group::coverage::coverage(client, year)?;
    print(json, &c, || {
        let mut lines = Vec::new();
        for s in &c.sites {
            for d in &s.departments {
                lines.push(format!(
                    "{}\t{}\t{}/{} 已签\t未签：{}",
                    s.site,
                    d.department,
                    d.signed,
                    d.people,
                    d.missing.join("、")
                ));
            }
        }
        lines.join("\n")
    })
}

pub fn report(
    client: &mut group::Client,
    year: i32,
    xlsx: Option<&Path>,
    json: bool,
) -> Result<(), CoreError> {
    group::schema::require_current(client)?;
    let r = group::report::report(client, year)?;
    if let Some(path) = xlsx {
        let people = group::report::people(client, year)?;
        let bytes = signdesk_core::group_view::report_xlsx::workbook(&r, &people)?;
        std::fs::write(path, bytes)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", path, &e))?;
    }
    print(json, &r, || {
        r.departments
            .iter()
            .map(|d| {
                format!(
                    "{}\t{}\t已签 {}\t已考核 {}\t平均 {}\t达奖励线 {}\t低于合格线 {}\t已确认 {}",
                    d.site,
                    d.department,
                    d.signed,
                    d.assessed,
                    d.mean
                        .map(|m| format!("{m:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    d.rewarded,
                    d.below_pass,
                    d.acknowledged
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Answers whether everything held.
pub fn verify(client: &mut group::Client, json: bool) -> Result<bool, CoreError> {
    let report = group::verify::verify(client)?;
    let ok = report.ok;
    print(json, &report, || {
        let mut lines = vec![format!(
            "核验了 {} 份协议、{} 条审计记录：{}",
            report.agreements,
            report.entries,
            if ok { "全部完好" } else { "发现问题" }
        )];
        lines.extend(
            report
                .problems
                .iter()
                .map(|p| format!("{}\t{}\t{}\t{}", p.kind, p.site, p.number, p.detail)),
        );
        lines.join("\n")
    })?;
    Ok(ok)
}

pub fn pdf(
    client: &mut group::Client,
    site: &str,
    number: &str,
    out: &Path,
    json: bool,
) -> Result<(), CoreError> {
    group::schema::require_current(client)?;
    let pdf = group::search::pdf(client, site, number)?.ok_or_else(|| {
        CoreError::invalid(
            ErrorKind::NotFound,
            format!("集团档案库中没有站点「{site}」的协议 {number}"),
        )
    })?;
    std::fs::write(out, &pdf)
        .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", out, &e))?;
    print(
        json,
        &serde_json::json!({ "file": out.display().to_string(), "bytes": pdf.len() }),
        || format!("已写入 {}", out.display()),
    )
}
