//! Printing on Windows: the printers Win32 lists, and the merged PDF handed to the
//! shell's `printto` verb (the Win32 calls are in `print_windows.rs`).

use signdesk_archive::ArchiveError;

use super::Printer;

/// The printers this computer can print to.
pub fn printers() -> Result<Vec<Printer>, ArchiveError> {
    Ok(crate::print_windows::printers()?
        .into_iter()
        .map(|(name, default)| Printer {
            name,
            accepting: true,
            state: "unknown".into(),
            default,
        })
        .collect())
}

pub(super) fn submit(
    pdf: &[u8],
    printer: &str,
    _title: &str,
) -> Result<Option<String>, ArchiveError> {
    crate::print_windows::submit(pdf, printer)
}
