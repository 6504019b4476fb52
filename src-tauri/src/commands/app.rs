use std::path::PathBuf;

use signdesk_core::dto::{AppInfo, BackupReport, VerifyReport};
use signdesk_core::{CoreError, Progress};
use tauri::ipc::Channel;
use tauri::State;

use super::archive::reporting;

use crate::state::DeskState;

#[tauri::command]
pub async fn app_info(state: State<'_, DeskState>) -> Result<AppInfo, CoreError> {
    state.call(move |desk| desk.info()).await
}

/// Rechecks every agreement, the database and the audit chain (long work, off the
/// desk's lock, with progress and 取消).
#[tauri::command]
pub async fn archive_verify(
    state: State<'_, DeskState>,
    job: u32,
    progress: Channel<Progress>,
) -> Result<VerifyReport, CoreError> {
    state
        .work(job, reporting(progress), |desk, job| {
            desk.verify_with(&Default::default(), job)
        })
        .await
}

/// A verified backup file written by Rust into `folder` (typed by the user).
#[tauri::command]
pub async fn archive_backup(
    state: State<'_, DeskState>,
    folder: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<BackupReport, CoreError> {
    let folder = PathBuf::from(folder.trim());
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.backup_into(&folder, job)
        })
        .await
}

/// Writes the installation's root certificate (PEM) into `folder`, for auditors.
#[tauri::command]
pub async fn seal_export_root(
    state: State<'_, DeskState>,
    folder: String,
) -> Result<String, CoreError> {
    state
        .call(move |desk| desk.seal_root_into(&PathBuf::from(folder.trim())))
        .await
}
