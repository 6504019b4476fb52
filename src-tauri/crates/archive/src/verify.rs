//! What `verify` reads: SQLite's own checks and every agreement streamed one at a time
//! (with its PDF, its signatures' images and the hashes its audit entry recorded), so a
//! 100 000-agreement archive is checked without holding more than one row in memory.
//! The checks themselves (content hash, PDF seal) belong to the core.

use rusqlite::{Connection, OptionalExtension};

use crate::ArchiveError;

/// Rows of `PRAGMA integrity_check` and `PRAGMA foreign_key_check`: empty when the
/// database is sound, else one Chinese line per problem SQLite found.
pub fn database_problems(conn: &Connection) -> Result<Vec<String>, ArchiveError> {
    let mut out = Vec::new();
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let line: String = r.get(0)?;
        if line != "ok" {
            out.push(format!("SQLite 完整性检查：{line}"));
        }
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        out.push(format!(
            "外键检查：表 {table} 第 {} 行引用的 {parent} 记录不存在",
            rowid.map(|i| i.to_string()).unwrap_or_else(|| "?".into())
        ));
    }
    Ok(out)
}

/// One stored signature as `verify` needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSignature {
    pub role_key: String,
    pub png: Vec<u8>,
}

/// One stored agreement with everything its hashes cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAgreement {
    pub id: i64,
    pub number: String,
    pub template_slug: String,
    pub template_version: u32,
    pub signer_name: String,
    pub signed_text: String,
    pub values_json: String,
    pub content_sha256: String,
    pub pdf_sha256: String,
    pub pdf: Vec<u8>,
    /// In the order they were stored (the template's role order).
    pub signatures: Vec<StoredSignature>,
    /// `(pdf_sha256, content_sha256)` as the `agreement_signed` audit entry recorded
    /// them; `None` when no such entry names this agreement.
    pub audited: Option<(String, String)>,
}

/// Calls `f` for every agreement in id order, reading one at a time.
///
/// The audit entries of signings are merged in on the fly: each signing appends exactly
/// one `agreement_signed` entry in the transaction that inserts the agreement, so the
/// entries in `seq` order name the agreements in id order and one forward pass over
/// both pairs them up without an index on the audit log.
pub fn for_each_agreement<E: From<ArchiveError>>(
    conn: &Connection,
    mut f: impl FnMut(StoredAgreement) -> Result<(), E>,
) -> Result<(), E> {
    let mut st = conn
        .prepare(
            "SELECT a.id, a.number, t.slug, v.version, a.signer_name, a.signed_text,
                    a.values_json, a.content_sha256, a.pdf_sha256, a.pdf
             FROM agreements a
             LEFT JOIN template_versions v ON v.id = a.template_version_id
             LEFT JOIN templates t ON t.id = v.template_id
             ORDER BY a.id",
        )
        .map_err(ArchiveError::from)?;
    let mut sigs = conn
        .prepare("SELECT role_key, png FROM signatures WHERE agreement_id = ?1 ORDER BY id")
        .map_err(ArchiveError::from)?;
    let mut audit_st = conn
        .prepare("SELECT detail FROM audit WHERE event = ?1 ORDER BY seq")
        .map_err(ArchiveError::from)?;
    let mut audit_rows = audit_st
        .query([signdesk_base::AuditEvent::AgreementSigned.as_str()])
        .map_err(ArchiveError::from)?;
    // The next audited signing not yet paired: (agreement id, pdf hash, content hash).
    let mut pending: Option<(i64, String, String)> = None;
    let mut audit_done = false;
    let mut rows = st.query([]).map_err(ArchiveError::from)?;
    while let Some(r) = rows.next().map_err(ArchiveError::from)? {
        let id: i64 = r.get(0).map_err(ArchiveError::from)?;
        let signatures = sigs
            .query_map([id], |s| {
                Ok(StoredSignature {
                    role_key: s.get(0)?,
                    png: s.get(1)?,
                })
            })
            .map_err(ArchiveError::from)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(ArchiveError::from)?;
        // Advance the audit cursor up to this agreement's id.
        let mut audited = None;
        loop {
            if pending.is_none() && !audit_done {
                match audit_rows.next().map_err(ArchiveError::from)? {
                    Some(a) => {
                        let detail: String = a.get(0).map_err(ArchiveError::from)?;
                        pending = parse_signed_detail(&detail);
                        if pending.is_none() {
                            continue; // unreadable detail: the chain check reports edits
                        }
                    }
                    None => audit_done = true,
                }
            }
            match &pending {
                Some((aid, _, _)) if *aid < id => pending = None,
                Some((aid, _, _)) if *aid == id => {
                    let (_, p, c) = pending.take().expect("matched Some");
                    audited = Some((p, c));
                    break;
                }
                _ => break,
            }
        }
        let text = |i: usize| -> Result<String, ArchiveError> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        f(StoredAgreement {
            id,
            number: text(1)?,
            template_slug: text(2)?,
            template_version: r
                .get::<_, Option<u32>>(3)
                .map_err(ArchiveError::from)?
                .unwrap_or(0),
            signer_name: text(4)?,
            signed_text: text(5)?,
            values_json: text(6)?,
            content_sha256: text(7)?,
            pdf_sha256: text(8)?,
            pdf: r
                .get::<_, Option<Vec<u8>>>(9)
                .map_err(ArchiveError::from)?
                .unwrap_or_default(),
            signatures,
            audited,
        })?;
    }
    Ok(())
}

fn parse_signed_detail(detail: &str) -> Option<(i64, String, String)> {
    let v: serde_json::Value = serde_json::from_str(detail).ok()?;
    Some((
        v.get("id")?.as_i64()?,
        v.get("pdf_sha256")?.as_str()?.to_string(),
        v.get("content_sha256")?.as_str()?.to_string(),
    ))
}

/// Runs `f` inside one read transaction, so every check sees the same snapshot even
/// while another process signs.
pub fn snapshot<T, E: From<ArchiveError>>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> Result<T, E>,
) -> Result<T, E> {
    let tx = conn.unchecked_transaction().map_err(ArchiveError::from)?;
    let out = f(&tx)?;
    tx.commit().map_err(ArchiveError::from)?;
    Ok(out)
}

/// The tables a SignDesk archive must have (any schema version this build knows).
pub const REQUIRED_TABLES: &[&str] = &[
    "settings",
    "templates",
    "template_versions",
    "people",
    "agreements",
    "signatures",
    "voids",
    "audit",
];

/// Rows per table, for comparing a copy with its original.
pub fn row_counts(conn: &Connection) -> Result<Vec<(String, i64)>, ArchiveError> {
    let mut names = Vec::new();
    let mut st = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        names.push(r.get::<_, String>(0)?);
    }
    let mut out = Vec::new();
    for name in names {
        // Names come from sqlite_master; quote them anyway.
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\"")),
            [],
            |r| r.get(0),
        )?;
        out.push((name, n));
    }
    Ok(out)
}

/// The tables of [`REQUIRED_TABLES`] missing from `conn`'s database.
pub fn missing_tables(conn: &Connection) -> Result<Vec<&'static str>, ArchiveError> {
    let mut missing = Vec::new();
    for t in REQUIRED_TABLES {
        let found = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [t],
                |_| Ok(()),
            )
            .optional()?;
        if found.is_none() {
            missing.push(*t);
        }
    }
    Ok(missing)
}
