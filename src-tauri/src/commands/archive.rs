use signdesk_core::dto::{AgreementRecord, SearchFilters, SearchResult};
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
