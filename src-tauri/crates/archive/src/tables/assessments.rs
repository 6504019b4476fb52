//! Assessments (考核结果) of signed agreements, and acknowledgements of them. Rows are
//! never changed (schema triggers): a correction is the next version. What a score
//! *means* (the scheme, the arithmetic) is `signdesk-assess`'s; this module stores and
//! finds rows, and counts them for the year's report.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::ArchiveError;

/// One assessment as the core computed it; the version is given by [`insert`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewAssessment {
    pub agreement_id: i64,
    pub scheme_json: String,
    pub values_json: String,
    pub adjustment: Option<String>,
    pub reason: String,
    pub score: String,
    pub score_value: f64,
    pub reward_value: Option<f64>,
    pub pass_value: f64,
    pub lines_json: String,
    /// An `AssessmentSource`'s name.
    pub source: String,
    /// The imported file's name, for an import.
    pub source_file: Option<String>,
    pub actor: String,
    pub assessed_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub agreement_id: i64,
    pub number: String,
    pub version: u32,
    pub scheme_json: String,
    pub values_json: String,
    pub adjustment: Option<String>,
    pub reason: String,
    pub score: String,
    pub score_value: f64,
    pub lines_json: String,
    /// As stored: an `AssessmentSource`'s name, or (before schema 6) '录入', '命令行'
    /// or the imported file's name.
    pub source: String,
    pub source_file: Option<String>,
    pub actor: String,
    pub assessed_at: String,
    pub content_sha256: String,
    /// When the person acknowledged this version at the kiosk.
    pub acknowledged_at: Option<String>,
}

const COLUMNS: &str = "s.id, s.agreement_id, a.number, s.version, s.scheme_json, s.values_json,
     s.adjustment, s.reason, s.score, s.score_value, s.lines_json, s.source, s.actor,
     s.assessed_at, s.content_sha256, k.signed_at, s.source_file
     FROM assessments s JOIN agreements a ON a.id = s.agreement_id
     LEFT JOIN assessment_acks k ON k.assessment_id = s.id";

fn row(r: &Row<'_>) -> rusqlite::Result<AssessmentRow> {
    Ok(AssessmentRow {
        id: r.get(0)?,
        agreement_id: r.get(1)?,
        number: r.get(2)?,
        version: r.get(3)?,
        scheme_json: r.get(4)?,
        values_json: r.get(5)?,
        adjustment: r.get(6)?,
        reason: r.get(7)?,
        score: r.get(8)?,
        score_value: r.get(9)?,
        lines_json: r.get(10)?,
        source: r.get(11)?,
        actor: r.get(12)?,
        assessed_at: r.get(13)?,
        content_sha256: r.get(14)?,
        acknowledged_at: r.get(15)?,
        source_file: r.get(16)?,
    })
}

/// The version the next result of an agreement will get (1 for the first).
pub fn next_version(conn: &Connection, agreement_id: i64) -> Result<u32, ArchiveError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM assessments WHERE agreement_id = ?1",
        [agreement_id],
        |r| r.get(0),
    )?)
}

/// The next version of `a.agreement_id`'s assessment; returns `(id, version)`.
/// `content_sha256` is the caller's digest of what it stores (see the core).
pub fn insert(
    conn: &Connection,
    a: &NewAssessment,
    content_sha256: &str,
) -> Result<(i64, u32), ArchiveError> {
    let version = next_version(conn, a.agreement_id)?;
    conn.execute(
        "INSERT INTO assessments(agreement_id, version, scheme_json, values_json, adjustment,
           reason, score, score_value, reward_value, pass_value, lines_json, source, actor,
           assessed_at, content_sha256, source_file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            a.agreement_id,
            version,
            a.scheme_json,
            a.values_json,
            a.adjustment,
            a.reason,
            a.score,
            a.score_value,
            a.reward_value,
            a.pass_value,
            a.lines_json,
            a.source,
            a.actor,
            a.assessed_at,
            content_sha256,
            a.source_file
        ],
    )?;
    Ok((conn.last_insert_rowid(), version))
}

/// The version that counts: the highest.
pub fn current(
    conn: &Connection,
    agreement_id: i64,
) -> Result<Option<AssessmentRow>, ArchiveError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} WHERE s.agreement_id = ?1 ORDER BY s.version DESC LIMIT 1"),
            [agreement_id],
            row,
        )
        .optional()?)
}

/// Every version, oldest first.
pub fn history(conn: &Connection, agreement_id: i64) -> Result<Vec<AssessmentRow>, ArchiveError> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} WHERE s.agreement_id = ?1 ORDER BY s.version"
    ))?;
    let rows = st.query_map([agreement_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every row of every version, for the verifier (one at a time).
pub fn for_each<E: From<ArchiveError>>(
    conn: &Connection,
    mut f: impl FnMut(AssessmentRow) -> Result<(), E>,
) -> Result<(), E> {
    let mut st = conn
        .prepare(&format!("SELECT {COLUMNS} ORDER BY s.id"))
        .map_err(ArchiveError::from)?;
    let mut rows = st.query([]).map_err(ArchiveError::from)?;
    while let Some(r) = rows.next().map_err(ArchiveError::from)? {
        f(row(r).map_err(ArchiveError::from)?)?;
    }
    Ok(())
}

/// The current scores of a year's signed, not voided agreements, by agreement id
/// (the grid and the renewal's 「去年考核」 column).
pub fn current_scores(
    conn: &Connection,
    agreement_ids: &[i64],
) -> Result<Vec<(i64, String)>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT score FROM assessments WHERE agreement_id = ?1 ORDER BY version DESC LIMIT 1",
    )?;
    let mut out = Vec::new();
    for id in agreement_ids {
        if let Some(s) = st.query_row([id], |r| r.get::<_, String>(0)).optional()? {
            out.push((*id, s));
        }
    }
    Ok(out)
}

/// One department's line in the year's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentCounts {
    pub department: String,
    pub signed: u32,
    pub assessed: u32,
    /// Mean of the current scores (`None` when nobody is assessed yet).
    pub mean: Option<f64>,
    pub above_reward: u32,
    pub below_pass: u32,
    /// Current scores by tens: `[0–9, 10–19, …, 90–99, 100+]`.
    pub histogram: [u32; 11],
}

/// Per department, the year's signed (not voided) agreements and their current
/// assessments. One pass over the year's rows; the `agreements_hit` index holds
/// year and department, so the large agreement rows are never read.
pub fn report(conn: &Connection, year: i32) -> Result<Vec<DepartmentCounts>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT a.department, s.score_value, s.reward_value, s.pass_value
         FROM agreements a INDEXED BY agreements_hit
         LEFT JOIN assessments s ON s.agreement_id = a.id
           AND s.version = (SELECT max(version) FROM assessments t WHERE t.agreement_id = a.id)
         WHERE a.year = ?1 AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.agreement_id = a.id)
         ORDER BY a.department",
    )?;
    let mut rows = st.query([year])?;
    let mut out: Vec<DepartmentCounts> = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    while let Some(r) = rows.next()? {
        let department: String = r.get(0)?;
        if out.last().map(|d| &d.department) != Some(&department) {
            out.push(DepartmentCounts {
                department,
                signed: 0,
                assessed: 0,
                mean: None,
                above_reward: 0,
                below_pass: 0,
                histogram: [0; 11],
            });
            sums.push(0.0);
        }
        let d = out.last_mut().expect("pushed above");
        d.signed += 1;
        let score: Option<f64> = r.get(1)?;
        if let Some(score) = score {
            d.assessed += 1;
            *sums.last_mut().expect("pushed above") += score;
            let reward: Option<f64> = r.get(2)?;
            let pass: f64 = r.get(3)?;
            if reward.is_some_and(|line| score >= line) {
                d.above_reward += 1;
            }
            if score < pass {
                d.below_pass += 1;
            }
            let bucket = ((score / 10.0).floor().max(0.0) as usize).min(10);
            d.histogram[bucket] += 1;
        }
    }
    for (d, sum) in out.iter_mut().zip(sums) {
        if d.assessed > 0 {
            d.mean = Some(sum / f64::from(d.assessed));
        }
    }
    Ok(out)
}

/// Stores a person's signed acknowledgement of one assessment version.
pub fn acknowledge(
    conn: &Connection,
    assessment_id: i64,
    png: &[u8],
    strokes_json: &str,
    signed_at: &str,
    pdf: &[u8],
    pdf_sha256: &str,
) -> Result<(), ArchiveError> {
    conn.execute(
        "INSERT INTO assessment_acks(assessment_id, png, strokes_json, signed_at, pdf, pdf_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![assessment_id, png, strokes_json, signed_at, pdf, pdf_sha256],
    )?;
    Ok(())
}

/// The signed acknowledgement page of an assessment version, if there is one.
pub fn ack_pdf(conn: &Connection, assessment_id: i64) -> Result<Option<Vec<u8>>, ArchiveError> {
    Ok(conn
        .query_row(
            "SELECT pdf FROM assessment_acks WHERE assessment_id = ?1",
            [assessment_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A signed, not voided agreement that may be assessed (import matches rows to these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub agreement_id: i64,
    pub number: String,
    pub template_version_id: i64,
    pub template_slug: String,
    pub signer_name: String,
    pub employee_no: Option<String>,
    pub department: String,
}

/// The year's signed, not voided agreements, of one template when `template` is given.
pub fn candidates(
    conn: &Connection,
    year: i32,
    template: Option<&str>,
) -> Result<Vec<Candidate>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT a.id, a.number, a.template_version_id, t.slug, a.signer_name, p.employee_no,
                a.department
         FROM agreements a INDEXED BY agreements_hit
         JOIN template_versions v ON v.id = a.template_version_id
         JOIN templates t ON t.id = v.template_id
         LEFT JOIN people p ON p.id = a.person_id
         WHERE a.year = ?1 AND (?2 IS NULL OR t.slug = ?2)
           AND NOT EXISTS (SELECT 1 FROM voids x WHERE x.agreement_id = a.id)
         ORDER BY a.id",
    )?;
    let rows = st.query_map(params![year, template], |r| {
        Ok(Candidate {
            agreement_id: r.get(0)?,
            number: r.get(1)?,
            template_version_id: r.get(2)?,
            template_slug: r.get(3)?,
            signer_name: r.get(4)?,
            employee_no: r.get(5)?,
            department: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One person's line in the year's detail sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonScore {
    pub number: String,
    pub signer_name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub title: String,
    pub score: Option<String>,
    pub score_value: Option<f64>,
    pub reward_value: Option<f64>,
    pub pass_value: Option<f64>,
    pub version: Option<u32>,
}

/// Every signed, not voided agreement of the year with its current score (if any),
/// by department and number.
pub fn year_scores(conn: &Connection, year: i32) -> Result<Vec<PersonScore>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT a.number, a.signer_name, p.employee_no, a.department, a.title, s.score,
                s.score_value, s.reward_value, s.pass_value, s.version
         FROM agreements a
         LEFT JOIN people p ON p.id = a.person_id
         LEFT JOIN assessments s ON s.agreement_id = a.id
           AND s.version = (SELECT max(version) FROM assessments t WHERE t.agreement_id = a.id)
         WHERE a.year = ?1 AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.agreement_id = a.id)
         ORDER BY a.department, a.number",
    )?;
    let rows = st.query_map([year], |r| {
        Ok(PersonScore {
            number: r.get(0)?,
            signer_name: r.get(1)?,
            employee_no: r.get(2)?,
            department: r.get(3)?,
            title: r.get(4)?,
            score: r.get(5)?,
            score_value: r.get(6)?,
            reward_value: r.get(7)?,
            pass_value: r.get(8)?,
            version: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
