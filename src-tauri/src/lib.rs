//! The Tauri shell: wires the core to the webview and nothing more.

mod commands;
mod state;

use signdesk_core::{datadir, Desk};

pub fn run() {
    let started = std::time::Instant::now();
    let opened =
        datadir::resolve(datadir::from_args(std::env::args())).and_then(|dir| Desk::open(&dir));
    tauri::Builder::default()
        .manage(state::DeskState::new(started, opened))
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::templates::templates_list,
            commands::templates::template_get,
            commands::templates::template_import,
            commands::templates::template_save,
            commands::archive::archive_search,
            commands::archive::agreement_get,
            commands::archive::agreement_pdf,
            commands::archive::agreement_sign,
        ])
        .run(tauri::generate_context!())
        .expect("SignDesk could not start its window");
}
