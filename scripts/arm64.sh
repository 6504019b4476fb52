#!/usr/bin/env bash
# SignDesk for arm64 (Phytium/Kunpeng desktops with UOS or Kylin, issue 27), built and
# tested on an amd64 Debian 12 machine.
#
#   scripts/arm64.sh cli     cross-build signdesk-cli for aarch64-unknown-linux-gnu
#   scripts/arm64.sh test    build, then run the CLI suite under qemu-aarch64 user-mode
#                            emulation (sign, search, verify, backup/restore, self-test)
#
# The same Debian Rust route as the Windows build: rustup cannot fetch the target here,
# Debian's rustc-web + rust-web-src build std for it with -Zbuild-std; the C parts
# (SQLCipher, its vendored OpenSSL) with Debian's aarch64 cross compiler; the binary
# runs under qemu-user with the cross libc as its root (-L). Installs what it needs
# only when missing. Builds into its own target folder.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

TARGET=aarch64-unknown-linux-gnu
PROFILE=dist
export CARGO_TARGET_DIR="${SIGNDESK_ARM64_TARGET_DIR:-$HOME/.cache/signdesk-arm64-target}"
OUT="$CARGO_TARGET_DIR/$TARGET/$PROFILE"

log() { echo "arm64.sh: $*" >&2; }

setup() {
  local packages=(
    rustc-web cargo-web rust-web-src               # Debian's Rust 1.96 + std sources
    gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
    qemu-user                                      # runs the aarch64 binaries here
    poppler-utils                                  # the suite checks the PDFs
  )
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

toolchain() {
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO=/usr/bin/cargo
  export RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
  export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
  export CXX_aarch64_unknown_linux_gnu=aarch64-linux-gnu-g++
  export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
  export RANLIB_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ranlib
  export CARGO_TERM_COLOR=never
}

cli() {
  setup
  toolchain
  local started=$SECONDS
  log "building signdesk-cli for $TARGET"
  /usr/bin/cargo build -p signdesk-cli --target "$TARGET" --profile "$PROFILE" -Zbuild-std=std,panic_abort
  aarch64-linux-gnu-strip -o "$OUT/signdesk-cli.stripped" "$OUT/signdesk-cli"
  log "built in $((SECONDS - started)) s: $(du -h "$OUT/signdesk-cli.stripped" | cut -f1) stripped"
  file "$OUT/signdesk-cli" >&2
}

suite() {
  local started=$SECONDS
  EXE="$OUT/signdesk-cli" python3 tests/arm64/qemu_suite.py
  log "emulated suite passed in $((SECONDS - started)) s"
}

case "${1:-}" in
  cli) cli; echo "$OUT/signdesk-cli" ;;
  test) cli; suite ;;
  *) echo "usage: $0 cli|test" >&2; exit 2 ;;
esac
