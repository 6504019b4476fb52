//! The group archive end to end (issue 25), with the real `signdesk-cli`, real desk
//! archives and a real PostgreSQL server: two desks sign in their own archives; one
//! syncs online, the other's bundle is carried over; the group finds agreements of
//! both, counts coverage, and names a PDF changed inside its database; a bundle from
//! an unregistered desk, a rewritten history and a gap are refused and leave nothing.

#[path = "../common/mod.rs"]
mod common;
mod desks;
mod privileges;
mod receipt;
mod refusals;
mod server;
mod two_desks;
