use signdesk_core::{dto::AppInfo, CoreError};
use tauri::State;

use crate::state::DeskState;

#[tauri::command]
pub fn app_info(state: State<'_, DeskState>) -> Result<AppInfo, CoreError> {
    state.with(|desk| desk.info())
}
