#!/usr/bin/env bash
# The group archive's ingest from a desk (issue 25): a desk signs N agreements
# (`sign --batch`, release build), then the same N reach a fresh group archive two
# ways, side by side in one run — online (`signdesk-cli sync`, as the site's role, the
# desk's peak memory measured: it streams one PDF at a time) and by bundle
# (`bundle export` at the desk, `group import` at the group office) — each including
# the group's verification (hash, seal, chain, audit entry of every agreement).
# Runs beside a private PostgreSQL (scripts/with-postgres.sh). Usage: bench-sync.sh [N]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
N="${1:-5000}"
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
cargo build -q --release -p signdesk-cli
export CLI="$CARGO_TARGET_DIR/release/signdesk-cli" N
exec scripts/with-postgres.sh bash -c '
set -euo pipefail
work=$(mktemp -d); trap "rm -rf \"$work\"" EXIT
export SIGNDESK_ORG=宁德新奥燃气有限公司 SIGNDESK_PASSPHRASE="基准测试口令 bench 2027"
python3 scripts/bench-table.py "$work" "$N"
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$CLI" --data "$work/desk" sign --batch "$work/batch.csv" --template kefu-anquan-mubiao-2018 \
  --year 2027 --json > /dev/null
printf "desk: %d agreements signed in %.1f s\n" "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
"$CLI" --data "$work/desk" seal export-root --out "$work/root.pem" --json > /dev/null
admin="$SIGNDESK_TEST_PG_URL"
base="${admin%/*}"
for db in online bundle; do
  psql -q "$admin" -c "CREATE DATABASE bench_$db" >/dev/null
  "$CLI" group --url "$base/bench_$db" init --json > /dev/null
  "$CLI" group --url "$base/bench_$db" site add --name 第一车间 --root "$work/root.pem" --json > "$work/site-$db.json"
done
role=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[\"db_role\"])" "$work/site-online.json")
pw=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[\"password\"])" "$work/site-online.json")
site_url="postgresql://$role:$pw@${base#*@}/bench_online"
# The bundle first: it carries what the group has not acknowledged, and a sync would
# have made the group acknowledge everything.
echo "== bundle: bundle export at the desk, group import at the group office =="
start=$(date +%s.%N)
/usr/bin/time -f "desk peak RSS: %M KB" "$CLI" --data "$work/desk" bundle export --out "$work/b.sdbundle" --json > /dev/null 2> "$work/bex.err"
bex=$(echo "$(date +%s.%N) - $start" | bc)
grep "peak RSS" "$work/bex.err"
printf "bundle written in %.1f s (%s)\n" "$bex" "$(du -h "$work/b.sdbundle" | cut -f1)"
start=$(date +%s.%N)
/usr/bin/time -f "importer peak RSS: %M KB" "$CLI" group --url "$base/bench_bundle" import "$work/b.sdbundle" --json > "$work/imp.json" 2> "$work/imp.err"
secs=$(echo "$(date +%s.%N) - $start" | bc)
grep "peak RSS" "$work/imp.err"
printf "imported %s in %.1f s: %.0f agreements/s\n" "$(python3 -c "import json;print(json.load(open(\"$work/imp.json\"))[\"added\"])")" "$secs" "$(echo "$N / $secs" | bc -l)"
echo "== online: signdesk-cli sync (the desk), verification included =="
start=$(date +%s.%N)
/usr/bin/time -f "desk peak RSS: %M KB" "$CLI" --data "$work/desk" sync --url "$site_url" --json > "$work/sync.json" 2> "$work/sync.err"
secs=$(echo "$(date +%s.%N) - $start" | bc)
grep "peak RSS" "$work/sync.err"
printf "sent %s in %.1f s: %.0f agreements/s\n" "$(python3 -c "import json;print(json.load(open(\"$work/sync.json\"))[\"sent\"])")" "$secs" "$(echo "$N / $secs" | bc -l)"
'
