#!/usr/bin/env bash
# Runs a command with the system's font folders hidden behind empty ones, in a private
# mount namespace: what it renders can only use fonts that ship with SignDesk. Proof
# that a fresh machine without (say) fonts-hanazono prints the same PDFs.
#   scripts/without-system-fonts.sh cargo test -p signdesk-typeset
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG…]" >&2; exit 2; }
# As root a mount namespace is enough; otherwise a user namespace maps us to root in it.
flags=(--mount)
[ "$(id -u)" -eq 0 ] || flags+=(--map-root-user)
exec unshare "${flags[@]}" -- bash -c '
  set -euo pipefail
  for d in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
    [ -d "$d" ] && mount -t tmpfs -o ro,size=1k none "$d"
  done
  if [ -n "$(find /usr/share/fonts -type f -print -quit)" ]; then
    echo "without-system-fonts: /usr/share/fonts is still visible" >&2; exit 1
  fi
  exec "$@"
' bash "$@"
