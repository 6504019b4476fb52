#!/usr/bin/env bash
# Batch signing benchmark: `signdesk-cli sign --batch` signing N agreements from one
# table in one process (the passphrase derived once), side by side in the same run
# with the alternative a script had before — one `signdesk-cli sign` process per
# agreement (each pays the Argon2id derivation, 64 MiB × 3) — timed on M of them.
# Release build, fresh encrypted archives on disk. Peak memory from /usr/bin/time.
# Usage: scripts/bench-batch.sh [N] [M]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
N="${1:-1000}"
M="${2:-20}"
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
cargo build -q --release -p signdesk-cli
CLI="$CARGO_TARGET_DIR/release/signdesk-cli"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export SIGNDESK_ORG=宁德新奥燃气有限公司 SIGNDESK_PASSPHRASE='基准测试口令 bench 2027'
python3 scripts/bench-table.py "$work" "$N"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== signdesk-cli sign --batch: $N agreements, one process =="
start=$(date +%s.%N)
/usr/bin/time -f "peak RSS: %M KB" "$CLI" --data "$work/a" sign --batch "$work/batch.csv" \
  --template kefu-anquan-mubiao-2018 --year 2027 --json > "$work/batch.json" 2> "$work/batch.err"
secs=$(echo "$(date +%s.%N) - $start" | bc)
grep "peak RSS" "$work/batch.err"
signed=$(grep -c '"number"' "$work/batch.json")
printf '%d signed in %.1f s: %.1f ms/agreement\n' "$signed" "$secs" "$(echo "$secs * 1000 / $signed" | bc -l)"
echo "== export of those $N agreements to a folder (manifest, hashes checked) =="
start=$(date +%s.%N)
"$CLI" --data "$work/a" export --year 2027 --out "$work/export" --json > /dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
printf '%d exported in %.2f s\n' "$N" "$secs"
echo "== one signdesk-cli sign process per agreement: $M of them =="
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
for i in $(seq 1 "$M"); do
  "$CLI" --data "$work/b" sign --template kefu-anquan-mubiao-2018 --year 2027 --signer "员工$i" \
    --employee-no "E$i" --department 客服部 --signature "employee=$work/sig/$((i % 8)).png" \
    --signature "director=$work/dir.png" --signed-by director=周总监 --json > /dev/null
done
secs=$(echo "$(date +%s.%N) - $start" | bc)
per=$(echo "$secs * 1000 / $M" | bc -l)
printf '%d processes in %.1f s: %.0f ms/agreement; %d of them would take %.0f s\n' "$M" "$secs" "$per" "$N" "$(echo "$per * $N / 1000" | bc -l)"
