//! The one API shared by the desktop shell and the CLI: neither re-implements the
//! other. Inputs are validated here; the shell and the CLI only convert arguments.

pub mod bindings;
pub mod datadir;
mod desk;
pub mod dto;
mod error;

pub use desk::Desk;
pub use error::{CoreError, IpcError};
