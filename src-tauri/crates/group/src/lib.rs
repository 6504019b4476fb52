//! The group archive (集团档案库, issue 25): many desks feed one PostgreSQL database,
//! and nothing enters it unverified.
//!
//! - [`schema`] creates and migrates the tables, roles and row-level policies;
//! - [`sites`] registers a site (its name and root certificate) and its login role;
//! - [`bundle`] is the file a desk carries when it cannot connect: records in a row,
//!   sealed at the end with the desk's installation key;
//! - [`ingest`] is the one way in, for a bundle and for an online sync alike: each
//!   audit entry must continue the site's chain, each PDF must hash and verify against
//!   the site's registered root, each agreement and void must be the one its audit
//!   entry recorded; all in the caller's transaction, so a refusal leaves nothing;
//! - [`search`], [`coverage`] and [`verify`] read it for the group's safety department.
//!
//! No tauri and no SQLite: the desk side (what to send) lives in the core crate.

pub mod bundle;
pub mod connect;
pub mod coverage;
mod error;
pub mod grams;
pub mod ingest;
pub mod records;
pub mod report;
pub mod schema;
pub mod search;
pub mod sites;
pub mod verify;

pub use connect::connect;
pub use error::GroupError;
/// The client library, for callers that hold a connection or open a transaction.
pub use postgres;
/// A connection to the group archive (the synchronous client: run it off async threads).
pub use postgres::Client;
pub use records::{
    AckRecord, AgreementRecord, AssessmentRecord, Head, RosterRecord, SignatureDigest, VoidRecord,
};
