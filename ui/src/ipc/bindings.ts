// Generated from the Rust types by `signdesk-core` (src/bindings.rs). Do not edit.
// Regenerate: SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk-core bindings

export type IpcError = { kind: string, message: string, };

export type Counts = { templates: number, template_versions: number, people: number, agreements: number, voided: number, audit_entries: number, };

export type AppInfo = { app_version: string, data_dir: string, archive_path: string, schema_version: number, counts: Counts, 
/**
 * Hash of the newest audit entry: pins the whole history.
 */
audit_head: string, };
