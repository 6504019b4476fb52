use signdesk_core::agreement::Template;
use signdesk_core::dto::{TemplateDetail, TemplateSummary};
use signdesk_core::CoreError;
use tauri::State;

use crate::state::DeskState;

#[tauri::command]
pub fn templates_list(state: State<'_, DeskState>) -> Result<Vec<TemplateSummary>, CoreError> {
    state.with(|desk| desk.templates())
}

#[tauri::command]
pub fn template_get(
    state: State<'_, DeskState>,
    id: String,
    version: Option<u32>,
) -> Result<TemplateDetail, CoreError> {
    state.with(|desk| desk.template(&id, version))
}

/// The webview reads the chosen file itself (`<input type=file>`) and sends its bytes:
/// the webview has no file-system access of its own.
#[tauri::command]
pub fn template_import(
    state: State<'_, DeskState>,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<TemplateDetail, CoreError> {
    state.with(|desk| desk.import_template(&file_name, &bytes))
}

#[tauri::command]
pub fn template_save(
    state: State<'_, DeskState>,
    id: String,
    template: Template,
) -> Result<TemplateDetail, CoreError> {
    state.with(|desk| desk.save_template(&id, &template))
}
