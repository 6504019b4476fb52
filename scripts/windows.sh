#!/usr/bin/env bash
# SignDesk for Windows, built and tested from Debian 12 (facts behind each step:
# ../shared/docs/WINDOWS.md in the product notes; ARCHITECTURE.md "Windows").
#
#   scripts/windows.sh build       cross-build signdesk-cli.exe and signdesk.exe
#   scripts/windows.sh test        build, then run the Wine suite on the CLI
#                                  (tests/windows/wine_suite.py) and the installer
#                                  round trip (install, Start menu, uninstall)
#   scripts/windows.sh installer   build, then make the NSIS installer; prints its path
#                                  as the last line
#
# Installs what it needs from Debian's packages, only when missing: Debian's own Rust
# (rustc-web + rust-web-src, which can build std for x86_64-pc-windows-gnu with
# -Zbuild-std; rustup cannot fetch that target here), MinGW, Wine 8, NSIS.
# Builds into its own target folder (std is rebuilt there): cold ≈ see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

TARGET=x86_64-pc-windows-gnu
PROFILE=dist
export CARGO_TARGET_DIR="${SIGNDESK_WIN_TARGET_DIR:-$HOME/.cache/signdesk-win-target}"
OUT="$CARGO_TARGET_DIR/$TARGET/$PROFILE"
DIST="$CARGO_TARGET_DIR/windows-dist"

log() { echo "windows.sh: $*" >&2; }

setup() {
  local packages=(
    rustc-web cargo-web rust-web-src             # Debian's Rust 1.96 + std sources
    gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64
    wine64 wine                                  # runs the .exe files in the tests
    nsis                                         # makensis: the installer
    python3 poppler-utils                        # the Wine suite checks the PDFs
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
  # Debian's cargo/rustc, not rustup's: only they have std's sources for -Zbuild-std.
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO=/usr/bin/cargo
  export RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
  export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++
  export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
  export RANLIB_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ranlib
  export WINDRES_x86_64_pc_windows_gnu=x86_64-w64-mingw32-windres
  export CARGO_TERM_COLOR=never
}

cargo_win() {
  /usr/bin/cargo "$@" --target "$TARGET" --profile "$PROFILE" -Zbuild-std=std,panic_abort
}

build_cli() {
  log "building signdesk-cli.exe"
  cargo_win build -p signdesk-cli
}

build_app() {
  if [ ! -d ui/node_modules ]; then (cd ui && npm ci --no-audit --no-fund); fi
  (cd ui && npm run build >/dev/null)
  log "building signdesk.exe"
  cargo_win build -p signdesk
}

build() {
  setup
  toolchain
  local started=$SECONDS
  build_cli
  build_app
  mkdir -p "$DIST"
  cp "$OUT/signdesk-cli.exe" "$OUT/signdesk.exe" "$DIST/"
  # wry's windows-gnu build loads WebView2 through WebView2Loader.dll beside the exe.
  local loader
  loader=$(find "$CARGO_TARGET_DIR/$TARGET/$PROFILE/build" -path '*x64*' -name WebView2Loader.dll 2>/dev/null | head -1 || true)
  if [ -n "$loader" ]; then cp "$loader" "$DIST/"; fi
  x86_64-w64-mingw32-strip "$DIST"/*.exe
  log "built in $((SECONDS - started)) s: $(ls "$DIST" | tr '\n' ' ')"
}

# A throw-away Wine prefix with the ProcessPrng shim (scripts/windows/processprng.c).
wine_prefix() {
  export WINEPREFIX="${SIGNDESK_WINEPREFIX:-/tmp/signdesk-wine-$(id -u)}"
  export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "creating Wine prefix $WINEPREFIX"
    /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
    /usr/lib/wine/wineserver -w
  fi
  local shim="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  if [ ! -f "$shim" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" scripts/windows/processprng.c \
      scripts/windows/processprng.def -ladvapi32
  fi
}

installer() {
  local version
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
  local out="$DIST/SignDesk-$version-setup-x64.exe"
  log "making the installer"
  makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$version" -DDIST="$DIST" -DOUTFILE="$out" -DREPO="$REPO" \
    scripts/windows/signdesk.nsi >&2
  echo "$out"
}

case "${1:-}" in
  build)
    build
    echo "$DIST"
    ;;
  test)
    build
    wine_prefix
    installer >/dev/null
    python3 tests/windows/wine_suite.py --dist "$DIST" --installer "$(ls "$DIST"/SignDesk-*-setup-x64.exe)"
    ;;
  installer)
    build
    installer
    ;;
  *)
    echo "usage: scripts/windows.sh build|test|installer" >&2
    exit 2
    ;;
esac
