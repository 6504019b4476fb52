//! Types that cross the IPC boundary (and the CLI's `--json`). TypeScript versions are
//! generated into `ui/src/ipc/bindings.ts` — see `bindings.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    pub templates: i64,
    pub template_versions: i64,
    pub people: i64,
    pub agreements: i64,
    pub voided: i64,
    pub audit_entries: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub app_version: String,
    pub data_dir: String,
    pub archive_path: String,
    pub schema_version: u32,
    pub counts: Counts,
    /// Hash of the newest audit entry: pins the whole history.
    pub audit_head: String,
}
