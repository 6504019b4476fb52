//! The session: first start (create the encrypted archive), unlock with the organiser
//! passphrase, lock, restore from a backup, change the passphrase. The state itself is
//! kept in Rust (`state.rs`); the web view only asks.

use std::path::PathBuf;

use signdesk_core::dto::{OldCopy, RestoreReport, SessionState};
use signdesk_core::CoreError;
use tauri::{Runtime, State, WebviewWindow};

use crate::state::DeskState;

/// Kiosk mode survives a restart: once unlocked, the window goes back to full screen.
fn follow_kiosk<R: Runtime>(window: &WebviewWindow<R>, s: &SessionState) {
    if s.kiosk {
        super::ceremonies::window_locked(window);
    }
}

#[tauri::command]
pub fn session_state(state: State<'_, DeskState>) -> Result<SessionState, CoreError> {
    state.first_screen_ready();
    state.state()
}

#[tauri::command]
pub fn session_create(
    state: State<'_, DeskState>,
    organisation: String,
    passphrase: String,
) -> Result<SessionState, CoreError> {
    state.create(&organisation, &passphrase)
}

#[tauri::command]
pub fn session_unlock<R: Runtime>(
    state: State<'_, DeskState>,
    window: WebviewWindow<R>,
    passphrase: String,
) -> Result<SessionState, CoreError> {
    let s = state.unlock(&passphrase)?;
    follow_kiosk(&window, &s);
    Ok(s)
}

#[tauri::command]
pub fn session_lock(state: State<'_, DeskState>) -> Result<SessionState, CoreError> {
    state.lock()
}

/// Restores the backup file at `file` (a path typed by the user; Rust reads it).
#[tauri::command]
pub fn session_restore<R: Runtime>(
    state: State<'_, DeskState>,
    window: WebviewWindow<R>,
    file: String,
    passphrase: String,
) -> Result<(RestoreReport, SessionState), CoreError> {
    let (report, s) = state.restore(&PathBuf::from(file.trim()), &passphrase)?;
    follow_kiosk(&window, &s);
    Ok((report, s))
}

/// Changes the passphrase; returns the copies an earlier restore left, which still
/// open with the old passphrase (the UI offers to delete them).
#[tauri::command]
pub fn passphrase_change(
    state: State<'_, DeskState>,
    old: String,
    new: String,
) -> Result<Vec<OldCopy>, CoreError> {
    state.with(|desk| {
        desk.change_passphrase(&old, &new)?;
        desk.old_copies()
    })
}

#[tauri::command]
pub fn old_copies_delete(state: State<'_, DeskState>) -> Result<Vec<OldCopy>, CoreError> {
    state.with(|desk| desk.delete_old_copies())
}
