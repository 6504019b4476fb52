//! Ceremony and kiosk commands. The kiosk lock itself lives in the core (`kiosk.rs`);
//! the shell only adds what a window can do: full screen while locked.

use signdesk_core::ceremony::{
    CeremonyDetail, CeremonyInput, CeremonyRosterAdded, CeremonySummary,
};
use signdesk_core::dto::PersonInfo;
use signdesk_core::kiosk::KioskState;
use signdesk_core::signing::{SignOutcome, SignatureInput};
use signdesk_core::{CoreError, Progress};
use tauri::ipc::Channel;
use tauri::{Runtime, State, WebviewWindow};

use super::archive::reporting;
use crate::state::DeskState;

/// Recorded in the signing record as the device.
pub(super) const DEVICE: &str = "签约台（共用电脑）";

#[tauri::command]
pub async fn ceremonies_list(
    state: State<'_, DeskState>,
) -> Result<Vec<CeremonySummary>, CoreError> {
    state.call(move |desk| desk.ceremonies()).await
}

#[tauri::command]
pub async fn ceremony_create(
    state: State<'_, DeskState>,
    input: CeremonyInput,
) -> Result<CeremonySummary, CoreError> {
    state.call(move |desk| desk.ceremony_create(&input)).await
}

#[tauri::command]
pub async fn ceremony_get(
    state: State<'_, DeskState>,
    id: i64,
) -> Result<CeremonyDetail, CoreError> {
    state.call(move |desk| desk.ceremony(id)).await
}

/// Previews (`commit` false) or saves the roster file staged as `upload`
/// (`upload_stage`) onto the ceremony: long work off the desk's lock, each row
/// reported on `progress`, and 取消 (`job_cancel(job)`) saves nobody.
#[tauri::command]
pub async fn ceremony_import_roster(
    state: State<'_, DeskState>,
    id: i64,
    upload: String,
    commit: bool,
    job: u32,
    progress: Channel<Progress>,
) -> Result<CeremonyRosterAdded, CoreError> {
    let file = state.call(move |desk| desk.take_upload(&upload)).await?;
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.ceremony_import_roster(id, &file.file_name, &file.bytes, commit, job)
        })
        .await
}

#[tauri::command]
pub async fn ceremony_adopt_signature(
    state: State<'_, DeskState>,
    id: i64,
    signature: SignatureInput,
) -> Result<CeremonyDetail, CoreError> {
    state
        .call(move |desk| desk.ceremony_adopt_signature(id, &signature))
        .await
}

#[tauri::command]
pub async fn ceremony_set_absent(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    absent: bool,
) -> Result<CeremonyDetail, CoreError> {
    state
        .call(move |desk| {
            desk.ceremony_set_absent(id, person_id, absent)?;
            desk.ceremony(id)
        })
        .await
}

/// Re-opens a person whose agreement was voided, so they can sign again at the kiosk.
#[tauri::command]
pub async fn ceremony_reopen(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
) -> Result<CeremonyDetail, CoreError> {
    state
        .call(move |desk| {
            desk.ceremony_reopen(id, person_id)?;
            desk.ceremony(id)
        })
        .await
}

#[tauri::command]
pub async fn ceremony_renew(
    state: State<'_, DeskState>,
    id: i64,
    year: Option<i32>,
) -> Result<CeremonySummary, CoreError> {
    state.call(move |desk| desk.ceremony_renew(id, year)).await
}

#[tauri::command]
pub async fn ceremony_close(
    state: State<'_, DeskState>,
    id: i64,
) -> Result<CeremonyDetail, CoreError> {
    state
        .call(move |desk| {
            desk.ceremony_close(id)?;
            desk.ceremony(id)
        })
        .await
}

#[tauri::command]
pub async fn ceremony_countersign(
    state: State<'_, DeskState>,
    id: i64,
    person_id: i64,
    signatures: Vec<SignatureInput>,
) -> Result<SignOutcome, CoreError> {
    state
        .call(move |desk| desk.ceremony_countersign(id, person_id, &signatures, DEVICE))
        .await
}

#[tauri::command]
pub async fn ceremony_enter_kiosk<R: Runtime>(
    state: State<'_, DeskState>,
    window: WebviewWindow<R>,
    id: i64,
    pin: String,
) -> Result<KioskState, CoreError> {
    let locked = state.call(move |desk| desk.kiosk_enter(id, &pin)).await?;
    window_locked(&window);
    Ok(locked)
}

/// While a ceremony is locked the window is the whole screen, stays on top and
/// cannot be minimised or closed (closing is also refused in `lib.rs`). Best effort:
/// a window manager may refuse; the lock in Rust holds regardless.
pub(crate) fn window_locked<R: Runtime>(window: &WebviewWindow<R>) {
    let _ = window.set_fullscreen(true);
    let _ = window.set_always_on_top(true);
    let _ = window.set_minimizable(false);
    let _ = window.set_closable(false);
}

/// Undoes a minimise or a leave-full-screen that came from outside the page while the
/// kiosk holds (called from the window's events in `lib.rs`).
pub(crate) fn keep_kiosk_window<R: Runtime>(window: &tauri::Window<R>) {
    if window.is_minimized().unwrap_or(false) {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if !window.is_fullscreen().unwrap_or(true) {
        let _ = window.set_fullscreen(true);
    }
}

pub(super) fn window_unlocked<R: Runtime>(window: &WebviewWindow<R>) {
    let _ = window.set_always_on_top(false);
    let _ = window.set_minimizable(true);
    let _ = window.set_closable(true);
    let _ = window.set_fullscreen(false);
}

#[tauri::command]
pub async fn people_list(state: State<'_, DeskState>) -> Result<Vec<PersonInfo>, CoreError> {
    state.call(move |desk| desk.people()).await
}

#[tauri::command]
pub async fn person_update(
    state: State<'_, DeskState>,
    id: i64,
    person: PersonInfo,
) -> Result<PersonInfo, CoreError> {
    state
        .call(move |desk| desk.update_person(id, &person))
        .await
}
