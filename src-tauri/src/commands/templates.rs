use signdesk_core::agreement::{Role, Template};
use signdesk_core::dto::{TemplateDetail, TemplateSummary};
use signdesk_core::CoreError;
use tauri::ipc::Request;
use tauri::State;

use super::upload::Upload;

use crate::state::DeskState;

#[tauri::command]
pub async fn templates_list(
    state: State<'_, DeskState>,
) -> Result<Vec<TemplateSummary>, CoreError> {
    state.call(move |desk| desk.templates()).await
}

#[tauri::command]
pub async fn template_get(
    state: State<'_, DeskState>,
    id: String,
    version: Option<u32>,
) -> Result<TemplateDetail, CoreError> {
    state.call(move |desk| desk.template(&id, version)).await
}

/// The webview reads the chosen file itself (`<input type=file>`) and sends its bytes
/// as the raw body (`upload.rs`): the webview has no file-system access of its own.
#[tauri::command]
pub async fn template_import(
    state: State<'_, DeskState>,
    request: Request<'_>,
) -> Result<TemplateDetail, CoreError> {
    let (name, bytes) = Upload::from(&request)?.owned();
    state
        .call(move |desk| desk.import_template(&name, &bytes))
        .await
}

#[tauri::command]
pub async fn template_save(
    state: State<'_, DeskState>,
    id: String,
    template: Template,
) -> Result<TemplateDetail, CoreError> {
    state
        .call(move |desk| desk.save_template(&id, &template))
        .await
}

/// The roles one line of the template names, for the editor to add when detection
/// found no signature block (labels as written; keys not in `taken`).
#[tauri::command]
pub async fn template_roles_from_line(
    state: State<'_, DeskState>,
    line: String,
    taken: Vec<String>,
) -> Result<Vec<Role>, CoreError> {
    state
        .call(move |desk| desk.roles_from_line(&line, &taken))
        .await
}
