#!/usr/bin/env bash
# Reading the synthetic year (1.3 million events, scripts/gen-synthetic.py) from PostgreSQL and
# from SQLite next to reading the same data from CSV: rows/s of the load phase (`--timings`).
#
#   scripts/bench-db.sh            # a throwaway PostgreSQL unless POLICY_CHECK_PG_URL is set
#
# PostgreSQL gets typed columns (time timestamp, amount numeric): values arrive in binary.
# SQLite gets the CSV's text (SQLite has no timestamp type): the description's timestamps parse it.
# Target: the database at least half the CSV speed.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${BENCH_EVENTS:-1300000}
cases=${BENCH_CASES:-200000}
scratch=.build-bench
data="$scratch/data/e$events-c$cases-s7"
out="$scratch/db"
mkdir -p "$out"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product policy-check >&2
fi
binary="${BENCH_BINARY:-$scratch/release/policy-check}"
stamp=$(cksum <scripts/gen-synthetic.py | cut -d' ' -f1)
if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
  rm -rf "$data"
  python3 scripts/gen-synthetic.py --events "$events" --cases "$cases" --seed 7 --out "$data"
  echo "$stamp" >"$data/.stamp"
fi

if [ -z "${POLICY_CHECK_PG_URL:-}" ]; then
  pg_dir=$(mktemp -d)
  trap 'scripts/pg-throwaway.sh stop "$pg_dir/cluster"; rm -rf "$pg_dir"' EXIT
  POLICY_CHECK_PG_URL=$(scripts/pg-throwaway.sh start "$pg_dir/cluster")
  export POLICY_CHECK_PG_URL
fi
echo "bench-db: loading $events events into PostgreSQL and SQLite" >&2
psql -q -X "$POLICY_CHECK_PG_URL" >/dev/null <<SQL
\set ON_ERROR_STOP on
set client_min_messages = warning;
drop table if exists bench_tickets, bench_worklog;
create table bench_tickets (ticket text, activity text, time timestamp, resource text, role text, team text,
  category text, zone text, service_level text, customer text, phone text, amount numeric);
\copy bench_tickets from '$data/tickets.csv' with (format csv, header)
create table bench_worklog (log_id text, employee text, team text, logged_at timestamp);
\copy bench_worklog from '$data/worklog.csv' with (format csv, header)
vacuum analyze bench_tickets;
SQL
rm -f "$out/year.db"
python3 - "$data" "$out/year.db" <<'PY'
import csv, sqlite3, sys
data, path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(path)
for table, name in (("bench_tickets", "tickets.csv"), ("bench_worklog", "worklog.csv")):
    with open(f"{data}/{name}", newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        db.execute(f"create table {table} ({', '.join(h + ' TEXT' for h in header)})")
        db.executemany(f"insert into {table} values ({', '.join('?' * len(header))})", rows)
db.commit()
PY
sed -e 's|- file: tickets.csv|- postgres: {url: env:POLICY_CHECK_PG_URL, table: bench_tickets}|' \
  -e 's|- file: worklog.csv|- postgres: {url: env:POLICY_CHECK_PG_URL, table: bench_worklog}|' \
  "$data/dataset.yaml" >"$out/postgres.yaml"
sed -e "s|- file: tickets.csv|- sqlite: {file: year.db, table: bench_tickets}|" \
  -e "s|- file: worklog.csv|- sqlite: {file: year.db, table: bench_worklog}|" \
  "$data/dataset.yaml" >"$out/sqlite.yaml"

rows=$(($(wc -l <"$data/tickets.csv") + $(wc -l <"$data/worklog.csv") - 2))
measure() {
  local name=$1 description=$2 log="$out/time-$1.txt"
  "$binary" audit --dataset "$description" --rules Rules/calendars --rules scripts/bench/rules.yaml \
    --from 2024-01-01 --to 2024-12-31 --as-of "2025-01-15 00:00" --timings --format "json=/dev/null" \
    2>"$log" || [ $? -le 1 ] || { cat "$log" >&2; exit 1; }
  local load
  load=$(sed -n 's/^timings: .*load \([0-9.]*\) s.*/\1/p' "$log")
  awk -v n="$name" -v s="$load" -v r="$rows" 'BEGIN { printf "bench-db: %-10s %9d rows in %6.2f s = %9.0f rows/s\n", n, r, s, r / s }'
}
measure csv "$data/dataset.yaml"
measure postgres "$out/postgres.yaml"
measure sqlite "$out/sqlite.yaml"
