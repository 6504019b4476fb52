//! The app's log: standard error — the system journal, or the terminal the app was
//! started from. What goes there is what the window is never shown: a library's own
//! words about a failure (zip's, SQLite's, an `io::Error`'s), beside the error's kind
//! and the Chinese message the person read, for whoever helps.

use signdesk_core::CoreError;

/// Logs `e`'s technical detail, if it has one, and hands `e` back.
pub(crate) fn failure(e: CoreError) -> CoreError {
    if let Some(detail) = e.detail() {
        eprintln!("signdesk: {}: {e} — {detail}", e.kind());
    }
    e
}

/// Every failure of `r` logged ([`failure`]).
pub(crate) fn logged<T>(r: Result<T, CoreError>) -> Result<T, CoreError> {
    r.map_err(failure)
}
