//! The year at a glance: per department, how many signed, how many assessed, the mean,
//! who is at or above the reward line and who is below the pass line (60), with the
//! distribution of scores by tens — for the report screen and its .xlsx.

use serde::{Deserialize, Serialize};
use signdesk_archive::assessments;
use signdesk_base::Year;
use ts_rs::TS;

use crate::{CoreError, Desk};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DepartmentReport {
    /// Empty for agreements signed without a department.
    pub department: String,
    pub signed: u32,
    pub assessed: u32,
    /// Mean current score, to two decimals; `None` while nobody is assessed.
    pub mean: Option<f64>,
    pub above_reward: u32,
    pub below_pass: u32,
    /// Scores by tens: 0–9, 10–19, …, 90–99, 100 and above.
    pub histogram: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct YearReport {
    pub year: i32,
    pub signed: u32,
    pub assessed: u32,
    pub mean: Option<f64>,
    pub above_reward: u32,
    pub below_pass: u32,
    pub histogram: Vec<u32>,
    pub departments: Vec<DepartmentReport>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Desk {
    pub fn assessment_report(&self, year: Year) -> Result<YearReport, CoreError> {
        self.guard()?;
        let rows = assessments::report(self.archive.read(), year.get())?;
        let mut total = YearReport {
            year: year.get(),
            signed: 0,
            assessed: 0,
            mean: None,
            above_reward: 0,
            below_pass: 0,
            histogram: vec![0; 11],
            departments: Vec::new(),
        };
        let mut sum = 0.0;
        for d in rows {
            total.signed += d.signed;
            total.assessed += d.assessed;
            total.above_reward += d.above_reward;
            total.below_pass += d.below_pass;
            sum += d.mean.unwrap_or(0.0) * f64::from(d.assessed);
            for (t, n) in total.histogram.iter_mut().zip(d.histogram) {
                *t += n;
            }
            total.departments.push(DepartmentReport {
                department: d.department,
                signed: d.signed,
                assessed: d.assessed,
                mean: d.mean.map(round2),
                above_reward: d.above_reward,
                below_pass: d.below_pass,
                histogram: d.histogram.to_vec(),
            });
        }
        if total.assessed > 0 {
            total.mean = Some(round2(sum / f64::from(total.assessed)));
        }
        Ok(total)
    }

    /// The report as an .xlsx workbook (汇总 per department, 明细 per person), with
    /// Chinese headers, for Excel and WPS.
    pub fn assessment_report_xlsx(&self, year: Year) -> Result<Vec<u8>, CoreError> {
        let report = self.assessment_report(year)?;
        let people = assessments::year_scores(self.archive.read(), year.get())?;
        Ok(signdesk_output::report_xlsx::write(
            &report_sheet(&report),
            &people_sheet(&people),
        )?)
    }
}

use signdesk_output::report_xlsx::{Cell, Sheet};

fn report_sheet(r: &YearReport) -> Sheet {
    let mut rows = Vec::new();
    let line = |name: &str, signed, assessed, mean: Option<f64>, above, below| {
        vec![
            Cell::Text(name.to_string()),
            Cell::Number(f64::from(signed)),
            Cell::Number(f64::from(assessed)),
            mean.map_or(Cell::Empty, Cell::Number),
            Cell::Number(f64::from(above)),
            Cell::Number(f64::from(below)),
        ]
    };
    for d in &r.departments {
        let name = if d.department.is_empty() {
            "（未填部门）"
        } else {
            &d.department
        };
        rows.push(line(
            name,
            d.signed,
            d.assessed,
            d.mean,
            d.above_reward,
            d.below_pass,
        ));
    }
    rows.push(line(
        "合计",
        r.signed,
        r.assessed,
        r.mean,
        r.above_reward,
        r.below_pass,
    ));
    Sheet {
        name: format!("{}年度汇总", r.year),
        headers: [
            "部门",
            "已签署",
            "已考核",
            "平均分",
            "达到奖励线",
            "低于60分",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn people_sheet(people: &[assessments::PersonScore]) -> Sheet {
    let rows = people
        .iter()
        .map(|p| {
            let verdict = match (p.score_value, p.reward_value, p.pass_value) {
                (None, _, _) => "未考核",
                (Some(s), Some(r), _) if s >= r => "达到奖励线",
                (Some(s), _, Some(pass)) if s < pass => "不合格",
                _ => "合格",
            };
            vec![
                Cell::Text(p.number.clone()),
                Cell::Text(p.signer_name.clone()),
                Cell::Text(p.employee_no.clone().unwrap_or_default()),
                Cell::Text(p.department.clone()),
                Cell::Text(p.title.clone()),
                p.score_value.map_or(Cell::Empty, Cell::Number),
                Cell::Text(verdict.into()),
                p.version
                    .map_or(Cell::Empty, |v| Cell::Number(f64::from(v))),
            ]
        })
        .collect();
    Sheet {
        name: "明细".into(),
        headers: [
            "协议编号",
            "姓名",
            "工号",
            "部门",
            "协议",
            "考核得分",
            "结论",
            "版本",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}
