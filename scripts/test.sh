#!/usr/bin/env bash
# Sets everything up and runs every test: formatting, lints, the Rust tests of every
# crate, the UI's unit tests, and the end-to-end tests of the real app in real WebKit.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }

step "UI build (the app embeds it)"
(cd ui && npm run --silent build)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "UI type check"
(cd ui && npm run --silent check)

step "UI unit tests (mocked IPC)"
(cd ui && npx vitest run)

step "Rust tests (every crate), with the system's fonts hidden"
# Every PDF the tests render (rare names included) may use only fonts that ship with
# the product: a fresh machine has none of the developers' fonts. The print tests'
# CUPS server is started first, outside, so its filters keep their own fonts; so is the
# group archive's private PostgreSQL server, stopped again when the tests end.
scripts/cups-test-printer.sh "$(mktemp -d)" >/dev/null
scripts/with-postgres.sh scripts/without-system-fonts.sh cargo test --workspace --exclude signdesk-e2e

step "Build the app for end-to-end tests"
cargo build -p signdesk

step "End-to-end tests (real app, WebKit, tauri-driver, Xvfb)"
scripts/with-postgres.sh cargo test -p signdesk-e2e -- --test-threads=1
