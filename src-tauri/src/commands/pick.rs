//! 「选择文件夹…」/「选择文件…」: the operating system's own dialogs, opened by Rust.
//! The web view gets the chosen path as text — what the user could have typed — and
//! still has no file-system access of its own (the dialog plugin's commands are not in
//! the capabilities: only this command opens a dialog). Template and roster files are
//! read by the web view's own file input instead (its bytes are uploaded; no path).

use serde::Deserialize;
use signdesk_core::{CoreError, ErrorKind};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::DeskState;

/// What the dialog is for: its title and, for files, what it shows.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickPurpose {
    /// Where exports and merged print files go.
    ExportFolder,
    /// Where a backup file is written.
    BackupFolder,
    /// Where the root certificate is written.
    RootFolder,
    /// The backup file to restore from (also at the unlock screen).
    RestoreFile,
    /// A desk's 上报包 to import (the group view).
    BundleFile,
}

/// Opens the dialog and returns the chosen path, or `None` when it was cancelled.
/// Refused while kiosk mode holds the desk; restoring is the only purpose open before
/// the passphrase (it is offered on the unlock screen), and an export folder the only
/// ones in the group view (with the 上报包 to import).
#[tauri::command]
pub async fn pick_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    purpose: PickPurpose,
    current: Option<String>,
) -> Result<Option<String>, CoreError> {
    if state.kiosk_locked() {
        return Err(CoreError::invalid(
            ErrorKind::KioskLocked,
            "签约模式中不能选择文件",
        ));
    }
    // The group view exports too, with no desk open.
    let group_export =
        matches!(purpose, PickPurpose::ExportFolder | PickPurpose::BundleFile) && state.in_group();
    if !matches!(purpose, PickPurpose::RestoreFile) && !group_export {
        // The organiser's session must be open (locked → session_locked).
        state.call(move |_| Ok(())).await?;
    }
    // Start where the field points, else on the first removable drive, else at home
    // (never the dialog's "Recent" list, which cannot choose a folder).
    let start = current
        .map(std::path::PathBuf::from)
        .map(|p| {
            if p.is_file() {
                p.parent().map(Into::into).unwrap_or(p)
            } else {
                p
            }
        })
        .filter(|p| p.is_dir())
        .or_else(|| signdesk_core::drives::removable_drives().into_iter().next())
        .or_else(dirs_home);
    let mut dialog = app.dialog().file();
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || match purpose {
        PickPurpose::ExportFolder => dialog
            .set_title("选择导出到的文件夹（建议选 U 盘）")
            .blocking_pick_folder(),
        PickPurpose::BackupFolder => dialog
            .set_title("选择备份保存到的文件夹（建议选 U 盘）")
            .blocking_pick_folder(),
        PickPurpose::RootFolder => dialog
            .set_title("选择根证书保存到的文件夹")
            .blocking_pick_folder(),
        PickPurpose::RestoreFile => dialog
            .set_title("选择要恢复的签约台备份文件")
            .add_filter("签约台备份 (*.sdbak)", &["sdbak"])
            .add_filter("所有文件", &["*"])
            .blocking_pick_file(),
        PickPurpose::BundleFile => dialog
            .set_title("选择站点的上报包")
            .add_filter("签约台上报包 (*.sdbundle)", &["sdbundle"])
            .add_filter("所有文件", &["*"])
            .blocking_pick_file(),
    })
    .await
    .map_err(|e| crate::log::failure(CoreError::internal("文件对话框无法打开", e)))?;
    picked
        .map(|p| {
            p.into_path().map(|p| p.display().to_string()).map_err(|e| {
                crate::log::failure(CoreError::failed(
                    ErrorKind::BadArgument,
                    "选择的位置不是本机的文件夹或文件：请选择本机磁盘或 U 盘上的位置",
                    e,
                ))
            })
        })
        .transpose()
}

fn dirs_home() -> Option<std::path::PathBuf> {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(Into::into)
}
