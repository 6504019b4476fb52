//! The session: first start (create the encrypted archive), unlock with the organiser
//! passphrase, lock, restore from a backup, change the passphrase. The state itself is
//! kept in Rust (`state.rs`, `state/session.rs`); the web view only asks.

use std::path::PathBuf;

use signdesk_core::dto::{OldCopy, RestoreReport, SessionState};
use signdesk_core::{CoreError, Progress};
use tauri::ipc::Channel;
use tauri::{Runtime, State, WebviewWindow};

use super::archive::reporting;

use crate::state::DeskState;

/// Kiosk mode survives a restart: once unlocked, the window goes back to full screen.
fn follow_kiosk<R: Runtime>(window: &WebviewWindow<R>, s: &SessionState) {
    if s.kiosk {
        super::ceremonies::window_locked(window);
    }
}

#[tauri::command]
pub async fn session_state(state: State<'_, DeskState>) -> Result<SessionState, CoreError> {
    state.first_screen_ready();
    state.session_step(|s| s.state()).await
}

#[tauri::command]
pub async fn session_create(
    state: State<'_, DeskState>,
    organisation: String,
    passphrase: String,
) -> Result<SessionState, CoreError> {
    state
        .session_step(move |s| s.create(&organisation, &passphrase))
        .await
}

#[tauri::command]
pub async fn session_unlock<R: Runtime>(
    state: State<'_, DeskState>,
    window: WebviewWindow<R>,
    passphrase: String,
) -> Result<SessionState, CoreError> {
    // The passphrase derivation (Argon2id, 64 MiB) runs off the main thread.
    let s = state.session_step(move |s| s.unlock(&passphrase)).await?;
    follow_kiosk(&window, &s);
    Ok(s)
}

#[tauri::command]
pub async fn session_lock(state: State<'_, DeskState>) -> Result<SessionState, CoreError> {
    state.session_step(|s| s.lock()).await
}

/// Restores the backup file at `file` (a path typed by the user; Rust reads it), with
/// progress; 取消 is heard until the live archive is replaced.
#[tauri::command]
pub async fn session_restore<R: Runtime>(
    state: State<'_, DeskState>,
    window: WebviewWindow<R>,
    file: String,
    passphrase: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<(RestoreReport, SessionState), CoreError> {
    let file = PathBuf::from(file.trim());
    let work = reporting(progress);
    let (report, s) = state
        .session_step(move |s| s.restore(&file, &passphrase, job, &work))
        .await?;
    follow_kiosk(&window, &s);
    Ok((report, s))
}

/// Changes the passphrase; returns the copies an earlier restore left, which still
/// open with the old passphrase (the UI offers to delete them).
#[tauri::command]
pub async fn passphrase_change(
    state: State<'_, DeskState>,
    old: String,
    new: String,
) -> Result<Vec<OldCopy>, CoreError> {
    state
        .call(move |desk| {
            desk.change_passphrase(&old, &new)?;
            desk.old_copies()
        })
        .await
}

#[tauri::command]
pub async fn old_copies_delete(state: State<'_, DeskState>) -> Result<Vec<OldCopy>, CoreError> {
    state.call(move |desk| desk.delete_old_copies()).await
}
