//! 设置 → 集团档案库 (issue 25): the connection (the password goes in, never out),
//! 同步 online and 导出上报包 — both long work on a detached desk, with progress and
//! 取消, so signing at the same desk never waits for the network.

use std::path::PathBuf;

use signdesk_core::group::{BundleExported, GroupSettings, Synced};
use signdesk_core::{CoreError, Progress};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::archive::reporting;
use crate::state::DeskState;

#[tauri::command]
pub async fn group_settings_get(state: State<'_, DeskState>) -> Result<GroupSettings, CoreError> {
    state.call(move |desk| desk.group_settings()).await
}

/// `password: null` keeps the stored one.
#[tauri::command]
pub async fn group_settings_set(
    state: State<'_, DeskState>,
    url: String,
    password: Option<String>,
) -> Result<GroupSettings, CoreError> {
    state
        .call(move |desk| {
            desk.set_group_settings(&url, password.as_deref())?;
            desk.group_settings()
        })
        .await
}

#[tauri::command]
pub async fn group_sync(
    state: State<'_, DeskState>,
    job: u32,
    progress: Channel<Progress>,
) -> Result<Synced, CoreError> {
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.group_sync(None, None, job)
        })
        .await
}

/// Writes a 上报包 into `folder` (typed or picked; Rust writes the file).
#[tauri::command]
pub async fn group_bundle_export(
    state: State<'_, DeskState>,
    folder: String,
    year: Option<i32>,
    job: u32,
    progress: Channel<Progress>,
) -> Result<BundleExported, CoreError> {
    let folder = PathBuf::from(folder.trim());
    state
        .work(job, reporting(progress), move |desk, job| {
            if !folder.is_dir() {
                return Err(CoreError::invalid(
                    signdesk_core::ErrorKind::FileUnwritable,
                    format!("文件夹 {} 不存在", folder.display()),
                ));
            }
            desk.group_bundle_export(&folder, year, job)
        })
        .await
}
