//! The year's assessment across sites (年度考核汇总): per site and department, the
//! agreements signed in the year and not void, how many have a result (its latest
//! version), the mean score, how many reached the reward line, how many are below the
//! pass line, how many people acknowledged their result.

use postgres::GenericClient;
use serde::Serialize;
use ts_rs::TS;

use crate::GroupError;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "GroupDepartmentReport")]
pub struct DepartmentReport {
    pub site: String,
    pub department: String,
    #[ts(type = "number")]
    pub signed: i64,
    #[ts(type = "number")]
    pub assessed: i64,
    /// Mean of the current scores, `None` when nobody was assessed.
    pub mean: Option<f64>,
    #[ts(type = "number")]
    pub rewarded: i64,
    #[ts(type = "number")]
    pub below_pass: i64,
    #[ts(type = "number")]
    pub acknowledged: i64,
    /// Current scores by tens: 0–9, 10–19, …, 90–99, 100 and above (as the desk's
    /// report buckets them), for the chart.
    pub histogram: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "GroupYearReport")]
pub struct YearReport {
    pub year: i32,
    pub departments: Vec<DepartmentReport>,
}

pub fn report(db: &mut impl GenericClient, year: i32) -> Result<YearReport, GroupError> {
    let rows = db.query(
        "WITH current AS (
           SELECT DISTINCT ON (site_id, number) site_id, number, version, score_value,
                  reward_value, pass_value
           FROM assessments ORDER BY site_id, number, version DESC)
         SELECT s.name, a.department, count(*),
                count(c.number),
                avg(c.score_value),
                count(*) FILTER (WHERE c.reward_value IS NOT NULL AND c.score_value >= c.reward_value),
                count(*) FILTER (WHERE c.score_value < c.pass_value),
                count(k.number)
         FROM agreements a
         JOIN sites s ON s.id = a.site_id
         LEFT JOIN current c ON c.site_id = a.site_id AND c.number = a.number
         LEFT JOIN acknowledgements k
                ON k.site_id = c.site_id AND k.number = c.number AND k.version = c.version
         WHERE a.year = $1
           AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.site_id = a.site_id AND v.number = a.number)
         GROUP BY s.name, a.department
         ORDER BY s.name, a.department",
        &[&year],
    )?;
    YearReport {
        year,
        departments: rows
            .iter()
            .map(|r| DepartmentReport {
                site: r.get(0),
                department: r.get(1),
                signed: r.get(2),
                assessed: r.get(3),
                mean: r.get(4),
                rewarded: r.get(5),
                below_pass: r.get(6),
                acknowledged: r.get(7),
                histogram: vec![0; 11],
            })
            .collect::<Vec<_>>(),
    }
    .with_histograms(db)
}

impl YearReport {
    /// Fills each row's histogram: one more query, grouped by score bucket.
    fn with_histograms(mut self, db: &mut impl GenericClient) -> Result<Self, GroupError> {
        let rows = db.query(
            "WITH current AS (
               SELECT DISTINCT ON (site_id, number) site_id, number, score_value
               FROM assessments ORDER BY site_id, number, version DESC)
             SELECT s.name, a.department,
                    least(greatest(floor(c.score_value / 10), 0), 10)::int, count(*)
             FROM agreements a
             JOIN sites s ON s.id = a.site_id
             JOIN current c ON c.site_id = a.site_id AND c.number = a.number
             WHERE a.year = $1
               AND NOT EXISTS (SELECT 1 FROM voids v
                               WHERE v.site_id = a.site_id AND v.number = a.number)
             GROUP BY 1, 2, 3",
            &[&self.year],
        )?;
        for r in rows {
            let (site, dept, bucket, n): (String, String, i32, i64) =
                (r.get(0), r.get(1), r.get(2), r.get(3));
            if let Some(d) = self
                .departments
                .iter_mut()
                .find(|d| d.site == site && d.department == dept)
            {
                d.histogram[bucket.clamp(0, 10) as usize] += n as u32;
            }
        }
        Ok(self)
    }
}

/// One person's current result of the year (the report's detail sheet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonResult {
    pub site: String,
    pub department: String,
    pub number: String,
    pub signer: String,
    pub employee_no: Option<String>,
    /// The exact score as stored, `None` when not assessed.
    pub score: Option<String>,
    pub score_value: Option<f64>,
    pub reward_value: Option<f64>,
    pub pass_value: Option<f64>,
    pub acknowledged: bool,
}

/// Every agreement of `year` that is not void, with its current result if any.
pub fn people(db: &mut impl GenericClient, year: i32) -> Result<Vec<PersonResult>, GroupError> {
    let rows = db.query(
        "WITH current AS (
           SELECT DISTINCT ON (site_id, number) site_id, number, version, score, score_value,
                  reward_value, pass_value
           FROM assessments ORDER BY site_id, number, version DESC)
         SELECT s.name, a.department, a.number, a.signer, a.employee_no, c.score, c.score_value,
                c.reward_value, c.pass_value, k.number IS NOT NULL
         FROM agreements a
         JOIN sites s ON s.id = a.site_id
         LEFT JOIN current c ON c.site_id = a.site_id AND c.number = a.number
         LEFT JOIN acknowledgements k
                ON k.site_id = c.site_id AND k.number = c.number AND k.version = c.version
         WHERE a.year = $1
           AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.site_id = a.site_id AND v.number = a.number)
         ORDER BY s.name, a.department, a.signer, a.number",
        &[&year],
    )?;
    Ok(rows
        .iter()
        .map(|r| PersonResult {
            site: r.get(0),
            department: r.get(1),
            number: r.get(2),
            signer: r.get(3),
            employee_no: r.get(4),
            score: r.get(5),
            score_value: r.get(6),
            reward_value: r.get(7),
            pass_value: r.get(8),
            acknowledged: r.get(9),
        })
        .collect())
}
