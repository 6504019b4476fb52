//! The Tauri shell: wires the core to the webview and nothing more.

mod commands;
mod state;

use signdesk_core::datadir;
use tauri::Manager;

pub fn run() {
    let started = std::time::Instant::now();
    // Nothing is opened yet: the archive waits, encrypted, for the organiser passphrase.
    let data_dir = datadir::resolve(datadir::from_args(std::env::args()));
    tauri::Builder::default()
        .manage(state::DeskState::new(started, data_dir))
        .invoke_handler(tauri::generate_handler![
            commands::session::session_state,
            commands::session::session_create,
            commands::session::session_unlock,
            commands::session::session_lock,
            commands::session::session_restore,
            commands::session::passphrase_change,
            commands::app::app_info,
            commands::app::archive_verify,
            commands::app::archive_backup,
            commands::app::seal_export_root,
            commands::templates::templates_list,
            commands::templates::template_get,
            commands::templates::template_import,
            commands::templates::template_save,
            commands::archive::archive_search,
            commands::archive::agreement_get,
            commands::archive::agreement_pdf,
            commands::archive::agreement_sign,
            commands::archive::agreement_void,
            commands::archive::agreement_history,
            commands::archive::export_default_dir,
            commands::archive::archive_export,
            commands::archive::printers_list,
            commands::archive::archive_print,
            commands::archive::archive_print_pdf,
            commands::ceremonies::ceremonies_list,
            commands::ceremonies::ceremony_create,
            commands::ceremonies::ceremony_get,
            commands::ceremonies::ceremony_import_roster,
            commands::ceremonies::ceremony_adopt_signature,
            commands::ceremonies::ceremony_set_absent,
            commands::ceremonies::ceremony_renew,
            commands::ceremonies::ceremony_close,
            commands::ceremonies::ceremony_countersign,
            commands::ceremonies::ceremony_find,
            commands::ceremonies::ceremony_person_agreement,
            commands::ceremonies::ceremony_preview,
            commands::ceremonies::ceremony_sign,
            commands::ceremonies::kiosk_state,
            commands::ceremonies::kiosk_enter,
            commands::ceremonies::kiosk_exit,
            commands::ceremonies::people_list,
            commands::ceremonies::person_update,
        ])
        .on_window_event(|window, event| {
            // Kiosk mode: the window cannot be closed; leaving needs the PIN.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.state::<state::DeskState>().kiosk_locked() {
                    api.prevent_close();
                }
            }
        })
        .run(tauri::generate_context!())
        .expect("SignDesk could not start its window");
}
