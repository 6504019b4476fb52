//! Agreement templates: what an agreement *is* before anyone signs it.
//!
//! This crate knows Chinese agreement texts — their titles, numbered sections and
//! clauses, blanks to fill, signature roles and number of copies — and nothing about
//! storage, PDF or windows. Everything here is pure and deterministic.
//!
//! Entry points: [`detect`] (plain text), [`import()`] (.txt / .docx bytes),
//! [`builtins`] (the templates made from the company's own agreements), [`fill()`] and
//! [`Template::filled`], [`Template::validate`], [`Template::paragraphs`].

pub mod builtin;
pub mod detect;
pub mod error;
pub mod fill;
pub mod import;
pub mod model;
pub mod paragraphs;
pub mod roles_from_line;
mod text;
pub mod validate;

pub use builtin::{builtins, Builtin};
pub use detect::detect;
pub use error::{FillError, ImportError, ValidationError};
pub use fill::{fill, markers};
pub use import::import;
pub use model::*;
pub use paragraphs::{Para, ParaKind};
pub use roles_from_line::roles_from_line;
