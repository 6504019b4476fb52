#!/usr/bin/env bash
# Installs what SignDesk needs on a Debian 12 machine, and only what is missing.
# Idempotent: a second run does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config curl file
  perl make                                   # SQLCipher's vendored OpenSSL builds with them
  libwebkit2gtk-4.1-dev libssl-dev            # the Tauri shell (WebKitGTK)
  xvfb xauth webkit2gtk-driver                # end-to-end tests in real WebKit
  openbox xdotool x11-utils                   # e2e: a window manager to minimise the kiosk window with
  poppler-utils qpdf                          # PDF checks in tests (pdftotext, pdffonts, pdfsig…)
  zbar-tools                                  # reads back the QR code on record pages in tests (zbarimg)
  cups cups-client cups-bsd printer-driver-cups-pdf  # printing through a real CUPS queue in tests
  fonts-noto-cjk                              # CJK glyphs for the webview under Xvfb
  postgresql                                  # the group archive's tests start a private server (scripts/with-postgres.sh)
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "setup: $tool is missing: install Rust (rustup) and Node.js 20.19+ first" >&2; exit 1; }
done

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install --locked tauri-driver@2.1.0
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  (cd ui && npm ci --no-audit --no-fund)
fi
