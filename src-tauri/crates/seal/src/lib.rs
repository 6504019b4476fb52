//! The installation seal (issue 7): SignDesk signs every finished PDF with the
//! installation's own key so that any later change to a stored agreement is detectable
//! (Electronic Signature Law art. 13), and ships the verifier that says what holds.
//!
//! - [`create`] makes the root CA and the organisation's signing certificate;
//! - [`seal_key`] / [`open_key`] keep the private key encrypted at rest;
//! - [`sign_pdf`] adds a PAdES B-B signature as an incremental update;
//! - [`verify_pdf`] checks it against a trusted root, naming what is wrong via
//!   [`SealError::kind`].
//!
//! No tauri, no database: the core crate decides where the sealed key lives.

mod certs;
mod cms;
mod detached;
mod error;
mod keystore;
mod pdf_sign;
mod verify;

pub use certs::{create, root_common_name, root_der_from_pem, root_pem, Installation};
pub use detached::{seal_bytes, verify_sealed_bytes, DetachedSeal};
pub use error::SealError;
pub use keystore::{open_key, random_secret, seal_key, seal_key_at, sealed_cost, COST};
pub use pdf_sign::sign_pdf;
pub use verify::{verify_pdf, SealReport};
