//! Templates: built-ins, import, listing, editing with immutable used versions.

use signdesk_agreement::{self as agreement, Role, Template};
use signdesk_archive::{audit, settings, templates, ArchiveError, Connection, TemplateVersionRow};
use signdesk_base::ErrorKind;

use crate::dto::{TemplateDetail, TemplateSummary};
use crate::{CoreError, Desk};

/// Bumped whenever the built-in texts or detection change, so that an existing
/// archive receives the new built-ins (as new templates or new versions).
const BUILTINS_KEY: &str = "builtins.installed";

impl From<agreement::ImportError> for CoreError {
    fn from(e: agreement::ImportError) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string())
    }
}

impl From<agreement::ValidationError> for CoreError {
    fn from(e: agreement::ValidationError) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string())
    }
}

impl From<agreement::FillError> for CoreError {
    fn from(e: agreement::FillError) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string())
    }
}

fn to_json(t: &Template) -> Result<String, CoreError> {
    serde_json::to_string(t)
        .map_err(|e| CoreError::invalid(ErrorKind::Internal, format!("模板无法保存：{e}")))
}

/// The one way a stored template version is read: parsed, its fields' fills set by
/// Rust's rule (versions stored before `fill` existed have none), and its scheme read
/// from its text when it was stored without one.
pub(crate) fn parse(row: &TemplateVersionRow) -> Result<Template, CoreError> {
    let mut t: Template = serde_json::from_str(&row.body_json).map_err(|e| {
        ArchiveError::Corrupt(format!(
            "模板 {} 第 {} 版无法读取：{e}",
            row.slug, row.version
        ))
    })?;
    t.resolve_fills();
    // Versions stored before schemes existed: the assessment their text states, so the
    // editor, the grid and scoring all see the same scheme (`Some(empty)` is a scheme
    // removed on purpose and stays).
    if t.scheme.is_none() {
        t.scheme = Some(signdesk_assess::detect(&t.plain_text())).filter(|s| s.is_stated());
    }
    Ok(t)
}

fn detail(row: &TemplateVersionRow) -> Result<TemplateDetail, CoreError> {
    Ok(TemplateDetail {
        id: row.slug.clone(),
        version: row.version,
        used: row.used,
        source_name: row.source_name.clone(),
        created_at: row.created_at.clone(),
        template: parse(row)?,
    })
}

/// A readable, unique id for an imported template.
fn new_slug(conn: &Connection) -> Result<String, CoreError> {
    let stamp = chrono::Local::now().format("%Y%m%d");
    for n in 1.. {
        let slug = format!("import-{stamp}-{n}");
        if !templates::slug_exists(conn, &slug)? {
            return Ok(slug);
        }
    }
    unreachable!("the loop returns")
}

impl Desk {
    /// Makes sure every built-in template is in the archive, once per app version.
    pub(crate) fn install_builtins(&mut self) -> Result<(), CoreError> {
        let stamp = env!("CARGO_PKG_VERSION");
        if settings::get(self.archive.read(), BUILTINS_KEY)?.as_deref() == Some(stamp) {
            return Ok(());
        }
        let builtins = agreement::builtins();
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            for b in &builtins {
                let body = to_json(&b.template)?;
                let id = if templates::slug_exists(tx, b.id)? {
                    let latest = templates::version(tx, b.id, None)?;
                    // Compared as templates, not as JSON: a field added to the model
                    // since (with its default) is not a new version.
                    if parse(&latest)? == b.template {
                        continue;
                    }
                    latest.template_id
                } else {
                    templates::insert(tx, b.id, &b.template.title, true)?
                };
                let (_, v) = templates::add_version(tx, id, &b.template.title, &body, "内置")?;
                audit::append(
                    tx,
                    &actor,
                    signdesk_base::AuditEvent::TemplateVersioned,
                    b.id,
                    &format!("内置模板 第 {v} 版"),
                )?;
            }
            settings::set(tx, BUILTINS_KEY, stamp)?;
            Ok::<_, CoreError>(())
        })
    }

    pub fn templates(&self) -> Result<Vec<TemplateSummary>, CoreError> {
        self.guard()?;
        let conn = self.archive.read();
        templates::list(conn)?
            .into_iter()
            .map(|row| {
                let latest = templates::version(conn, &row.slug, None)?;
                let t = parse(&latest)?;
                Ok(TemplateSummary {
                    id: row.slug,
                    title: row.title,
                    builtin: row.builtin,
                    latest_version: row.latest_version,
                    versions: templates::versions(conn, &latest.slug)?.len() as u32,
                    clauses: t.clause_count() as u32,
                    fields: t.fields.len() as u32,
                    roles: t.roles.iter().map(|r| r.label.clone()).collect(),
                    copies: t.copies,
                })
            })
            .collect()
    }

    pub fn template(&self, id: &str, version: Option<u32>) -> Result<TemplateDetail, CoreError> {
        self.guard()?;
        detail(&templates::version(self.archive.read(), id, version)?)
    }

    /// Detects the structure of a file (or pasted text, as `粘贴文本.txt`) and stores
    /// it as a new template. Nothing is stored when detection fails.
    pub fn import_template(
        &mut self,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<TemplateDetail, CoreError> {
        self.guard()?;
        let template = agreement::import(file_name, bytes)?;
        // Stored even when its signature block was not found (no role, or none for
        // the signer): the editor opens it and asks; `save_template`, signing and
        // ceremonies require a signer-side role.
        template.validate_draft()?;
        let body = to_json(&template)?;
        let actor = self.actor.clone();
        let slug = self.archive.write(|tx| {
            let slug = new_slug(tx)?;
            let id = templates::insert(tx, &slug, &template.title, false)?;
            templates::add_version(tx, id, &template.title, &body, file_name)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::TemplateVersioned,
                &slug,
                &format!("导入“{file_name}” 第 1 版"),
            )?;
            Ok::<_, CoreError>(slug)
        })?;
        self.template(&slug, None)
    }

    /// The roles one line of a template's text names — the editor's offer when the
    /// signature block was not found: labels as written on the line, each role's way
    /// of signing and side read from its words (`agreement::roles_from_line`), keys
    /// not in `taken`. Nothing is stored: the editor adds them to its draft.
    pub fn roles_from_line(&self, line: &str, taken: &[String]) -> Result<Vec<Role>, CoreError> {
        self.guard()?;
        if line.chars().count() > agreement::validate::MAX_PARAGRAPH_CHARS {
            return Err(CoreError::invalid(
                ErrorKind::TooLong,
                "这一行太长，不像签字栏：请选择协议末尾写着签字人的那一行",
            ));
        }
        Ok(agreement::roles_from_line(line, taken))
    }

    /// Saves an edited template. The latest version is rewritten while no agreement
    /// has been signed on it; once used it is frozen and the edit becomes a new version.
    pub fn save_template(
        &mut self,
        id: &str,
        template: &Template,
    ) -> Result<TemplateDetail, CoreError> {
        self.guard()?;
        template.validate()?;
        // The fills are Rust's rule, whatever the editor sent.
        let mut template = template.clone();
        template.resolve_fills();
        let template = &template;
        let body = to_json(template)?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            let latest = templates::version(tx, id, None)?;
            if parse(&latest)? == *template {
                return Ok(());
            }
            if latest.used {
                let (_, v) =
                    templates::add_version(tx, latest.template_id, &template.title, &body, "编辑")?;
                audit::append(
                    tx,
                    &actor,
                    signdesk_base::AuditEvent::TemplateVersioned,
                    id,
                    &format!("编辑后 第 {v} 版"),
                )?;
            } else {
                templates::replace_unused_version(tx, latest.id, &template.title, &body)?;
                audit::append(
                    tx,
                    &actor,
                    signdesk_base::AuditEvent::TemplateEdited,
                    id,
                    &format!("修改第 {} 版（尚未使用）", latest.version),
                )?;
            }
            Ok::<_, CoreError>(())
        })?;
        self.template(id, None)
    }
}
