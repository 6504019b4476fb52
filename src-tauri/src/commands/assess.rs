//! The year's assessment (考核): the grid, import, a result, the report and its .xlsx,
//! the result page, and the kiosk's acknowledgement of a result.

use signdesk_core::assess::{
    AssessImport, AssessImportRequest, AssessInput, AssessSheet, AssessmentView, ResultsFile,
    YearReport,
};
use signdesk_core::{AssessmentSource, CoreError, ErrorKind, Progress, Year};
use tauri::ipc::{Channel, Response};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::archive::reporting;
use crate::state::DeskState;

fn to_year(y: i32) -> Result<Year, CoreError> {
    Year::new(y).map_err(|e| CoreError::invalid(ErrorKind::BadArgument, e.to_string()))
}

#[tauri::command]
pub async fn assessment_sheet(
    state: State<'_, DeskState>,
    ceremony_id: i64,
) -> Result<AssessSheet, CoreError> {
    state
        .call(move |desk| desk.assessment_sheet(ceremony_id))
        .await
}

/// Rows changed in the grid, stored together or not at all.
#[tauri::command]
pub async fn assessment_save(
    state: State<'_, DeskState>,
    inputs: Vec<AssessInput>,
) -> Result<Vec<AssessmentView>, CoreError> {
    state
        .call(move |desk| desk.assess(&inputs, AssessmentSource::Grid))
        .await
}

#[tauri::command]
pub async fn assessment_get(
    state: State<'_, DeskState>,
    number: String,
) -> Result<AssessmentView, CoreError> {
    state.call(move |desk| desk.assessment(&number)).await
}

/// Checks (`save` false) or saves the results file staged as `request.upload`
/// (`upload_stage`): long work off the desk's lock, each row reported on `progress`
/// as it is checked and stored, and 取消 (`job_cancel(job)`) stores nothing.
#[tauri::command]
pub async fn assessment_import(
    state: State<'_, DeskState>,
    request: AssessImportRequest,
    job: u32,
    progress: Channel<Progress>,
) -> Result<AssessImport, CoreError> {
    let year = to_year(request.year)?;
    let token = request.upload.clone();
    let file = state.call(move |desk| desk.take_upload(&token)).await?;
    state
        .work(job, reporting(progress), move |desk, job| {
            let results = ResultsFile {
                name: &file.file_name,
                bytes: &file.bytes,
                year,
                template: request.template.as_deref().filter(|t| !t.is_empty()),
            };
            desk.import_assessments(results, &request.reason, request.save, job)
        })
        .await
}

#[tauri::command]
pub async fn assessment_report(
    state: State<'_, DeskState>,
    year: i32,
) -> Result<YearReport, CoreError> {
    state
        .call(move |desk| desk.assessment_report(to_year(year)?))
        .await
}

/// Asks where to save the report (the system's own dialog, opened here) and writes
/// the .xlsx there; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn assessment_report_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    year: i32,
) -> Result<Option<String>, CoreError> {
    let y = to_year(year)?;
    let bytes = state
        .call(move |desk| desk.assessment_report_xlsx(y))
        .await?;
    let mut dialog = app
        .dialog()
        .file()
        .set_title("保存年度考核汇总")
        .set_file_name(format!("{year}年度考核汇总.xlsx"))
        .add_filter("Excel 工作簿 (*.xlsx)", &["xlsx"]);
    if let Some(dir) = signdesk_core::drives::removable_drives().into_iter().next() {
        dialog = dialog.set_directory(dir);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| crate::log::failure(CoreError::internal("保存对话框无法打开", e)))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|e| {
        crate::log::failure(CoreError::io(ErrorKind::BadArgument, "无法写入", &path, &e))
    })?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn assessment_pdf(
    state: State<'_, DeskState>,
    number: String,
) -> Result<Response, CoreError> {
    state
        .call(move |desk| desk.assessment_pdf(&number))
        .await
        .map(Response::new)
}
