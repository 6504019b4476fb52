#!/usr/bin/env bash
# The .deb for Debian 12 and the Debian-based 信创 desktops (UOS, Kylin): builds the
# app and the CLI (the dist profile: release without LTO), packs them with dpkg-deb, then
# proves the package: installs it with `dpkg -i`, starts the installed app under Xvfb
# on a fresh data folder, waits for its window, takes a screenshot
# (tests/artifacts/deb-first-start.png) and removes the package again.
# The last line of output is the path of the .deb.
#
# Packed by hand rather than by the Tauri bundler: a dozen lines of control file, no
# extra CLI to install, and every file in it named here.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
scripts/setup.sh >&2

missing=()
for p in dpkg-dev imagemagick xdotool xvfb; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The dist profile (release without LTO), as the Windows build: what ships.
scripts/build-app.sh --profile dist >&2
cargo build --profile dist -p signdesk-cli >&2

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
root="$CARGO_TARGET_DIR/deb/signdesk_${version}_${arch}"
deb="$CARGO_TARGET_DIR/deb/signdesk_${version}_${arch}.deb"
rm -rf "$root" "$deb"
install -Dm755 "$CARGO_TARGET_DIR/dist/signdesk" "$root/usr/bin/signdesk"
install -Dm755 "$CARGO_TARGET_DIR/dist/signdesk-cli" "$root/usr/bin/signdesk-cli"
strip "$root/usr/bin/signdesk" "$root/usr/bin/signdesk-cli"
install -Dm644 icons/icon.png "$root/usr/share/icons/hicolor/512x512/apps/signdesk.png"
install -Dm644 src-tauri/crates/typeset/fonts/LICENSES.md "$root/usr/share/doc/signdesk/fonts-LICENSES.md"
install -Dm644 src-tauri/crates/typeset/fonts/OFL.txt "$root/usr/share/doc/signdesk/OFL.txt"
mkdir -p "$root/usr/share/applications" "$root/DEBIAN"
cat > "$root/usr/share/applications/signdesk.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=SignDesk
Name[zh_CN]=签约台
Comment=Sign and archive safety agreements offline
Comment[zh_CN]=离线签署并归档安全责任书
Exec=signdesk
Icon=signdesk
Categories=Office;
Terminal=false
EOF
size=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: signdesk
Version: $version
Architecture: $arch
Maintainer: SignDesk <signdesk@localhost>
Installed-Size: $size
Depends: libwebkit2gtk-4.1-0, libgtk-3-0
Section: office
Priority: optional
Description: SignDesk 签约台 — sign and archive agreements offline
 Turns agreement texts into templates, runs signing ceremonies with handwritten
 signatures, writes sealed A4 PDFs and keeps them in an encrypted local archive.
 Includes signdesk-cli, the command-line tool on the same core.
EOF
dpkg-deb --root-owner-group --build "$root" "$deb" >&2

# Prove it: install, start under Xvfb, screenshot, remove.
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO dpkg -i "$deb" >&2
trap '$SUDO dpkg -r signdesk >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/signdesk && test -f /usr/share/applications/signdesk.desktop
/usr/bin/signdesk-cli --version >&2
work=$(mktemp -d)
Xvfb :97 -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
trap '$SUDO dpkg -r signdesk >/dev/null 2>&1 || true; kill $xvfb $app 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
HOME="$work" DISPLAY=:97 /usr/bin/signdesk --data "$work/数据" >/dev/null 2>&1 &
app=$!
for _ in $(seq 1 100); do
  if DISPLAY=:97 xdotool search --onlyvisible --name "签约台" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
DISPLAY=:97 xdotool search --onlyvisible --name "签约台" >/dev/null || { echo "deb.sh: the installed app showed no window" >&2; exit 1; }
sleep 3 # the first screen renders
mkdir -p tests/artifacts
DISPLAY=:97 import -window root tests/artifacts/deb-first-start.png
kill $app
echo "deb.sh: installed, started and removed; screenshot tests/artifacts/deb-first-start.png ($(du -h "$deb" | cut -f1))" >&2
echo "$deb"
