#!/bin/sh
# Sets up a real CUPS server with a PDF printer queue for the print tests.
#
#   scripts/cups-test-printer.sh OUT_DIR      # prints OUT_DIR (absolute) on success
#
# Idempotent: installs cups + cups-pdf with apt only if missing, starts cupsd only if
# it is not running (no init system on our machines), adds the queue SignDeskPDF only
# if absent, and points cups-pdf's output (`Out`) at OUT_DIR.
# cups-pdf writes every job as one PDF into OUT_DIR; it ignores the copies option,
# which is why SignDesk sends copies as pages of one merged PDF.
# Needs root (apt, lpadmin, /etc/cups). Everything that may wait has a timeout.
set -eu

QUEUE=SignDeskPDF
[ $# -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
mkdir -p "$1"
OUT=$(cd "$1" && pwd)

log() { echo "cups-test-printer: $*" >&2; }

# This machine's own scheduler, through its socket: without it the CUPS tools fall back
# to localhost:631, which in a chroot or container sharing the host's network is the
# host's cupsd (whose cups-pdf writes elsewhere), and "is running" would be a lie.
export CUPS_SERVER=/run/cups/cups.sock

if ! command -v lp >/dev/null 2>&1 || ! command -v lpadmin >/dev/null 2>&1 \
   || ! [ -e /usr/lib/cups/backend/cups-pdf ]; then
  log "installing cups cups-client cups-bsd printer-driver-cups-pdf"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get install -y -q cups cups-client cups-bsd printer-driver-cups-pdf >&2 \
    || { timeout 300 apt-get update -q >&2 \
         && timeout 300 apt-get install -y -q cups cups-client cups-bsd printer-driver-cups-pdf >&2; }
fi

CONF=/etc/cups/cups-pdf.conf
# cups-pdf runs as root's "nobody"-like user and refuses folders it cannot write.
chmod 0777 "$OUT"
if grep -q '^Out ' "$CONF" 2>/dev/null; then
  sed -i "s|^Out .*|Out $OUT|" "$CONF"
else
  echo "Out $OUT" >> "$CONF"
fi
# Label 2: the job id is always in the file name (`<title>-job_<id>.pdf`), so a test
# finds its own job's file.
if grep -q '^Label ' "$CONF"; then sed -i 's|^Label .*|Label 2|' "$CONF"; else echo "Label 2" >> "$CONF"; fi

running() { lpstat -r 2>/dev/null | grep -q "is running"; }
if ! running; then
  log "starting cupsd"
  mkdir -p /run/cups
  /usr/sbin/cupsd
  i=0
  until running; do
    i=$((i + 1))
    [ $i -le 100 ] || { log "cupsd did not start within 10 s"; exit 1; }
    sleep 0.1
  done
fi

if ! lpstat -p "$QUEUE" >/dev/null 2>&1; then
  log "adding queue $QUEUE"
  timeout 60 lpadmin -p "$QUEUE" -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd
fi
timeout 30 cupsenable "$QUEUE" 2>/dev/null || true
timeout 30 cupsaccept "$QUEUE" 2>/dev/null || true

echo "$OUT"
