//! Templates and their immutable versions.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::{now, ArchiveError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub builtin: bool,
    pub latest_version: u32,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateVersionRow {
    pub id: i64,
    pub template_id: i64,
    pub slug: String,
    pub version: u32,
    pub body_json: String,
    pub source_name: String,
    pub created_at: String,
    /// Whether any agreement was signed on this version (then it is frozen).
    pub used: bool,
}

pub fn insert(
    conn: &Connection,
    slug: &str,
    title: &str,
    builtin: bool,
) -> Result<i64, ArchiveError> {
    conn.execute(
        "INSERT INTO templates(slug, title, builtin, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![slug, title, builtin, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn slug_exists(conn: &Connection, slug: &str) -> Result<bool, ArchiveError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM templates WHERE slug = ?1",
            [slug],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Appends the next version of a template and returns `(version_id, version)`.
pub fn add_version(
    conn: &Connection,
    template_id: i64,
    title: &str,
    body_json: &str,
    source_name: &str,
) -> Result<(i64, u32), ArchiveError> {
    let next: u32 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM template_versions WHERE template_id = ?1",
        [template_id],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO template_versions(template_id, version, body_json, source_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![template_id, next, body_json, source_name, now()],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "UPDATE templates SET title = ?2 WHERE id = ?1",
        params![template_id, title],
    )?;
    Ok((id, next))
}

pub fn list(conn: &Connection) -> Result<Vec<TemplateRow>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT t.id, t.slug, t.title, t.builtin,
                (SELECT max(version) FROM template_versions v WHERE v.template_id = t.id),
                t.created_at
         FROM templates t ORDER BY t.builtin DESC, t.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(TemplateRow {
            id: r.get(0)?,
            slug: r.get(1)?,
            title: r.get(2)?,
            builtin: r.get(3)?,
            latest_version: r.get::<_, Option<u32>>(4)?.unwrap_or(0),
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const VERSION_COLUMNS: &str = "v.id, v.template_id, t.slug, v.version, v.body_json, v.source_name,
     v.created_at, EXISTS (SELECT 1 FROM agreements a WHERE a.template_version_id = v.id)";

fn version_row(r: &Row<'_>) -> rusqlite::Result<TemplateVersionRow> {
    Ok(TemplateVersionRow {
        id: r.get(0)?,
        template_id: r.get(1)?,
        slug: r.get(2)?,
        version: r.get(3)?,
        body_json: r.get(4)?,
        source_name: r.get(5)?,
        created_at: r.get(6)?,
        used: r.get(7)?,
    })
}

/// A template's version by slug; the latest when `version` is `None`.
pub fn version(
    conn: &Connection,
    slug: &str,
    version: Option<u32>,
) -> Result<TemplateVersionRow, ArchiveError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM template_versions v JOIN templates t ON t.id = v.template_id
         WHERE t.slug = ?1 AND (?2 IS NULL OR v.version = ?2)
         ORDER BY v.version DESC LIMIT 1"
    );
    conn.query_row(&sql, params![slug, version], version_row)
        .optional()?
        .ok_or_else(|| ArchiveError::NotFound {
            what: "模板",
            id: match version {
                Some(v) => format!("{slug} 第 {v} 版"),
                None => slug.to_string(),
            },
        })
}

/// A template version by its row id (as referenced by agreements and ceremonies).
pub fn version_by_id(conn: &Connection, id: i64) -> Result<TemplateVersionRow, ArchiveError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM template_versions v JOIN templates t ON t.id = v.template_id
         WHERE v.id = ?1"
    );
    conn.query_row(&sql, [id], version_row)
        .optional()?
        .ok_or_else(|| ArchiveError::NotFound {
            what: "模板版本",
            id: id.to_string(),
        })
}

pub fn versions(conn: &Connection, slug: &str) -> Result<Vec<TemplateVersionRow>, ArchiveError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM template_versions v JOIN templates t ON t.id = v.template_id
         WHERE t.slug = ?1 ORDER BY v.version"
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map([slug], version_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Rewrites a version that no agreement has used yet (the editor saving a draft).
/// The schema's trigger refuses this for a used version; callers create a new
/// version instead.
pub fn replace_unused_version(
    conn: &Connection,
    version_id: i64,
    title: &str,
    body_json: &str,
) -> Result<(), ArchiveError> {
    conn.execute(
        "UPDATE template_versions SET body_json = ?2 WHERE id = ?1",
        params![version_id, body_json],
    )?;
    conn.execute(
        "UPDATE templates SET title = ?2 WHERE id = (SELECT template_id FROM template_versions WHERE id = ?1)",
        params![version_id, title],
    )?;
    Ok(())
}
