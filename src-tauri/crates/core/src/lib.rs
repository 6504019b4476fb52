//! The one API shared by the desktop shell and the CLI: neither re-implements the
//! other. Inputs are validated here; the shell and the CLI only convert arguments.

mod archive_ops;
pub use archive_ops::printers;
pub mod assess;
pub mod batch;
pub mod bindings;
pub mod ceremony;
pub mod datadir;
mod desk;
pub mod dto;
mod error;
pub mod evidence;
pub mod group;
pub mod group_view;
mod hex;
pub mod keyfile;
pub mod kiosk;
pub mod kiosk_desk;
mod old_copies;
pub mod os_kiosk;
mod roster;
mod seal;
pub mod selftest;
pub mod signing;
mod templates;
pub mod trust;
mod unlock_guard;
pub mod upload;
mod wire;

pub use desk::{Desk, FolderState};
pub use error::{CoreError, IpcError};
pub use kiosk_desk::KioskDesk;
/// The template model, re-exported so front ends need no direct dependency.
pub use signdesk_agreement as agreement;
/// The assessment model (schemes, values, lines), re-exported for the front ends.
pub use signdesk_assess as assessment;
pub use signdesk_base as base;
pub use signdesk_base::{
    AgreementStatus, AssessmentSource, Cancelled, Countersign, ErrorKind, Job, Progress,
    RosterStatus, WorkStage, Year,
};
/// Removable drives: where the front ends start their folder dialogs.
pub use signdesk_output::drives;
