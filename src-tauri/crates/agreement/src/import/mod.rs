//! Importing an agreement file: choose the reader by extension, enforce limits, then
//! run detection. Every failure is a typed [`ImportError`]; no input panics.

mod docx;
mod pdf;
mod txt;

use crate::detect::{detect, detect_lines};
use crate::error::ImportError;
use crate::model::Template;

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Imports `bytes` named `file_name` (`.txt`, `.docx` or a text `.pdf`,
/// case-insensitive).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Template, ImportError> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let ext = match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    };
    if ext == "doc" || ext == "wps" {
        return Err(ImportError::OldWordFormat(ext));
    }
    if ext != "txt" && ext != "docx" && ext != "pdf" {
        return Err(ImportError::UnsupportedType(ext));
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            max: MAX_FILE_BYTES,
        });
    }
    if ext == "pdf" {
        return detect(&pdf::read(bytes)?);
    }
    if ext == "txt" {
        let text = txt::decode(bytes)?;
        if text.trim().is_empty() {
            return Err(ImportError::Empty);
        }
        detect(&text)
    } else {
        let lines = docx::read(bytes)?;
        if lines.is_empty() {
            return Err(ImportError::Empty);
        }
        detect_lines(lines)
    }
}
