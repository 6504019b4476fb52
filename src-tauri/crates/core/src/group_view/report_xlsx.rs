//! 年度考核汇总 of the group as an .xlsx (the desk's report writer): per site and
//! department, and every person's current result.

use signdesk_group::report::{PersonResult, YearReport};
use signdesk_output::report_xlsx::{Cell, Sheet};

use crate::CoreError;

fn count(n: i64) -> Cell {
    Cell::Number(n as f64)
}

/// The workbook's bytes.
pub fn workbook(report: &YearReport, people: &[PersonResult]) -> Result<Vec<u8>, CoreError> {
    let summary = Sheet {
        name: format!("{}年度汇总", report.year),
        headers: [
            "站点",
            "部门",
            "已签",
            "已考核",
            "平均分",
            "达奖励线",
            "低于合格线",
            "已确认",
        ]
        .map(String::from)
        .to_vec(),
        rows: report
            .departments
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(d.site.clone()),
                    Cell::Text(d.department.clone()),
                    count(d.signed),
                    count(d.assessed),
                    d.mean
                        .map_or(Cell::Empty, |m| Cell::Number((m * 100.0).round() / 100.0)),
                    count(d.rewarded),
                    count(d.below_pass),
                    count(d.acknowledged),
                ]
            })
            .collect(),
    };
    let detail = Sheet {
        name: "考核明细".into(),
        headers: [
            "站点",
            "部门",
            "协议编号",
            "签约人",
            "工号",
            "得分",
            "结果",
            "本人已确认",
        ]
        .map(String::from)
        .to_vec(),
        rows: people
            .iter()
            .map(|p| {
                let verdict = match (p.score_value, p.reward_value, p.pass_value) {
                    (None, ..) => "未考核",
                    (Some(s), Some(r), _) if s >= r => "达到奖励线",
                    (Some(s), _, Some(pass)) if s < pass => "低于合格线",
                    _ => "合格",
                };
                vec![
                    Cell::Text(p.site.clone()),
                    Cell::Text(p.department.clone()),
                    Cell::Text(p.number.clone()),
                    Cell::Text(p.signer.clone()),
                    p.employee_no.clone().map_or(Cell::Empty, Cell::Text),
                    p.score_value.map_or(Cell::Empty, Cell::Number),
                    Cell::Text(verdict.into()),
                    Cell::Text(if p.acknowledged { "是" } else { "" }.into()),
                ]
            })
            .collect(),
    };
    Ok(signdesk_output::report_xlsx::write(&summary, &detail)?)
}
