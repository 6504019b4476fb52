//! Signed agreements. [`insert`] writes everything a signing produces — the person,
//! the agreement with its PDF as a BLOB, the signatures, the search entries and the
//! audit entry — inside the caller's transaction, so a crash leaves all or nothing.
//! A stored agreement is never changed (schema triggers); voiding adds a row.

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row};
use serde::Serialize;
use signdesk_base::ErrorKind;

use crate::people::{self, PersonRef};
use crate::signatures::{self, NewSignature};
use crate::{audit, search, ArchiveError};

/// Everything a signing stores. `pdf_sha256` is computed by [`insert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgreement {
    /// Document number printed on every page, e.g. from [`next_number`].
    pub number: String,
    pub template_version_id: i64,
    pub person: PersonRef,
    /// Snapshot at signing time (the person's name may change later).
    pub signer_name: String,
    pub department: String,
    pub year: i32,
    pub title: String,
    /// RFC 3339 with offset.
    pub signed_at: String,
    /// The exact text signed, blanks filled.
    pub signed_text: String,
    pub values_json: String,
    pub content_sha256: String,
    pub pdf: Vec<u8>,
    pub pages: u32,
    /// Printed copies (一式两份 → 2).
    pub copies: u32,
    pub operator: String,
    pub signatures: Vec<NewSignature>,
}

/// A stored agreement without its PDF bytes (fetch those with [`pdf`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementRow {
    pub id: i64,
    pub number: String,
    pub template_version_id: i64,
    pub template_slug: String,
    pub template_version: u32,
    pub person_id: Option<i64>,
    pub employee_no: Option<String>,
    pub signer_name: String,
    pub department: String,
    pub year: i32,
    pub title: String,
    pub signed_at: String,
    pub signed_text: String,
    pub values_json: String,
    pub content_sha256: String,
    pub pdf_sha256: String,
    pub pdf_size: i64,
    pub pages: u32,
    pub copies: u32,
    pub operator: String,
    pub void: Option<crate::voids::VoidRow>,
}

pub use signdesk_base::chain::sha256_hex;

fn validate(a: &NewAgreement) -> Result<(), ArchiveError> {
    let bad = |m: &str| Err(ArchiveError::invalid(ErrorKind::InvalidAgreement, m));
    if a.number.trim().is_empty() {
        return bad("协议编号不能为空");
    }
    if a.signer_name.trim().is_empty() {
        return bad("签署人姓名不能为空");
    }
    if !a.pdf.starts_with(b"%PDF-") {
        return bad("签署结果不是 PDF 文件");
    }
    if a.copies == 0 || a.pages == 0 {
        return bad("页数和份数至少为 1");
    }
    if chrono::DateTime::parse_from_rfc3339(&a.signed_at).is_err() {
        return bad("签署时间格式不正确（应为 RFC 3339）");
    }
    Ok(())
}

/// Stores a signed agreement and returns its id. Call inside `Archive::write`.
pub fn insert(conn: &Connection, a: &NewAgreement) -> Result<i64, ArchiveError> {
    validate(a)?;
    let person_id = match &a.person {
        PersonRef::Existing(id) => people::get(conn, *id)?.id,
        PersonRef::New(p) => people::upsert(conn, p)?,
    };
    let pdf_sha256 = sha256_hex(&a.pdf);
    let res = conn.execute(
        "INSERT INTO agreements(number, template_version_id, person_id, signer_name, department,
            year, title, signed_at, signed_text, values_json, content_sha256, pdf, pdf_sha256,
            pages, copies, operator)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            a.number.trim(),
            a.template_version_id,
            person_id,
            a.signer_name.trim(),
            a.department.trim(),
            a.year,
            a.title,
            a.signed_at,
            a.signed_text,
            a.values_json,
            a.content_sha256,
            a.pdf,
            pdf_sha256,
            a.pages,
            a.copies,
            a.operator
        ],
    );
    match res {
        Err(rusqlite::Error::SqliteFailure(e, Some(msg)))
            if e.code == ErrorCode::ConstraintViolation && msg.contains("agreements.number") =>
        {
            return Err(ArchiveError::invalid(
                ErrorKind::DuplicateNumber,
                format!("协议编号 {} 已被使用", a.number.trim()),
            ));
        }
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            return Err(ArchiveError::NotFound {
                what: "模板版本",
                id: a.template_version_id.to_string(),
            });
        }
        r => r?,
    };
    let id = conn.last_insert_rowid();
    for s in &a.signatures {
        signatures::insert(conn, id, s)?;
    }
    let employee_no: Option<String> = conn.query_row(
        "SELECT employee_no FROM people WHERE id = ?1",
        [person_id],
        |r| r.get(0),
    )?;
    search::index_agreement(
        conn,
        id,
        &search::IndexEntry {
            title: &a.title,
            signed_text: &a.signed_text,
            signer_name: a.signer_name.trim(),
            employee_no: employee_no.as_deref(),
            department: a.department.trim(),
            number: a.number.trim(),
        },
    )?;
    let detail = serde_json::json!({
        "id": id,
        "signer": a.signer_name.trim(),
        "department": a.department.trim(),
        "year": a.year,
        "pdf_sha256": pdf_sha256,
        "content_sha256": a.content_sha256,
    });
    audit::append(
        conn,
        &a.operator,
        signdesk_base::AuditEvent::AgreementSigned,
        a.number.trim(),
        &detail.to_string(),
    )?;
    Ok(id)
}

const COLUMNS: &str = "a.id, a.number, a.template_version_id, t.slug, v.version, a.person_id,
    p.employee_no, a.signer_name, a.department, a.year, a.title, a.signed_at, a.signed_text,
    a.values_json, a.content_sha256, a.pdf_sha256, length(a.pdf), a.pages, a.copies, a.operator,
    vo.reason, vo.voided_at, vo.actor
    FROM agreements a
    JOIN template_versions v ON v.id = a.template_version_id
    JOIN templates t ON t.id = v.template_id
    LEFT JOIN people p ON p.id = a.person_id
    LEFT JOIN voids vo ON vo.agreement_id = a.id";

fn row(r: &Row<'_>) -> rusqlite::Result<AgreementRow> {
    let reason: Option<String> = r.get(20)?;
    Ok(AgreementRow {
        id: r.get(0)?,
        number: r.get(1)?,
        template_version_id: r.get(2)?,
        template_slug: r.get(3)?,
        template_version: r.get(4)?,
        person_id: r.get(5)?,
        employee_no: r.get(6)?,
        signer_name: r.get(7)?,
        department: r.get(8)?,
        year: r.get(9)?,
        title: r.get(10)?,
        signed_at: r.get(11)?,
        signed_text: r.get(12)?,
        values_json: r.get(13)?,
        content_sha256: r.get(14)?,
        pdf_sha256: r.get(15)?,
        pdf_size: r.get(16)?,
        pages: r.get(17)?,
        copies: r.get(18)?,
        operator: r.get(19)?,
        void: match reason {
            Some(reason) => Some(crate::voids::VoidRow {
                agreement_id: r.get(0)?,
                reason,
                voided_at: r.get(21)?,
                actor: r.get(22)?,
            }),
            None => None,
        },
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<AgreementRow, ArchiveError> {
    conn.query_row(&format!("SELECT {COLUMNS} WHERE a.id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| ArchiveError::NotFound {
            what: "协议",
            id: id.to_string(),
        })
}

pub fn by_number(conn: &Connection, number: &str) -> Result<AgreementRow, ArchiveError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} WHERE a.number = ?1"),
        [number.trim()],
        row,
    )
    .optional()?
    .ok_or_else(|| ArchiveError::NotFound {
        what: "协议编号",
        id: number.to_string(),
    })
}

/// How many agreements the archive holds, voided ones included (a progress total).
pub fn count_all(conn: &Connection) -> Result<u64, ArchiveError> {
    let n: i64 = conn.query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// The stored PDF bytes, exactly as signed.
pub fn pdf(conn: &Connection, id: i64) -> Result<Vec<u8>, ArchiveError> {
    conn.query_row("SELECT pdf FROM agreements WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| ArchiveError::NotFound {
        what: "协议",
        id: id.to_string(),
    })
}

/// The next free document number of a year: `SD-2027-000001`, `SD-2027-000002` …
pub fn next_number(conn: &Connection, year: i32) -> Result<String, ArchiveError> {
    let prefix = format!("SD-{year}-");
    // Uses the unique index on number: a range, not a scan.
    let last: Option<String> = conn.query_row(
        "SELECT max(number) FROM agreements WHERE number >= ?1 AND number < ?1 || '~'
           AND length(number) = length(?1) + 6",
        [&prefix],
        |r| r.get(0),
    )?;
    let n = last
        .and_then(|s| s.strip_prefix(&prefix).and_then(|t| t.parse::<u32>().ok()))
        .unwrap_or(0);
    Ok(format!("{prefix}{:06}", n + 1))
}

/// The latest signing time in the archive (RFC 3339 as stored), for the self-test's
/// clock check; compared as instants, since stored offsets may differ.
pub fn last_signed_at(conn: &Connection) -> Result<Option<String>, ArchiveError> {
    let mut st = conn.prepare("SELECT signed_at FROM agreements")?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    let mut last: Option<(chrono::DateTime<chrono::FixedOffset>, String)> = None;
    for s in rows {
        let s = s?;
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&s) {
            if last.as_ref().is_none_or(|(l, _)| t > *l) {
                last = Some((t, s));
            }
        }
    }
    Ok(last.map(|(_, s)| s))
}
