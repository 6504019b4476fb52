//! Roster import: parse and check a staff list (`signdesk-roster`), show the preview,
//! and save it only when every row is clean — all rows in one transaction, or none.
//! A roster with one bad row saving the other 199 would leave the organiser unsure
//! who is in the archive; refusing the whole file makes "fix the file, import again"
//! the one obvious path. People are matched by employee number, so importing next
//! year's roster keeps everyone's identity (and their earlier agreements).

use signdesk_archive::{audit, people, NewPerson, Transaction};
use signdesk_base::{ErrorKind, Job, WorkStage};

use crate::dto::{PersonInfo, RosterImport, RosterIssue, RosterPreview, RosterRow};
use crate::error::nothing_saved;
use crate::{CoreError, Desk};

/// A roster file that cannot be read as a whole; calamine's or zip's words logged.
impl From<signdesk_roster::RosterError> for CoreError {
    fn from(e: signdesk_roster::RosterError) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string()).with_detail(e.detail())
    }
}

impl Desk {
    /// Previews the roster in `bytes`; with `commit`, also saves it when it has no
    /// errors (else fails with kind `roster_has_errors`, saving nothing). Saving is one
    /// transaction, each person a step of `job`: 取消 saves nobody.
    pub fn import_roster(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        commit: bool,
        job: &Job,
    ) -> Result<RosterImport, CoreError> {
        self.guard()?;
        let (import, _) = self
            .save_roster(file_name, bytes, commit, job, |_, _| Ok(()))
            .map_err(nothing_saved)?;
        Ok(import)
    }

    /// [`Desk::import_roster`], then `also` with the saved people's ids in file order,
    /// in the same transaction (a ceremony puts them on its roster); `None` from
    /// `also` when only previewed.
    pub(crate) fn save_roster<T>(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        commit: bool,
        job: &Job,
        also: impl FnOnce(&Transaction<'_>, &[i64]) -> Result<T, CoreError>,
    ) -> Result<(RosterImport, Option<T>), CoreError> {
        job.step(WorkStage::Import, 0, 0, file_name)?;
        let parsed = signdesk_roster::parse(file_name, bytes).map_err(CoreError::from)?;
        let mut import = RosterImport {
            preview: to_dto(file_name, &parsed),
            saved: 0,
            created: 0,
        };
        if !commit {
            return Ok((import, None));
        }
        refuse_unclean(&parsed)?;
        let list: Vec<NewPerson> = parsed
            .rows
            .iter()
            .map(|r| NewPerson {
                name: r.name.clone(),
                employee_no: r.employee_no.clone(),
                department: r.department.clone(),
                position: r.position.clone(),
            })
            .collect();
        let actor = self.actor.clone();
        let (done, also) = self.archive.write(|tx| {
            let done = people::upsert_all(tx, &list, job)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::RosterImported,
                file_name,
                &format!("{} 人，其中新增 {} 人", done.saved, done.created),
            )?;
            let also = also(tx, &done.ids)?;
            Ok::<_, CoreError>((done, also))
        })?;
        import.saved = done.saved;
        import.created = done.created;
        Ok((import, Some(also)))
    }

    /// Corrects a person by hand (name, employee number, department, position). Their
    /// archived agreements keep what they were signed with.
    pub fn update_person(&mut self, id: i64, p: &PersonInfo) -> Result<PersonInfo, CoreError> {
        self.guard()?;
        let name = crate::signing::clean_name("人员", &p.name)?;
        for (what, v) in [("部门", &p.department), ("岗位", &p.position)] {
            if !signdesk_base::name::short_text_ok(v) {
                return Err(CoreError::invalid(
                    ErrorKind::BadValue,
                    format!(
                        "{what}含有控制字符或过长（最多 {} 个字）",
                        signdesk_base::name::SHORT_TEXT_MAX_CHARS
                    ),
                ));
            }
        }
        let new = NewPerson {
            name,
            employee_no: p.employee_no.clone(),
            department: p.department.trim().to_string(),
            position: p.position.trim().to_string(),
        };
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            people::update(tx, id, &new)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::PersonUpdated,
                &id.to_string(),
                &new.name,
            )?;
            Ok::<_, CoreError>(())
        })?;
        let r = people::get(self.archive.read(), id)?;
        Ok(PersonInfo {
            id: r.id,
            name: r.name,
            employee_no: r.employee_no,
            department: r.department,
            position: r.position,
            pinyin: r.pinyin,
            initials: r.initials,
        })
    }

    /// Everyone in the archive, by department then name.
    pub fn people(&self) -> Result<Vec<PersonInfo>, CoreError> {
        self.guard()?;
        Ok(people::list(self.archive.read())?
            .into_iter()
            .map(|p| PersonInfo {
                id: p.id,
                name: p.name,
                employee_no: p.employee_no,
                department: p.department,
                position: p.position,
                pinyin: p.pinyin,
                initials: p.initials,
            })
            .collect())
    }
}

/// A roster with any row or file error is saved by nobody.
fn refuse_unclean(parsed: &signdesk_roster::RosterPreview) -> Result<(), CoreError> {
    if parsed.is_clean() {
        return Ok(());
    }
    let mut what = Vec::new();
    if parsed.errors_count > 0 {
        what.push(format!("{} 行有错误", parsed.errors_count));
    }
    if !parsed.file_errors.is_empty() {
        what.push(format!("文件有 {} 处问题", parsed.file_errors.len()));
    }
    Err(CoreError::invalid(
        ErrorKind::RosterHasErrors,
        format!(
            "名单中{}，未保存任何人员；请改正后重新导入",
            what.join("、")
        ),
    ))
}

fn to_dto(file_name: &str, p: &signdesk_roster::RosterPreview) -> RosterPreview {
    RosterPreview {
        file_name: file_name.to_string(),
        encoding: p.encoding.clone(),
        header_line: p.header_line,
        rows: p
            .rows
            .iter()
            .map(|r| RosterRow {
                line: r.line,
                name: r.name.clone(),
                employee_no: r.employee_no.clone(),
                department: r.department.clone(),
                position: r.position.clone(),
                errors: r
                    .errors
                    .iter()
                    .map(|e| RosterIssue {
                        kind: e.kind,
                        message: e.message.clone(),
                    })
                    .collect(),
            })
            .collect(),
        errors_count: p.errors_count,
        file_errors: p
            .file_errors
            .iter()
            .map(|e| RosterIssue {
                kind: e.kind,
                message: e.message.clone(),
            })
            .collect(),
        notes: p.notes.clone(),
    }
}
