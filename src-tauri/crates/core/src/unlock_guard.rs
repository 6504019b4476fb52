//! Wrong passphrases are counted, across restarts, and slow the next try: after a few,
//! every attempt waits longer (2, 4, 8 … seconds, at most 5 minutes), the right
//! passphrase included — otherwise a guesser would only have to restart the app. The
//! count lives beside the key file (`signdesk.unlock`, private): without the passphrase
//! nothing can be written into the encrypted archive. The next successful unlock moves
//! the record into the audit log (`unlock_failures`: how many, since when) and removes
//! the file, so the organiser learns that someone tried.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Local};
use serde::{Deserialize, Serialize};
use signdesk_base::ErrorKind;

use crate::CoreError;

/// The file beside the key file.
pub const UNLOCK_FILE: &str = "signdesk.unlock";
/// Wrong passphrases before waiting starts.
const FREE_ATTEMPTS: u32 = 5;
const MAX_WAIT_SECS: i64 = 300;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Failures {
    pub count: u32,
    /// When the first of them happened (RFC 3339).
    pub since: String,
    /// No attempt is taken before this moment (RFC 3339), when set.
    pub retry_after: Option<String>,
}

fn path(dir: &Path) -> PathBuf {
    dir.join(UNLOCK_FILE)
}

/// The record, if there is a readable one (a damaged file counts as none: it must not
/// lock the organiser out).
pub(crate) fn read(dir: &Path) -> Option<Failures> {
    let bytes = std::fs::read(path(dir)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Refuses an attempt while the back-off runs.
pub(crate) fn check(dir: &Path) -> Result<(), CoreError> {
    let Some(f) = read(dir) else { return Ok(()) };
    let Some(at) = f
        .retry_after
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
    else {
        return Ok(());
    };
    let wait = (at.with_timezone(&Local) - Local::now()).num_seconds();
    if wait > 0 {
        return Err(CoreError::invalid(
            ErrorKind::UnlockWait,
            format!("口令已连续输错 {} 次，请 {wait} 秒后再试", f.count),
        ));
    }
    Ok(())
}

/// Counts a wrong passphrase; returns the message for the user.
pub(crate) fn failed(dir: &Path) -> String {
    let now = Local::now();
    let mut f = read(dir).unwrap_or_else(|| Failures {
        since: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        ..Default::default()
    });
    f.count += 1;
    let message = if f.count < FREE_ATTEMPTS {
        let left = FREE_ATTEMPTS - f.count;
        format!("口令不正确（还可再试 {left} 次，之后每次需要等待）")
    } else {
        let secs = (1i64 << (f.count - FREE_ATTEMPTS + 1).min(9)).min(MAX_WAIT_SECS);
        f.retry_after = Some(
            (now + Duration::seconds(secs)).to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        );
        format!("口令不正确，请 {secs} 秒后再试")
    };
    if let Ok(bytes) = serde_json::to_vec(&f) {
        let _ = crate::keyfile::write_atomic(&path(dir), &bytes);
    }
    message
}

/// The record of failures before this successful unlock, removed from the folder.
pub(crate) fn take(dir: &Path) -> Option<Failures> {
    let f = read(dir);
    let _ = std::fs::remove_file(path(dir));
    f.filter(|f| f.count > 0)
}
