//! One module per subcommand: convert arguments, call the core, print.

pub mod assess;
pub mod backup;
pub mod ceremony;
pub mod export;
pub mod group;
pub mod group_read;
pub mod info;
pub mod people;
pub mod print;
pub mod roster;
pub mod seal;
pub mod search;
pub mod self_test;
pub mod show;
pub mod sign;
pub mod template;
pub mod verify;
pub mod void;
