#!/usr/bin/env bash
# PDF rendering benchmark: SignDesk's renderer (release) on the sample 3-page agreement
# with two signatures, once and N times in a row, side by side in the same run with
# LibreOffice headless converting the same text to PDF. Peak memory from /usr/bin/time.
# Usage: scripts/bench-render.sh [N]   (needs libreoffice-writer-nogui; installs it)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
N="${1:-500}"
LO_N=20
command -v soffice >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; }
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

cargo build -q --release -p signdesk-typeset --example bench_render
echo "== SignDesk renderer (printpdf; fonts indexed once per process, pre-subset per document) =="
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "peak RSS: %M KB" "$CARGO_TARGET_DIR/release/examples/bench_render" "$work/signdesk.pdf" "$N" 2>&1

# The same text for LibreOffice: what our PDF says, as plain text.
pdftotext -layout "$work/signdesk.pdf" "$work/agreement.txt"
mkdir -p "$work/lo-in" "$work/lo-out"
for i in $(seq 1 "$LO_N"); do cp "$work/agreement.txt" "$work/lo-in/a$i.txt"; done
echo "== LibreOffice headless (same text) =="
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
/usr/bin/time -f "peak RSS: %M KB" soffice --headless -env:UserInstallation="file://$work/lo-profile" \
  --convert-to pdf --outdir "$work/lo-out" "$work/lo-in/a1.txt" >/dev/null 2>"$work/lo1.err"
one=$(echo "$(date +%s.%N) - $start" | bc)
grep "peak RSS" "$work/lo1.err"
start=$(date +%s.%N)
soffice --headless -env:UserInstallation="file://$work/lo-profile" \
  --convert-to pdf --outdir "$work/lo-out" "$work"/lo-in/*.txt >/dev/null 2>&1
many=$(echo "$(date +%s.%N) - $start" | bc)
size=$(stat -c %s "$work/lo-out/a1.pdf")
printf 'one document (cold start): %.0f ms\n' "$(echo "$one * 1000" | bc)"
printf '%d documents in one run: %.0f ms/doc, %d bytes/doc (%.1f KB)\n' "$LO_N" \
  "$(echo "$many * 1000 / $LO_N" | bc -l)" "$size" "$(echo "$size / 1024" | bc -l)"
