//! What leaves the desk for the group archive (issue 25), read in chain order and
//! one row at a time, so a year of PDFs is never in memory at once: the audit entries
//! after a position, the agreements whose signing entry is after it (or all of a
//! year), the voids recorded after it, and who was on the year's rosters.

use rusqlite::Connection;
use signdesk_base::chain::sha256_hex;
use signdesk_base::AuditEvent;

use crate::{ArchiveError, AuditEntry};

/// One agreement as the group receives it, with its PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The chain position of its `agreement_signed` entry.
    pub audit_seq: i64,
    pub number: String,
    pub year: i32,
    pub template_slug: String,
    pub template_version: i32,
    pub title: String,
    pub signer: String,
    pub department: String,
    pub employee_no: Option<String>,
    pub signed_at: String,
    pub content_sha256: String,
    pub pdf_sha256: String,
    pub pages: i32,
    pub copies: i32,
    /// What its content hash covers besides the fields above, so that the group can
    /// recompute it: the signed text, the filled blanks, and each signature's role with
    /// its image's SHA-256, in role order.
    pub signed_text: String,
    pub values_json: String,
    pub signatures: Vec<(String, String)>,
    pub pdf: Vec<u8>,
}

/// A void as the group receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingVoid {
    pub audit_seq: i64,
    pub number: String,
    pub reason: String,
    pub voided_at: String,
    pub actor: String,
}

/// A person on a ceremony's roster in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterLine {
    pub year: i32,
    pub name: String,
    pub department: String,
    pub employee_no: Option<String>,
}

/// Calls `f` for each audit entry with `seq > after`, in order, at most `limit` of them
/// (`None`: all) — a sync reads one batch, never the rest of the chain again.
pub fn audit_after<E: From<ArchiveError>>(
    conn: &Connection,
    after: i64,
    limit: Option<usize>,
    mut f: impl FnMut(AuditEntry) -> Result<(), E>,
) -> Result<(), E> {
    let mut st = conn
        .prepare(
            "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM audit
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )
        .map_err(ArchiveError::from)?;
    // SQLite reads a negative LIMIT as none.
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let mut rows = st
        .query(rusqlite::params![after, limit])
        .map_err(ArchiveError::from)?;
    while let Some(r) = rows.next().map_err(ArchiveError::from)? {
        f(crate::audit::entry(r).map_err(ArchiveError::from)?)?;
    }
    Ok(())
}

/// Which agreements to send: those signed at chain positions `after < seq <= upto`, or
/// every one of a year (the group answers `unchanged` for those it holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Span { after: i64, upto: i64 },
    Year(i32),
}

impl Which {
    fn condition(self) -> (&'static str, i64, i64) {
        match self {
            Which::Span { after, upto } => ("au.seq > ?2 AND au.seq <= ?3", after, upto),
            Which::Year(y) => ("a.year = ?2 AND ?3 = ?3", i64::from(y), 0),
        }
    }
}

/// How many agreements [`agreements`] will give for `which`.
pub fn count(conn: &Connection, which: Which) -> Result<u64, ArchiveError> {
    let (cond, a, b) = which.condition();
    let n: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM audit au JOIN agreements a ON a.number = au.subject
             WHERE au.event = ?1 AND {cond}"
        ),
        rusqlite::params![AuditEvent::AgreementSigned.as_str(), a, b],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// Calls `f` for each agreement `which` names, in chain order, PDF included.
pub fn agreements<E: From<ArchiveError>>(
    conn: &Connection,
    which: Which,
    mut f: impl FnMut(Outgoing) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, a, b) = which.condition();
    let mut st = conn
        .prepare(&format!(
            "SELECT au.seq, a.number, a.year, t.slug, v.version, a.title, a.signer_name,
                    a.department, p.employee_no, a.signed_at, a.content_sha256, a.pdf_sha256,
                    a.pages, a.copies, a.pdf, a.id, a.signed_text, a.values_json
             FROM audit au
             JOIN agreements a ON a.number = au.subject
             JOIN template_versions v ON v.id = a.template_version_id
             JOIN templates t ON t.id = v.template_id
             LEFT JOIN people p ON p.id = a.person_id
             WHERE au.event = ?1 AND {cond}
             ORDER BY au.seq"
        ))
        .map_err(ArchiveError::from)?;
    // In insertion order, which is the template's role order (as verify reads them).
    let mut sigs = conn
        .prepare("SELECT role_key, png FROM signatures WHERE agreement_id = ?1 ORDER BY id")
        .map_err(ArchiveError::from)?;
    let mut rows = st
        .query(rusqlite::params![
            AuditEvent::AgreementSigned.as_str(),
            a,
            b
        ])
        .map_err(ArchiveError::from)?;
    while let Some(r) = rows.next().map_err(ArchiveError::from)? {
        let a = (|| {
            Ok::<_, rusqlite::Error>(Outgoing {
                audit_seq: r.get(0)?,
                number: r.get(1)?,
                year: r.get(2)?,
                template_slug: r.get(3)?,
                template_version: r.get(4)?,
                title: r.get(5)?,
                signer: r.get(6)?,
                department: r.get(7)?,
                employee_no: r.get(8)?,
                signed_at: r.get(9)?,
                content_sha256: r.get(10)?,
                pdf_sha256: r.get(11)?,
                pages: r.get(12)?,
                copies: r.get(13)?,
                pdf: r.get(14)?,
                signed_text: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
                values_json: r.get::<_, Option<String>>(17)?.unwrap_or_default(),
                signatures: sigs
                    .query_map([r.get::<_, i64>(15)?], |s| {
                        Ok((s.get(0)?, sha256_hex(&s.get::<_, Vec<u8>>(1)?)))
                    })?
                    .collect::<Result<_, _>>()?,
            })
        })()
        .map_err(ArchiveError::from)?;
        f(a)?;
    }
    Ok(())
}

/// The voids recorded in a span of the chain (or every void of a year's agreements),
/// in chain order.
pub fn voids(conn: &Connection, which: Which) -> Result<Vec<OutgoingVoid>, ArchiveError> {
    let (cond, a, b) = which.condition();
    let mut st = conn.prepare(&format!(
        "SELECT au.seq, a.number, vo.reason, vo.voided_at, vo.actor
         FROM audit au
         JOIN agreements a ON a.number = au.subject
         JOIN voids vo ON vo.agreement_id = a.id
         WHERE au.event = ?1 AND {cond}
         ORDER BY au.seq"
    ))?;
    let rows = st.query_map(
        rusqlite::params![AuditEvent::AgreementVoided.as_str(), a, b],
        |r| {
            Ok(OutgoingVoid {
                audit_seq: r.get(0)?,
                number: r.get(1)?,
                reason: r.get(2)?,
                voided_at: r.get(3)?,
                actor: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Everyone on a ceremony roster, per year (absent people included: they count as
/// not signed), each person once per year.
pub fn rosters(conn: &Connection, year: Option<i32>) -> Result<Vec<RosterLine>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT DISTINCT c.year, p.name, p.department, p.employee_no
         FROM ceremony_people cp
         JOIN ceremonies c ON c.id = cp.ceremony_id
         JOIN people p ON p.id = cp.person_id
         WHERE ?1 IS NULL OR c.year = ?1
         ORDER BY c.year, p.department, p.name",
    )?;
    let rows = st.query_map([year], |r| {
        Ok(RosterLine {
            year: r.get(0)?,
            name: r.get(1)?,
            department: r.get(2)?,
            employee_no: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One version of an assessment result as the group receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingAssessment {
    pub number: String,
    pub version: u32,
    pub scheme_json: String,
    pub values_json: String,
    pub adjustment: Option<String>,
    pub reason: String,
    pub score: String,
    pub score_value: f64,
    pub reward_value: Option<f64>,
    pub pass_value: f64,
    pub lines_json: String,
    pub source: String,
    pub source_file: Option<String>,
    pub actor: String,
    pub assessed_at: String,
    pub content_sha256: String,
}

/// An acknowledgement with its sealed page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingAck {
    pub number: String,
    pub version: u32,
    pub signed_at: String,
    pub pdf_sha256: String,
    pub pdf: Vec<u8>,
}

/// The results recorded in a span of the chain (every result of a year's agreements),
/// in chain order: each `assessed` entry names the agreement and the version.
pub fn assessments(
    conn: &Connection,
    which: Which,
) -> Result<Vec<OutgoingAssessment>, ArchiveError> {
    let (cond, a, b) = which.condition();
    let mut st = conn.prepare(&format!(
        "SELECT a.number, s.version, s.scheme_json, s.values_json, s.adjustment, s.reason,
                s.score, s.score_value, s.reward_value, s.pass_value, s.lines_json, s.source,
                s.source_file, s.actor, s.assessed_at, s.content_sha256
         FROM audit au
         JOIN agreements a ON a.number = au.subject
         JOIN assessments s ON s.agreement_id = a.id
                           AND s.version = json_extract(au.detail, '$.version')
         WHERE au.event = ?1 AND json_valid(au.detail) AND {cond}
         ORDER BY au.seq"
    ))?;
    let rows = st.query_map(
        rusqlite::params![AuditEvent::Assessed.as_str(), a, b],
        |r| {
            Ok(OutgoingAssessment {
                number: r.get(0)?,
                version: r.get(1)?,
                scheme_json: r.get(2)?,
                values_json: r.get(3)?,
                adjustment: r.get(4)?,
                reason: r.get(5)?,
                score: r.get(6)?,
                score_value: r.get(7)?,
                reward_value: r.get(8)?,
                pass_value: r.get(9)?,
                lines_json: r.get(10)?,
                source: r.get(11)?,
                source_file: r.get(12)?,
                actor: r.get(13)?,
                assessed_at: r.get(14)?,
                content_sha256: r.get(15)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The acknowledgements recorded in a span of the chain, with their pages, one at a time.
pub fn acks<E: From<ArchiveError>>(
    conn: &Connection,
    which: Which,
    mut f: impl FnMut(OutgoingAck) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, a, b) = which.condition();
    let mut st = conn
        .prepare(&format!(
            "SELECT a.number, s.version, k.signed_at, k.pdf_sha256, k.pdf
             FROM audit au
             JOIN agreements a ON a.number = au.subject
             JOIN assessments s ON s.agreement_id = a.id
                               AND s.version = json_extract(au.detail, '$.version')
             JOIN assessment_acks k ON k.assessment_id = s.id
             WHERE au.event = ?1 AND json_valid(au.detail) AND {cond}
             ORDER BY au.seq"
        ))
        .map_err(ArchiveError::from)?;
    let mut rows = st
        .query(rusqlite::params![
            AuditEvent::AssessmentAcknowledged.as_str(),
            a,
            b
        ])
        .map_err(ArchiveError::from)?;
    while let Some(r) = rows.next().map_err(ArchiveError::from)? {
        let k = (|| {
            Ok::<_, rusqlite::Error>(OutgoingAck {
                number: r.get(0)?,
                version: r.get(1)?,
                signed_at: r.get(2)?,
                pdf_sha256: r.get(3)?,
                pdf: r.get(4)?,
            })
        })()
        .map_err(ArchiveError::from)?;
        f(k)?;
    }
    Ok(())
}
