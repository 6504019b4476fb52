#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL server (the group archive's tests, issue 25).
#
#   scripts/with-postgres.sh CMD [ARGS…]
#
# Starts a throw-away cluster of Debian's PostgreSQL (installed by setup.sh) in a temp
# folder, listening only on 127.0.0.1 at a free port, with password (SCRAM) logins;
# exports SIGNDESK_TEST_PG_URL (its superuser) for CMD, and stops and deletes the
# cluster afterwards, however CMD ends. The server refuses to run as root, so under
# root it runs as the `postgres` user the Debian package creates.
set -euo pipefail

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "with-postgres: PostgreSQL is not installed (run scripts/setup.sh)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/signdesk-pg.XXXXXX)
AS=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$DIR"
  AS=(runuser -u postgres --)
fi
PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$PASSWORD" > "$DIR/pw"
chmod 0644 "$DIR/pw"

stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U signdesk_admin --pwfile="$DIR/pw" \
  -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }

# A free port: try a few random ones until the server starts.
for _ in 1 2 3 4 5 6 7 8; do
  PORT=$((20000 + RANDOM % 20000))
  if "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR -c fsync=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    STARTED=1
    break
  fi
done
[ "${STARTED:-}" = 1 ] || { echo "with-postgres: the server did not start" >&2; cat "$DIR/server.log" >&2; exit 1; }

export SIGNDESK_TEST_PG_URL="postgresql://signdesk_admin:$PASSWORD@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
set +e
"$@"
rc=$?
exit $rc
