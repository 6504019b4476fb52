use std::path::PathBuf;

use signdesk_core::dto::{
    AgreementRecord, ExportResult, HistoryEntry, PrintResult, PrinterInfo, ScanReport,
    SearchFilters, SearchResult,
};
use signdesk_core::signing::{SignOutcome, SignRequest};
use signdesk_core::CoreError;
use tauri::ipc::Response;
use tauri::State;

use crate::state::DeskState;

#[tauri::command]
pub fn archive_search(
    state: State<'_, DeskState>,
    filters: SearchFilters,
) -> Result<SearchResult, CoreError> {
    state.with(|desk| desk.search(&filters))
}

#[tauri::command]
pub fn agreement_get(state: State<'_, DeskState>, id: i64) -> Result<AgreementRecord, CoreError> {
    state.with(|desk| desk.agreement(id))
}

/// The stored PDF as raw bytes (an ArrayBuffer in the webview, not a JSON array); the
/// webview renders it with pdf.js in memory — no decrypted copy touches the disk.
#[tauri::command]
pub fn agreement_pdf(state: State<'_, DeskState>, id: i64) -> Result<Response, CoreError> {
    state.with(|desk| desk.agreement_pdf(id)).map(Response::new)
}

#[tauri::command]
pub fn agreement_sign(
    state: State<'_, DeskState>,
    request: SignRequest,
) -> Result<SignOutcome, CoreError> {
    state.with(|desk| desk.sign(&request))
}

#[tauri::command]
pub fn agreement_void(
    state: State<'_, DeskState>,
    id: i64,
    reason: String,
) -> Result<AgreementRecord, CoreError> {
    state.with(|desk| desk.void_agreement(id, &reason))
}

/// What a scanner typed from a paper copy's QR code, resolved against the archive.
#[tauri::command]
pub fn archive_resolve_scan(
    state: State<'_, DeskState>,
    text: String,
) -> Result<ScanReport, CoreError> {
    state.with(|desk| desk.resolve_scan(&text))
}

#[tauri::command]
pub fn agreement_history(
    state: State<'_, DeskState>,
    id: i64,
) -> Result<Vec<HistoryEntry>, CoreError> {
    state.with(|desk| desk.agreement_history(id))
}

#[tauri::command]
pub fn export_default_dir(state: State<'_, DeskState>) -> Result<Option<String>, CoreError> {
    state.with(|desk| desk.default_export_dir())
}

/// Exports into a new folder inside `folder` (typed by the user; Rust writes the files,
/// the webview never gets file-system access).
#[tauri::command]
pub fn archive_export(
    state: State<'_, DeskState>,
    filters: SearchFilters,
    folder: String,
) -> Result<ExportResult, CoreError> {
    state.with(|desk| desk.export(&filters, &PathBuf::from(folder.trim())))
}

#[tauri::command]
pub fn printers_list(state: State<'_, DeskState>) -> Result<Vec<PrinterInfo>, CoreError> {
    state.with(|desk| desk.printers())
}

#[tauri::command]
pub fn archive_print(
    state: State<'_, DeskState>,
    filters: SearchFilters,
    printer: String,
) -> Result<PrintResult, CoreError> {
    state.with(|desk| desk.print(&filters, &printer))
}

/// One merged PDF (every copy included) written into `folder`, to print from any viewer.
#[tauri::command]
pub fn archive_print_pdf(
    state: State<'_, DeskState>,
    filters: SearchFilters,
    folder: String,
) -> Result<PrintResult, CoreError> {
    state.with(|desk| desk.print_pdf_into(&filters, &PathBuf::from(folder.trim())))
}
