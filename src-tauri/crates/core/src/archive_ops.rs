//! The archive's read side and what follows signing: search, an agreement's record
//! and PDF, void, export, print. The front ends only convert arguments; every check
//! and every Chinese message is here or in the archive crate.

use signdesk_base::{ErrorKind, Job, WorkStage};
use std::path::Path;

use signdesk_archive::search::{self, SearchQuery, Status};
use signdesk_archive::{agreements, audit, signatures, voids, AgreementRow};
use signdesk_output::{export, print};

use crate::dto::{
    AgreementRecord, ExportResult, HistoryEntry, PrintResult, PrinterInfo, ScanReport,
    SearchFilters, SearchHit, SearchResult, SignatureInfo, VoidInfo,
};
use crate::{CoreError, Desk};

fn query(f: &SearchFilters) -> Result<SearchQuery, CoreError> {
    if let Some(y) = f.year {
        CoreError::year(y)?;
    }
    Ok(SearchQuery {
        text: f.text.clone(),
        year: f.year,
        department: f.department.clone(),
        template: f.template.clone(),
        status: f.status,
        assessed: f.assessed,
        score_min: hundredths(f.score_min.as_deref(), "最低分")?,
        score_max: hundredths(f.score_max.as_deref(), "最高分")?,
        limit: f.limit,
        offset: f.offset,
    })
}

/// A score bound typed by a person (`89.5`) in hundredths of a point.
fn hundredths(text: Option<&str>, what: &str) -> Result<Option<i64>, CoreError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let d: signdesk_assess::Decimal = t
        .parse()
        .map_err(|_| CoreError::invalid(ErrorKind::BadArgument, format!("{what}“{t}”不是数字")))?;
    let h = (d * signdesk_assess::Decimal::from(100)).round();
    i64::try_from(h)
        .ok()
        .filter(|h| (0..=100_000).contains(h))
        .map(Some)
        .ok_or_else(|| CoreError::invalid(ErrorKind::BadArgument, format!("{what}“{t}”超出范围")))
}

fn record(row: AgreementRow, sigs: Vec<signatures::SignatureRow>) -> AgreementRecord {
    AgreementRecord {
        id: row.id,
        number: row.number,
        template: row.template_slug,
        template_version: row.template_version,
        signer: row.signer_name,
        employee_no: row.employee_no,
        department: row.department,
        year: row.year,
        title: row.title,
        signed_at: row.signed_at,
        signed_text: row.signed_text,
        values_json: row.values_json,
        content_sha256: row.content_sha256,
        pdf_sha256: row.pdf_sha256,
        pdf_size: row.pdf_size,
        pages: row.pages,
        copies: row.copies,
        operator: row.operator,
        status: if row.void.is_some() {
            Status::Voided
        } else {
            Status::Signed
        },
        void: row.void.map(|v| VoidInfo {
            reason: v.reason,
            voided_at: v.voided_at,
            actor: v.actor,
        }),
        signatures: sigs
            .into_iter()
            .map(|s| SignatureInfo {
                role_key: s.role_key,
                role_label: s.role_label,
                signer_name: s.signer_name,
                signed_at: s.signed_at,
            })
            .collect(),
    }
}

impl Desk {
    pub fn search(&self, filters: &SearchFilters) -> Result<SearchResult, CoreError> {
        self.guard()?;
        let r = search::search(self.archive.read(), &query(filters)?)?;
        Ok(SearchResult {
            total: r.total,
            hits: r
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    id: h.id,
                    number: h.number,
                    signer: h.signer,
                    year: h.year,
                    department: h.department,
                    title: h.title,
                    signed_at: h.signed_at,
                    status: h.status,
                })
                .collect(),
        })
    }

    /// The agreements a selection means: explicit ids, else every match of the filters.
    fn selection(&self, filters: &SearchFilters) -> Result<Vec<i64>, CoreError> {
        let ids = match &filters.ids {
            Some(ids) => {
                for id in ids {
                    agreements::get(self.archive.read(), *id)?;
                }
                ids.clone()
            }
            None => search::select_ids(self.archive.read(), &query(filters)?)?,
        };
        if ids.is_empty() {
            return Err(CoreError::invalid(
                ErrorKind::EmptySelection,
                "没有符合条件的协议",
            ));
        }
        Ok(ids)
    }

    pub fn agreement(&self, id: i64) -> Result<AgreementRecord, CoreError> {
        self.guard()?;
        let row = agreements::get(self.archive.read(), id)?;
        let sigs = signatures::for_agreement(self.archive.read(), id)?;
        Ok(record(row, sigs))
    }

    /// Resolves what a scanner read off a paper copy's record page (see
    /// `signdesk_base::scan`): which agreement it is, whether the archive still holds
    /// the same content, and whether the history up to the chain position printed on it
    /// is unchanged.
    pub fn resolve_scan(&self, text: &str) -> Result<ScanReport, CoreError> {
        self.guard()?;
        let code = signdesk_base::ScanCode::parse(text).ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::BadArgument,
                "这不是签约台协议上的二维码（应以 SIGNDESK: 开头，含编号与内容摘要）",
            )
        })?;
        let conn = self.archive.read();
        let agreement = match agreements::by_number(conn, &code.number) {
            Ok(row) => {
                let sigs = signatures::for_agreement(conn, row.id)?;
                Some(record(row, sigs))
            }
            Err(signdesk_archive::ArchiveError::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        };
        let problems = crate::evidence::scan_problems(conn, &code, agreement.as_ref())?;
        Ok(ScanReport {
            number: code.number,
            ok: problems.is_empty(),
            agreement,
            problems,
        })
    }

    /// What happened to an agreement: signed, countersigned, voided, printed, exported.
    pub fn agreement_history(&self, id: i64) -> Result<Vec<HistoryEntry>, CoreError> {
        self.guard()?;
        let row = agreements::get(self.archive.read(), id)?;
        audit::for_agreement(self.archive.read(), id, &row.number)?
            .into_iter()
            .map(|e| {
                Ok(HistoryEntry {
                    seq: e.seq,
                    // A stored event outside the set is named, not hidden.
                    event: e.event.parse()?,
                    at: e.at,
                    actor: e.actor,
                    detail: e.detail,
                })
            })
            .collect()
    }

    /// Where exports, merged print files and backups go unless told otherwise: the
    /// first removable drive plugged in, or `None` — then the front end asks. Never the
    /// laptop's Documents folder, where every later user of a shared laptop would find
    /// decrypted agreements.
    pub fn default_export_dir(&self) -> Result<Option<String>, CoreError> {
        self.guard()?;
        Ok(signdesk_output::drives::removable_drives()
            .first()
            .map(|d| d.display().to_string()))
    }

    /// The stored PDF, exactly as signed (for preview and saving).
    pub fn agreement_pdf(&self, id: i64) -> Result<Vec<u8>, CoreError> {
        self.guard()?;
        Ok(agreements::pdf(self.archive.read(), id)?)
    }

    pub fn void_agreement(&mut self, id: i64, reason: &str) -> Result<AgreementRecord, CoreError> {
        self.guard()?;
        let actor = self.actor.clone();
        self.archive
            .write(|tx| voids::void(tx, id, reason, &actor))?;
        self.agreement(id)
    }

    pub fn export(
        &mut self,
        filters: &SearchFilters,
        out: &Path,
        job: &Job,
    ) -> Result<ExportResult, CoreError> {
        self.guard()?;
        job.step(WorkStage::Select, 0, 0, "")?;
        let ids = self.selection(filters)?;
        let actor = self.actor.clone();
        let r = export::export(&mut self.archive, &ids, out, &actor, job)?;
        Ok(ExportResult {
            folder: r.folder.display().to_string(),
            files: r.files as u32,
            bytes: r.bytes as i64,
            paths: r.paths,
        })
    }

    pub fn printers(&self) -> Result<Vec<PrinterInfo>, CoreError> {
        self.guard()?;
        printers()
    }

    pub fn print(
        &mut self,
        filters: &SearchFilters,
        printer: &str,
        job: &Job,
    ) -> Result<PrintResult, CoreError> {
        self.guard()?;
        job.step(WorkStage::Select, 0, 0, "")?;
        let ids = self.selection(filters)?;
        let actor = self.actor.clone();
        Ok(print_result(print::print_to(
            &mut self.archive,
            &ids,
            printer,
            &actor,
            job,
        )?))
    }

    /// [`Desk::print_merged_pdf`] into `folder`, named `签约台打印-<date-time>.pdf`.
    pub fn print_pdf_into(
        &mut self,
        filters: &SearchFilters,
        folder: &Path,
        job: &Job,
    ) -> Result<PrintResult, CoreError> {
        let name = chrono::Local::now()
            .format("签约台打印-%Y%m%d-%H%M%S.pdf")
            .to_string();
        self.print_merged_pdf(filters, &folder.join(name), job)
    }

    /// Writes the selection as one merged PDF (copies included) to print from any viewer.
    pub fn print_merged_pdf(
        &mut self,
        filters: &SearchFilters,
        file: &Path,
        job: &Job,
    ) -> Result<PrintResult, CoreError> {
        self.guard()?;
        job.step(WorkStage::Select, 0, 0, "")?;
        let ids = self.selection(filters)?;
        let actor = self.actor.clone();
        Ok(print_result(print::write_merged(
            &mut self.archive,
            &ids,
            file,
            &actor,
            job,
        )?))
    }
}

fn print_result(r: print::PrintReport) -> PrintResult {
    PrintResult {
        target: r.target,
        job: r.job,
        agreements: r.agreements as u32,
        pages: r.pages,
    }
}

/// The printers the system knows, the default marked (the desk's and the group view's).
pub fn printers() -> Result<Vec<PrinterInfo>, CoreError> {
    Ok(print::printers()?
        .into_iter()
        .map(|p| PrinterInfo {
            name: p.name,
            accepting: p.accepting,
            state: p.state,
            default: p.default,
        })
        .collect())
}
