//! Lists the app's own commands so that they fall under Tauri's permission system:
//! a window can call only what its capability file grants.

const COMMANDS: &[&str] = &[
    "session_state",
    "session_create",
    "session_unlock",
    "session_lock",
    "session_restore",
    "passphrase_change",
    "app_info",
    "archive_verify",
    "archive_backup",
    "seal_export_root",
    "templates_list",
    "template_get",
    "template_import",
    "template_save",
    "archive_search",
    "agreement_get",
    "agreement_pdf",
    "agreement_sign",
    "ceremonies_list",
    "ceremony_create",
    "ceremony_get",
    "ceremony_import_roster",
    "ceremony_adopt_signature",
    "ceremony_set_absent",
    "ceremony_renew",
    "ceremony_close",
    "ceremony_countersign",
    "ceremony_find",
    "ceremony_person_agreement",
    "ceremony_preview",
    "ceremony_sign",
    "kiosk_state",
    "kiosk_enter",
    "kiosk_exit",
    "people_list",
    "person_update",
    "agreement_void",
    "agreement_history",
    "export_default_dir",
    "archive_export",
    "printers_list",
    "archive_print",
    "archive_print_pdf",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
