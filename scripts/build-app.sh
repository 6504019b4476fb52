#!/usr/bin/env bash
# Builds the UI and the desktop app with the UI embedded (custom-protocol).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
(cd ui && npm run --silent build)
cargo build -p signdesk "$@"
