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
python3 - "$work" "$N" <<'PY'
import struct, sys, zlib, os
work, n = sys.argv[1], int(sys.argv[2])
def png(seed):
    w, h = 300, 100
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            import math
            on = 20 <= x < 280 and abs(y - (50 + 30 * math.sin((x + seed) / 18))) < 2.5
            row += bytes([20, 24, 40, 255]) if on else bytes(4)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
os.makedirs(f"{work}/sig")
for i in range(8):
    open(f"{work}/sig/{i}.png", "wb").write(png(i * 7))
open(f"{work}/dir.png", "wb").write(png(99))
depts = ["客服部", "安全科", "工程部", "调度中心"]
with open(f"{work}/batch.csv", "w", encoding="utf-8") as f:
    f.write("姓名,工号,部门,employee,director,name:director\n")
    for i in range(n):
        f.write(f"员工{i:04d},E{i:05d},{depts[i % 4]},sig/{i % 8}.png,dir.png,周总监\n")
PY
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
