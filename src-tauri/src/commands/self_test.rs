//! 设置 → 自检 (issue 27): the self-test from the window, which knows the screen and
//! its input; long work with progress like an export.

use signdesk_core::selftest::testpage::TestPagePrinted;
use signdesk_core::selftest::{ScreenInfo, SelfTestReport};
use signdesk_core::{CoreError, Progress};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::archive::reporting;
use crate::state::DeskState;

#[tauri::command]
pub async fn self_test_run(
    state: State<'_, DeskState>,
    screen: ScreenInfo,
    job: u32,
    progress: Channel<Progress>,
) -> Result<SelfTestReport, CoreError> {
    let webview = crate::self_test::webview();
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.self_test(webview, Some(screen), job)
        })
        .await
}

/// 「打印测试页」 of the self-test `id` on `printer` (long work: a printer may wait).
#[tauri::command]
pub async fn self_test_print_page(
    state: State<'_, DeskState>,
    id: String,
    printer: String,
    job: u32,
    progress: Channel<Progress>,
) -> Result<TestPagePrinted, CoreError> {
    state
        .work(job, reporting(progress), move |desk, job| {
            desk.self_test_print_page(&id, &printer, job)
        })
        .await
}
