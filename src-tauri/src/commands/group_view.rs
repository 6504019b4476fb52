//! The group view (issue 25): the app opened on the group archive, read-only — search
//! across sites, a PDF's preview, export of a selection, 签订率, verify, and 导入上报包
//! (the one write: a desk's bundle through the group's ingest). The
//! connection and its password stay in Rust (`state/group.rs`); the window gets only
//! `server` (who@where) and whether a password is still needed. Every command is
//! refused in kiosk mode.

use std::path::PathBuf;

use signdesk_core::dto::PrinterInfo;
use signdesk_core::dto::SessionState;
use signdesk_core::group_view::{
    Coverage, Found, GroupExported, GroupImported, GroupPrinted, GroupView, GroupViewState, Query,
    Report,
};
use signdesk_core::{CoreError, ErrorKind, Progress};
use tauri::ipc::{Channel, Response};
use tauri::State;

use crate::commands::archive::reporting;
use crate::state::DeskState;

/// The organiser's commands are never the signer's.
fn refuse_kiosk(state: &DeskState) -> Result<(), CoreError> {
    if state.kiosk_locked() {
        return Err(CoreError::invalid(
            ErrorKind::KioskLocked,
            "签约进行中，签约台已锁定；不能打开集团档案库",
        ));
    }
    Ok(())
}

/// 「打开集团档案库」 on the first screen: connects (password and schema checked)
/// before the app leaves the desk's screens.
#[tauri::command]
pub async fn group_view_open(
    state: State<'_, DeskState>,
    url: String,
    password: Option<String>,
) -> Result<SessionState, CoreError> {
    refuse_kiosk(&state)?;
    state
        .session_step(move |s| {
            let view = GroupView::new(&url, password.as_deref())?;
            view.sites()?;
            s.enter_group(view)
        })
        .await
}

/// 「退出集团档案库」: back to the first screen; the connection and password are dropped.
#[tauri::command]
pub async fn group_view_close(state: State<'_, DeskState>) -> Result<SessionState, CoreError> {
    refuse_kiosk(&state)?;
    state.session_step(|s| s.leave_group()).await
}

#[tauri::command]
pub async fn group_view_state(state: State<'_, DeskState>) -> Result<GroupViewState, CoreError> {
    refuse_kiosk(&state)?;
    state.call_group(|v| Ok(v.state())).await
}

/// The password, when the connection string has none: checked by connecting, then
/// kept in memory (never sent back).
#[tauri::command]
pub async fn group_view_password(
    state: State<'_, DeskState>,
    password: String,
) -> Result<GroupViewState, CoreError> {
    refuse_kiosk(&state)?;
    state
        .session_step(move |s| Ok(s.group_password(&password)?.state()))
        .await
}

/// The registered sites' names (for the site filter); connects when needed.
#[tauri::command]
pub async fn group_view_sites(state: State<'_, DeskState>) -> Result<Vec<String>, CoreError> {
    refuse_kiosk(&state)?;
    state.call_group(|v| v.sites()).await
}

#[tauri::command]
pub async fn group_view_search(
    state: State<'_, DeskState>,
    query: Query,
) -> Result<Found, CoreError> {
    refuse_kiosk(&state)?;
    state.call_group(move |v| v.search(&query)).await
}

/// One agreement's PDF as raw bytes, shown by pdf.js in memory.
#[tauri::command]
pub async fn group_view_pdf(
    state: State<'_, DeskState>,
    site: String,
    number: String,
) -> Result<Response, CoreError> {
    refuse_kiosk(&state)?;
    state
        .call_group(move |v| v.pdf(&site, &number))
        .await
        .map(Response::new)
}

/// Every hit of `query` (all pages) into a new folder inside `folder` (typed or
/// picked; Rust writes), each PDF re-hashed against its stored hash; long work.
#[tauri::command]
pub async fn group_view_export(
    state: State<'_, DeskState>,
    query: Query,
    folder: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<GroupExported, CoreError> {
    refuse_kiosk(&state)?;
    let folder = PathBuf::from(folder.trim());
    state
        .group_work(job, reporting(progress), move |v, job| {
            v.export(&query, &folder, job)
        })
        .await
}

/// 签订率 of `year` per site and department, with who is missing.
#[tauri::command]
pub async fn group_view_coverage(
    state: State<'_, DeskState>,
    year: i32,
) -> Result<Coverage, CoreError> {
    refuse_kiosk(&state)?;
    state.call_group(move |v| v.coverage(year)).await
}

/// The year's assessment per site and department (年度考核汇总).
#[tauri::command]
pub async fn group_view_report(
    state: State<'_, DeskState>,
    year: i32,
) -> Result<signdesk_core::group_view::YearReport, CoreError> {
    refuse_kiosk(&state)?;
    state.call_group(move |v| v.report(year)).await
}

/// The year's report as .xlsx into `folder` (typed or picked; Rust writes the file).
#[tauri::command]
pub async fn group_view_report_xlsx(
    state: State<'_, DeskState>,
    year: i32,
    folder: String,
) -> Result<String, CoreError> {
    refuse_kiosk(&state)?;
    let folder = std::path::PathBuf::from(folder.trim());
    state
        .call_group(move |v| v.report_xlsx_into(year, &folder))
        .await
}

/// Every chain and PDF re-checked (long work, its own connection).
#[tauri::command]
pub async fn group_view_verify(
    state: State<'_, DeskState>,
    job: u32,
    progress: Channel<Progress>,
) -> Result<Report, CoreError> {
    refuse_kiosk(&state)?;
    state
        .group_work(job, reporting(progress), |v, job| v.verify(job))
        .await
}

/// 导入上报包: a desk's bundle at `file` (typed or picked; Rust reads it) through the
/// group's ingest, on a session of its own that may write (long work).
#[tauri::command]
pub async fn group_view_import(
    state: State<'_, DeskState>,
    file: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<GroupImported, CoreError> {
    refuse_kiosk(&state)?;
    let file = PathBuf::from(file.trim());
    state
        .group_work(job, reporting(progress), move |v, job| {
            v.import_bundle(&file, job)
        })
        .await
}

/// The system's printers, for printing a search's hits (no desk is open here).
#[tauri::command]
pub async fn group_view_printers(
    state: State<'_, DeskState>,
) -> Result<Vec<PrinterInfo>, CoreError> {
    refuse_kiosk(&state)?;
    state.call_group(|_| signdesk_core::printers()).await
}

/// Every hit of `query`, each in its copies, as one job on `printer`, or (no printer)
/// as one merged PDF written into `folder` (typed or picked; Rust writes); long work.
#[tauri::command]
pub async fn group_view_print(
    state: State<'_, DeskState>,
    query: Query,
    printer: Option<String>,
    folder: Option<String>,
    job: u32,
    progress: Channel<Progress>,
) -> Result<GroupPrinted, CoreError> {
    refuse_kiosk(&state)?;
    state
        .group_work(job, reporting(progress), move |v, job| {
            match (&printer, &folder) {
                (Some(p), None) => v.print(&query, p, job),
                (None, Some(f)) => v.print_pdf_into(&query, &PathBuf::from(f.trim()), job),
                _ => Err(CoreError::invalid(
                    ErrorKind::BadArgument,
                    "请选择打印机，或填写打印文件保存到的文件夹",
                )),
            }
        })
        .await
}
