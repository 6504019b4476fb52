//! One module per subcommand: convert arguments, call the core, print.

pub mod info;
