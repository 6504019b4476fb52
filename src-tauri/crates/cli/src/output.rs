//! Printing results: JSON for machines (`--json`), short Chinese text for people.

use serde::Serialize;
use signdesk_core::CoreError;

pub fn json<T: Serialize>(value: &T) -> Result<(), CoreError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| CoreError::internal("无法生成 JSON", e))?;
    println!("{text}");
    Ok(())
}

/// The error in Chinese; a library's own words about it (the error's detail) only
/// when `SIGNDESK_DEBUG` is set, for whoever helps.
pub fn error(as_json: bool, e: &CoreError) {
    if as_json {
        println!("{}", serde_json::json!({ "error": e.to_ipc() }));
    }
    eprintln!("错误：{e}");
    if std::env::var_os(DEBUG_ENV).is_some() {
        if let Some(detail) = e.detail() {
            eprintln!("（技术细节：{detail}）");
        }
    }
}

/// Set (to anything) to print each error's technical detail after its message.
pub const DEBUG_ENV: &str = "SIGNDESK_DEBUG";
