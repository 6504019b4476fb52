//! E2E harness
