//! Printing results: JSON for machines (`--json`), short Chinese text for people.

use serde::Serialize;
use signdesk_core::CoreError;
use signdesk_core::ErrorKind;

pub fn json<T: Serialize>(value: &T) -> Result<(), CoreError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CoreError::invalid(ErrorKind::Internal, format!("无法生成 JSON：{e}")))?;
    println!("{text}");
    Ok(())
}

pub fn error(as_json: bool, e: &CoreError) {
    if as_json {
        println!("{}", serde_json::json!({ "error": e.to_ipc() }));
    }
    eprintln!("错误：{e}");
}
