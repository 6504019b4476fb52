//! What leaves the archive: a selection merged into one PDF in each agreement's number
//! of copies (`print`), sent to a printer or written as a file, and export folders for
//! auditors (`export`). The archive crate keeps only SQL; this one reads through it,
//! writes files and runs the printing commands, and records each of these acts in the
//! archive's audit chain. Errors are the archive's ([`ArchiveError`]): the same kinds
//! reach the user whichever crate failed.

pub mod drives;
pub mod export;
pub mod print;
#[cfg(windows)]
#[allow(unsafe_code)] // Win32 printing calls (print_windows.rs)
mod print_windows;
pub mod report_xlsx;

pub use signdesk_archive::ArchiveError;
