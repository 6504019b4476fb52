use std::path::PathBuf;

use signdesk_core::dto::{
    AgreementRecord, ExportResult, HistoryEntry, PrintResult, PrinterInfo, ScanReport,
    SearchFilters, SearchResult,
};
use signdesk_core::signing::{SignOutcome, SignRequest};
use signdesk_core::{CoreError, ErrorKind, Job, Progress};
use tauri::ipc::{Channel, Response};
use tauri::State;

use crate::state::DeskState;

#[tauri::command]
pub async fn archive_search(
    state: State<'_, DeskState>,
    filters: SearchFilters,
) -> Result<SearchResult, CoreError> {
    state.call(move |desk| desk.search(&filters)).await
}

#[tauri::command]
pub async fn agreement_get(
    state: State<'_, DeskState>,
    id: i64,
) -> Result<AgreementRecord, CoreError> {
    state.call(move |desk| desk.agreement(id)).await
}

/// The stored PDF as raw bytes (an ArrayBuffer in the webview, not a JSON array); the
/// webview renders it with pdf.js in memory — no decrypted copy touches the disk.
#[tauri::command]
pub async fn agreement_pdf(state: State<'_, DeskState>, id: i64) -> Result<Response, CoreError> {
    state
        .call(move |desk| desk.agreement_pdf(id))
        .await
        .map(Response::new)
}

#[tauri::command]
pub async fn agreement_sign(
    state: State<'_, DeskState>,
    request: SignRequest,
) -> Result<SignOutcome, CoreError> {
    state.call(move |desk| desk.sign(&request)).await
}

#[tauri::command]
pub async fn agreement_void(
    state: State<'_, DeskState>,
    id: i64,
    reason: String,
) -> Result<AgreementRecord, CoreError> {
    state
        .call(move |desk| desk.void_agreement(id, &reason))
        .await
}

/// What a scanner typed from a paper copy's QR code, resolved against the archive.
#[tauri::command]
pub async fn archive_resolve_scan(
    state: State<'_, DeskState>,
    text: String,
) -> Result<ScanReport, CoreError> {
    state.call(move |desk| desk.resolve_scan(&text)).await
}

#[tauri::command]
pub async fn agreement_history(
    state: State<'_, DeskState>,
    id: i64,
) -> Result<Vec<HistoryEntry>, CoreError> {
    state.call(move |desk| desk.agreement_history(id)).await
}

#[tauri::command]
pub async fn export_default_dir(state: State<'_, DeskState>) -> Result<Option<String>, CoreError> {
    state.call(move |desk| desk.default_export_dir()).await
}

/// Exports into a new folder inside `folder` (typed by the user; Rust writes the files,
/// the webview never gets file-system access). Long work: off the desk's lock, with
/// progress on `progress` and 取消 through `job_cancel(job)`.
#[tauri::command]
pub async fn archive_export(
    state: State<'_, DeskState>,
    filters: SearchFilters,
    folder: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<ExportResult, CoreError> {
    let folder = PathBuf::from(folder.trim());
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.export(&filters, &folder, job)
        })
        .await
}

#[tauri::command]
pub async fn printers_list(state: State<'_, DeskState>) -> Result<Vec<PrinterInfo>, CoreError> {
    state.call(move |desk| desk.printers()).await
}

/// Merges and spools off the desk's lock: a printer that takes its time (Windows
/// waits up to two minutes for the print verb) holds nobody up.
#[tauri::command]
pub async fn archive_print(
    state: State<'_, DeskState>,
    filters: SearchFilters,
    printer: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<PrintResult, CoreError> {
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.print(&filters, &printer, job)
        })
        .await
}

/// One merged PDF (every copy included) written into `folder`, to print from any viewer.
#[tauri::command]
pub async fn archive_print_pdf(
    state: State<'_, DeskState>,
    filters: SearchFilters,
    folder: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<PrintResult, CoreError> {
    let folder = PathBuf::from(folder.trim());
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.print_pdf_into(&filters, &folder, job)
        })
        .await
}

/// 取消 for the long work the window started as `job`; `false` when it had ended.
#[tauri::command]
pub async fn job_cancel(state: State<'_, DeskState>, job: u32) -> Result<bool, CoreError> {
    if state.kiosk_locked() {
        // Nothing a signer started can be running; the organiser's work is theirs.
        return Err(CoreError::invalid(
            ErrorKind::KioskLocked,
            "签约进行中，签约台已锁定；请组织者输入 PIN 退出签约模式",
        ));
    }
    Ok(state.cancel(job))
}

/// A job whose progress goes to the window's channel (thinned by the job itself).
pub(crate) fn reporting(channel: Channel<Progress>) -> Job {
    Job::new(move |p| {
        // A window that went away (reload, close) no longer listens; the work goes on.
        let _ = channel.send(p.clone());
    })
}
