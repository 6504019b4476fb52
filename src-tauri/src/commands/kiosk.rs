//! The signer's commands: everything a person at the locked laptop can reach, and
//! nothing else. Each is named `kiosk_*` and goes through `DeskState::call_kiosk`
//! (the `KioskDesk` type); `build.rs` lists this module's commands as the kiosk's
//! (`KIOSK_COMMANDS`) and refuses a `kiosk_*` command anywhere else or one here that
//! reaches the whole desk. The kiosk's lock itself lives in the core (`kiosk.rs`);
//! the shell adds what a window can do: full screen while locked.

use signdesk_core::assess::AssessmentView;
use signdesk_core::ceremony::{CeremonySigned, KioskPerson, PersonAgreement};
use signdesk_core::dto::SessionState;
use signdesk_core::kiosk::KioskState;
use signdesk_core::signing::SignatureInput;
use signdesk_core::CoreError;
use tauri::ipc::Response;
use tauri::{Runtime, State, WebviewWindow};

use super::ceremonies::{window_unlocked, DEVICE};
use crate::state::DeskState;

#[tauri::command]
pub async fn kiosk_state(state: State<'_, DeskState>) -> Result<Option<KioskState>, CoreError> {
    state.call_kiosk(move |k| k.state()).await
}

#[tauri::command]
pub async fn kiosk_find(
    state: State<'_, DeskState>,
    id: i64,
    query: String,
) -> Result<Vec<KioskPerson>, CoreError> {
    state.call_kiosk(move |k| k.find(id, &query)).await
}

#[tauri::command]
pub async fn kiosk_agreement(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
) -> Result<PersonAgreement, CoreError> {
    state
        .call_kiosk(move |mut k| k.agreement(id, person_id, &confirm))
        .await
}

/// The check step: the signer's agreement prepared for storing — date, signatures,
/// number and chain position fixed — and kept in Rust under a token (`staged.rs`).
/// The page then fetches its bytes with `ceremony_preview_pdf`.
#[tauri::command]
pub async fn kiosk_preview(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
    signatures: Vec<SignatureInput>,
) -> Result<String, CoreError> {
    state
        .call_kiosk(move |mut k| {
            k.preview(id, person_id, &confirm, &signatures, DEVICE)
                .map(|s| s.token)
        })
        .await
}

/// The prepared agreement as raw PDF bytes (an ArrayBuffer in the webview, shown by
/// pdf.js in memory): exactly what 「确认签署并归档」 seals and stores.
#[tauri::command]
pub async fn kiosk_preview_pdf(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
    token: String,
) -> Result<Response, CoreError> {
    state
        .call_kiosk(move |k| k.preview_pdf(id, person_id, &confirm, &token))
        .await
        .map(Response::new)
}

/// 「确认签署并归档」: stores the preview made under `token`; nothing is sent again.
#[tauri::command]
pub async fn kiosk_sign(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
    token: String,
) -> Result<CeremonySigned, CoreError> {
    state
        .call_kiosk(move |mut k| k.sign(id, person_id, &confirm, &token))
        .await
}

#[tauri::command]
pub async fn kiosk_result(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
) -> Result<AssessmentView, CoreError> {
    state
        .call_kiosk(move |k| k.result(id, person_id, &confirm))
        .await
}

#[tauri::command]
pub async fn kiosk_result_pdf(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
) -> Result<Response, CoreError> {
    state
        .call_kiosk(move |mut k| k.result_pdf(id, person_id, &confirm))
        .await
        .map(Response::new)
}

#[tauri::command]
pub async fn kiosk_acknowledge(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    confirm: String,
    signature: SignatureInput,
) -> Result<AssessmentView, CoreError> {
    state
        .call_kiosk(move |mut k| k.acknowledge(id, person_id, &confirm, &signature))
        .await
}

#[tauri::command]
pub async fn kiosk_exit<R: Runtime>(
    state: State<'_, DeskState>,
    window: WebviewWindow<R>,
    pin: String,
) -> Result<SessionState, CoreError> {
    state.call_kiosk(move |mut k| k.exit(&pin)).await?;
    window_unlocked(&window);
    // The PIN ends the ceremony, not the organiser's session: the laptop returns to
    // the unlock screen, and only the passphrase opens the archive again.
    state.lock()
}
