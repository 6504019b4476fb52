#!/usr/bin/env bash
# Proves the README's test command on a machine that has nothing but Debian 12, Rust and
# Node.js: a throw-away Debian 12 (debootstrap, minbase) in DIR, with only this machine's
# Rust toolchain (rustup's toolchains, read-only; an empty cargo home, so every crate is
# downloaded and built cold) and its Node.js copied in. It clones the repository into
# it and runs `scripts/test.sh` there, which must install everything else itself (apt,
# npm, tauri-driver), and prints how long the whole cold run took.
#
#   sudo scripts/fresh-machine-test.sh [DIR]     # default /tmp/signdesk-fresh; needs root
#
# Not part of CI (it takes ~25 minutes on 2 cores); run it before changing what
# setup installs. DIR is left behind for inspection; delete it afterwards.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-/tmp/signdesk-fresh}"
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-test: needs root (debootstrap, chroot, mounts)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap

if [ ! -x "$DIR/usr/bin/apt-get" ]; then
  echo "fresh-machine-test: debootstrap bookworm into $DIR"
  debootstrap --variant=minbase bookworm "$DIR" >/dev/null
fi

# The fresh system's root is a mount point of its own, as on a real machine: the tests
# make a private mount namespace, which cannot change the propagation of a root that
# is only a folder.
mountpoint -q "$DIR" || mount --bind "$DIR" "$DIR"

# The prerequisites README names: Rust (the toolchain only) and Node.js 20.19+.
RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
mkdir -p "$DIR/opt/rustup" "$DIR/root/.cargo/bin" "$DIR/usr/lib/node_modules"
mountpoint -q "$DIR/opt/rustup" || mount --bind -o ro "$RUSTUP_HOME" "$DIR/opt/rustup"
for tool in cargo rustc rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver rustup; do
  [ -e "$HOME/.cargo/bin/$tool" ] && cp -f "$HOME/.cargo/bin/$tool" "$DIR/root/.cargo/bin/"
done
cp -f "$(command -v node)" "$DIR/usr/bin/node"
rm -rf "$DIR/usr/lib/node_modules/npm"
cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$DIR/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$DIR/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$DIR/usr/bin/npx"
cp -f /etc/resolv.conf "$DIR/etc/resolv.conf"
# The network's trust is the machine's, not the project's: where egress goes through a
# proxy with its own CA, the fresh system gets this machine's CA bundle to use.
cp -f /etc/ssl/certs/ca-certificates.crt "$DIR/etc/host-ca-bundle.crt"

for fs in proc sys dev dev/pts; do
  mountpoint -q "$DIR/$fs" || mount --bind "/$fs" "$DIR/$fs"
done
mountpoint -q "$DIR/dev/shm" || mount -t tmpfs none "$DIR/dev/shm"
trap 'for fs in dev/shm dev/pts dev sys proc opt/rustup ""; do umount -l "$DIR/$fs" 2>/dev/null || true; done' EXIT

rm -rf "$DIR/root/signdesk"
git clone -q "$REPO" "$DIR/root/signdesk"

echo "fresh-machine-test: running scripts/test.sh in the fresh system (cold)"
start=$(date +%s)
chroot "$DIR" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
  PATH=/root/.cargo/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  RUSTUP_HOME=/opt/rustup RUSTUP_TOOLCHAIN="$(rustup show active-toolchain | cut -d' ' -f1)" \
  SSL_CERT_FILE=/etc/host-ca-bundle.crt CARGO_HTTP_CAINFO=/etc/host-ca-bundle.crt \
  NODE_EXTRA_CA_CERTS=/etc/host-ca-bundle.crt GIT_SSL_CAINFO=/etc/host-ca-bundle.crt \
  bash -c 'cd /root/signdesk && ./scripts/test.sh'
echo "fresh-machine-test: scripts/test.sh passed on a fresh Debian 12 in $(( $(date +%s) - start )) s"
