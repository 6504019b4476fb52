//! One file per feature. Commands only convert arguments and call the core.

pub mod app;
pub mod archive;
pub mod assess;
pub mod ceremonies;
pub mod group;
pub mod group_view;
pub mod kiosk;
pub mod pick;
pub mod self_test;
pub mod session;
pub mod templates;
pub mod upload;
