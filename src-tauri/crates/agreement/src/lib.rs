//! Agreement templates: what an agreement *is* before anyone signs it.
//!
//! This crate knows Chinese agreement texts — their titles, numbered sections and
//! clauses, blanks to fill, signature roles and number of copies — and nothing about
//! storage, PDF or windows. Everything here is pure and deterministic.

pub mod model;

pub use model::*;
