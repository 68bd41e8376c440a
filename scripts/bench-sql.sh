#!/usr/bin/env bash
# The compiled audit (`policy-check sql`, docs/sql.md) next to the native one: wall time per
# engine on the fixture month (all shipped rules) and on a synthetic help-desk log
# (scripts/gen-synthetic.py, 130,000 events and 20,000 tickets, over scripts/bench/rules.yaml).
#
#   scripts/bench-sql.sh                      build a release binary, then both data sets
#   BENCH_SKIP_BUILD=1 scripts/bench-sql.sh   reuse the last release build (.build-bench)
#   BENCH_BINARY=.build/debug/policy-check BENCH_NATIVE_BINARY=/path/release/policy-check \
#     BENCH_SKIP_BUILD=1 scripts/bench-sql.sh # compile SQL with one build, time the native audit of another
#   BENCH_SETS=month scripts/bench-sql.sh     only the fixture month (month, synthetic)
#
# Per engine: `sql` the time to write the script (data included, `--with-data`), `load` the
# tables records/events filled by it, `audit` the judgements written, `wall` all three; native is
# `audit --format text` (load, evaluate, report). `peak MB` is the largest resident set: of the
# native process (/usr/bin/time); of the Python process DuckDB runs in (its interpreter and the
# script text included); of the PostgreSQL backend that ran the load or the audit (VmHWM of
# pg_backend_pid(), so only with a server on this machine; the shared buffers it touched count). DuckDB runs in memory through its Python package
# (pip install duckdb), PostgreSQL in a throwaway server (scripts/pg-throwaway.sh) unless
# POLICY_CHECK_PG_URL is set. Scripts over 200 MB are refused: a larger INSERT script once grew
# DuckDB to 20 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-bench
out="$scratch/sql"
mkdir -p "$out"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product policy-check >&2
fi
binary="${BENCH_BINARY:-$scratch/release/policy-check}"
native="${BENCH_NATIVE_BINARY:-$binary}"
python3 -c 'import duckdb' 2>/dev/null || {
  echo "bench-sql: the duckdb Python package is missing (pip install duckdb)" >&2
  exit 1
}

if [ -z "${POLICY_CHECK_PG_URL:-}" ]; then
  pg_dir=$(mktemp -d)
  trap 'scripts/pg-throwaway.sh stop "$pg_dir/cluster"; rm -rf "$pg_dir"' EXIT
  POLICY_CHECK_PG_URL=$(scripts/pg-throwaway.sh start "$pg_dir/cluster")
fi

seconds() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }

# run-script ENGINE SCRIPT: prints "load audit judgements peak" (seconds, seconds, rows, MB).
run_script() {
  python3 - "$1" "$2" "$POLICY_CHECK_PG_URL" <<'PY'
import resource, subprocess, sys, time
engine, path, url = sys.argv[1:4]
text = open(path, encoding='utf-8').read()
cut = text.find('-- policy-check sql --dialect')
load, audit = text[:cut], text[cut:]
if engine == 'duckdb':
    import duckdb
    con = duckdb.connect(':memory:')
    run = con.execute
    count = lambda: con.execute('SELECT count(*) FROM judgements').fetchone()[0]
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
else:
    backend_kb = []
    # The backend's own peak, read before psql disconnects (\! expands no psql variable).
    high_water = ("\nSELECT pg_backend_pid() AS pid \\gset\n\\setenv PC_BACKEND :pid\n"
                  "\\! grep VmHWM /proc/$PC_BACKEND/status\n")
    def run(script):
        shown = subprocess.run(['psql', '-q', '-X', '-v', 'ON_ERROR_STOP=1', url],
                               input=(script + high_water).encode('utf-8'), check=True,
                               capture_output=True).stdout.decode()
        backend_kb.extend(int(line.split()[1]) for line in shown.splitlines() if line.startswith('VmHWM:'))
    peak = lambda: max(backend_kb, default=0) / 1024
    count = lambda: subprocess.run(['psql', '-X', '-At', '-c', 'SELECT count(*) FROM judgements', url],
                                   check=True, capture_output=True).stdout.decode().strip()
began = time.monotonic()
run(load)
loaded = time.monotonic()
run(audit)
done = time.monotonic()
print(f'{loaded - began:.2f} {done - loaded:.2f} {count()} {peak():.0f}')
PY
}

row() { printf '| %-9s | %-10s | %6s | %6s | %7s | %7s | %7s | %10s |\n' "$@"; }

# bench NAME ARGS…: the native audit and the compiled one in each engine over the same data.
bench() {
  local name=$1
  shift
  local t0 t1
  t0=$(seconds)
  /usr/bin/time -f %M -o "$out/$name-native.rss" \
    "$native" audit "$@" --format text=/dev/null >/dev/null 2>"$out/$name-native.log" || [ $? -eq 1 ]
  t1=$(seconds)
  row "$name" native "" "" "" "$(python3 -c "print(f'{$t1 - $t0:.2f}')")" \
    "$(($(tail -1 "$out/$name-native.rss") / 1024))" ""
  for engine in duckdb postgres; do
    local script="$out/$name-$engine.sql"
    t0=$(seconds)
    "$binary" sql --dialect "$engine" --with-data --skip-refused -o "$script" "$@" 2>"$out/$name-$engine.log"
    t1=$(seconds)
    local size
    size=$(wc -c <"$script")
    if [ "$size" -gt 200000000 ]; then
      echo "bench-sql: $script is $size bytes; refusing to load more than 200 MB" >&2
      exit 1
    fi
    local sql load audit count peak
    sql=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
    read -r load audit count peak < <(run_script "$engine" "$script")
    row "$name" "$engine" "$sql" "$load" "$audit" "$(python3 -c "print(f'{$sql + $load + $audit:.2f}')")" \
      "$peak" "$count"
  done
}

echo "bench-sql: compiling with $binary, native audit with $native" >&2
row data engine "sql s" "load s" "audit s" "wall s" "peak MB" judgements
row --------- ---------- ------ ------ ------- ------- ------- ----------
sets=${BENCH_SETS:-month synthetic}
if [[ " $sets " == *" month "* ]]; then
  bench month --dataset Fixtures/month/dataset.yaml --month 2024-09 --as-of "2024-10-08 00:00"
fi
if [[ " $sets " == *" synthetic "* ]]; then
  data="$scratch/data/e130000-c20000-s7"
  stamp=$(cksum <scripts/gen-synthetic.py | cut -d' ' -f1)
  if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
    rm -rf "$data"
    python3 scripts/gen-synthetic.py --events 130000 --cases 20000 --seed 7 --out "$data" >&2
    echo "$stamp" >"$data/.stamp"
  fi
  bench synthetic --dataset "$data/dataset.yaml" --rules Rules/calendars --rules scripts/bench/rules.yaml \
    --from 2024-01-01 --to 2024-12-31 --as-of "2025-01-15 00:00"
fi
