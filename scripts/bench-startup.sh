#!/usr/bin/env bash
# Start-up benchmark: cold start of the release app to its first interactive screen
# (the template list has asked Rust for data), and memory (PSS summed over the app
# and its WebKit processes) once that screen is up. Runs N times on a private Xvfb,
# each on a fresh archive. Usage: [PROFILE=debug] scripts/bench-startup.sh [N]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
N="${1:-5}"
PROFILE="${PROFILE:-release}"
APP="$CARGO_TARGET_DIR/$PROFILE/signdesk"
if [ "$PROFILE" = release ]; then scripts/build-app.sh --release >/dev/null; else scripts/build-app.sh >/dev/null; fi
echo "binary: $APP ($PROFILE)"

exec {fd}< <(Xvfb -displayfd 1 -screen 0 1280x860x24 -nolisten tcp 2>/dev/null)
XVFB_PID=$!
read -r -u "$fd" DISPLAY_NUM
export DISPLAY=":$DISPLAY_NUM"
trap 'kill $XVFB_PID 2>/dev/null || true' EXIT

pss_tree() { # PSS in kB of a process and all its descendants
  local total=0 pid
  for pid in $1 $(pgrep -P "$1" 2>/dev/null) $(for c in $(pgrep -P "$1" 2>/dev/null); do pgrep -P "$c"; done); do
    [ -r "/proc/$pid/smaps_rollup" ] || continue
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")))
  done
  echo "$total"
}

echo "run  ready_ms  pss_MB"
for i in $(seq 1 "$N"); do
  data=$(mktemp -d)
  export XDG_DATA_HOME="$data/xdg" XDG_CACHE_HOME="$data/xdg-cache"
  exec {out}< <(SIGNDESK_STARTUP_PROBE=1 "$APP" --data "$data" 2>/dev/null & echo "pid $!"; wait)
  read -r -u "$out" _ APP_PID
  ms=""
  while read -r -t 30 -u "$out" line; do
    case "$line" in *"first screen ready after"*) ms=$(echo "$line" | grep -o '[0-9]* ms' | cut -d' ' -f1); break;; esac
  done
  sleep 1.5 # let the page settle before reading memory
  kb=$(pss_tree "$APP_PID")
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  printf '%3d  %8s  %6d\n' "$i" "${ms:-timeout}" $((kb / 1024))
  rm -rf "$data"
done
