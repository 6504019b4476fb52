#!/usr/bin/env bash
# Fuzzes the parsers that read untrusted files (src-tauri/fuzz: cargo-fuzz, libFuzzer,
# nightly Rust). Not part of the test command: it runs for minutes. Installs
# cargo-fuzz when it is missing.
#
#   scripts/fuzz.sh                    every target, 150 s each
#   scripts/fuzz.sh roster_xlsx        one target, 150 s
#   scripts/fuzz.sh roster_xlsx 600    one target, 10 minutes
#   scripts/fuzz.sh all 60             every target, 60 s each
#
# The fuzzer starts from the committed seeds (src-tauri/fuzz/seeds/TARGET) and keeps
# what it finds in src-tauri/fuzz/corpus/TARGET (not committed). A crash, panic,
# timeout or out-of-memory stops it and leaves the input in
# src-tauri/fuzz/artifacts/TARGET/; see ARCHITECTURE.md ("Fuzzing and property
# tests") for what to do with it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO/src-tauri/fuzz"

TARGETS=(template_text template_docx roster_csv roster_xlsx signature_png)
target="${1:-all}"
seconds="${2:-150}"

if [ "$target" != all ] && [[ ! " ${TARGETS[*]} " =~ " $target " ]]; then
  echo "fuzz: unknown target '$target'; targets: ${TARGETS[*]}" >&2
  exit 2
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain (sanitizer flags need it)"
  rustup toolchain install nightly --profile minimal || {
    echo "fuzz: no nightly toolchain and it cannot be installed here" >&2
    exit 1
  }
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Instrumented builds of their own: never mixed with the normal target directory.
export CARGO_TARGET_DIR="${SIGNDESK_FUZZ_TARGET_DIR:-$HOME/.cache/signdesk-fuzz-target}"

run() {
  local t="$1"
  mkdir -p "corpus/$t"
  printf '\n==> fuzz %s for %s s\n' "$t" "$seconds"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a 2 GB process is a bomb.
  cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
}

if [ "$target" = all ]; then
  for t in "${TARGETS[@]}"; do run "$t"; done
else
  run "$target"
fi
