//! The one API shared by the desktop shell and the CLI.
