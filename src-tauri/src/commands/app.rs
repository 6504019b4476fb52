use std::path::PathBuf;

use signdesk_core::dto::{AppInfo, BackupReport, VerifyReport};
use signdesk_core::CoreError;
use tauri::State;

use crate::state::DeskState;

#[tauri::command]
pub fn app_info(state: State<'_, DeskState>) -> Result<AppInfo, CoreError> {
    state.with(|desk| desk.info())
}

/// Rechecks every agreement, the database and the audit chain.
#[tauri::command]
pub fn archive_verify(state: State<'_, DeskState>) -> Result<VerifyReport, CoreError> {
    state.with(|desk| desk.verify())
}

/// A verified backup file written by Rust into `folder` (typed by the user).
#[tauri::command]
pub fn archive_backup(
    state: State<'_, DeskState>,
    folder: String,
) -> Result<BackupReport, CoreError> {
    state.with(|desk| desk.backup_into(&PathBuf::from(folder.trim())))
}

/// Writes the installation's root certificate (PEM) into `folder`, for auditors.
#[tauri::command]
pub fn seal_export_root(state: State<'_, DeskState>, folder: String) -> Result<String, CoreError> {
    state.with(|desk| desk.seal_root_into(&PathBuf::from(folder.trim())))
}
