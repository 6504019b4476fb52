#!/usr/bin/env bash
# Sets everything up and starts SignDesk on the default archive (the OS's user data
# folder; override with --data DIR or SIGNDESK_DATA).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO/scripts/setup.sh"
"$REPO/scripts/build-app.sh" --release
exec "$CARGO_TARGET_DIR/release/signdesk" "$@"
