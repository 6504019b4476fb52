//! A file the window sends to Rust: its bytes as the raw IPC body (not a JSON array
//! of numbers, which costs ~3.7 bytes per byte and a parse), the rest in headers.
//! `ui/src/ipc/index.ts` (`upload`) is the other side: header values are ASCII, so
//! the file name and every other argument travel percent-encoded (UTF-8).
//!
//! Such a request has no JSON arguments, so no progress channel: a file for long work
//! (an import) is staged first with `upload_stage`, and the work's own command names
//! its token beside the job and channel (`signdesk_core::upload`).

use signdesk_core::{CoreError, ErrorKind};
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use crate::state::DeskState;

/// Keeps the file in the request's body for the command that will name the token
/// this answers with (it lives in the desk, is used once and dies with the session).
#[tauri::command]
pub async fn upload_stage(
    state: State<'_, DeskState>,
    request: Request<'_>,
) -> Result<String, CoreError> {
    let (name, bytes) = Upload::from(&request)?.owned();
    state.call(move |desk| desk.stage_upload(name, bytes)).await
}

/// The header that carries the file's name (`名单.xlsx`), percent-encoded.
pub const FILE_NAME: &str = "x-signdesk-file-name";

/// A file's name and bytes, as the window sent them.
pub struct Upload<'a> {
    request: &'a Request<'a>,
    pub file_name: String,
    pub bytes: &'a [u8],
}

fn bad(detail: impl std::fmt::Display) -> CoreError {
    CoreError::invalid(
        ErrorKind::BadUpload,
        format!("文件没有完整传到程序：{detail}"),
    )
}

impl<'a> Upload<'a> {
    pub fn from(request: &'a Request<'a>) -> Result<Upload<'a>, CoreError> {
        let InvokeBody::Raw(bytes) = request.body() else {
            return Err(bad("缺少文件内容"));
        };
        let mut upload = Upload {
            request,
            file_name: String::new(),
            bytes,
        };
        upload.file_name = upload.header(FILE_NAME)?;
        Ok(upload)
    }

    /// The file's name and a copy of its bytes, to take to the thread the work runs
    /// on (the request's body lives only as long as the request).
    pub fn owned(self) -> (String, Vec<u8>) {
        (self.file_name, self.bytes.to_vec())
    }

    /// Another argument sent beside the file, by its header name.
    pub fn header(&self, name: &str) -> Result<String, CoreError> {
        let raw = self
            .request
            .headers()
            .get(name)
            .ok_or_else(|| bad(format!("缺少 {name}")))?;
        let text = raw
            .to_str()
            .map_err(|_| bad(format!("{name} 不是 ASCII")))?;
        percent_decode(text).ok_or_else(|| bad(format!("{name} 编码不正确")))
    }
}

/// `%E5%90%8D` → 名. `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn decodes_what_encode_uri_component_writes() {
        // encodeURIComponent("名单 2027(1).xlsx")
        assert_eq!(
            percent_decode("%E5%90%8D%E5%8D%95%202027(1).xlsx").as_deref(),
            Some("名单 2027(1).xlsx")
        );
        assert_eq!(percent_decode("%E5%90"), None, "cut inside a character");
        assert_eq!(percent_decode("%G1"), None);
        assert_eq!(percent_decode("abc%2"), None);
    }
}
