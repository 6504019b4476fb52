//! End-to-end tests: the real built app, in real WebKit, on a real archive.

mod archive;
mod assess;
mod ceremony;
mod group;
mod group_import;
mod group_view;
mod kiosk;
mod navigation;
mod no_signature_block;
mod responsive;
mod self_test;
mod signing;
mod templates;
