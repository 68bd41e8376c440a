#!/usr/bin/env bash
# Audits of growing size next to DuckDB (issue #17): synthetic help-desk years of 1.3 M and
# 10 M events (scripts/gen-synthetic.py, 6.5 events a ticket), audited with the two rules of
# scripts/bench/two-rules.yaml and, when DuckDB can be imported, the same two counts computed by
# DuckDB (scripts/bench-scale.py) on the same tickets.csv, in alternated runs; then the 11 bench
# rules (scripts/bench/rules.yaml, policy-check only), and the two rules again within
# --memory-limit 200MB (read in parts of the cases; the summary keeps no finding).
#
#   scripts/bench-scale.sh                          build, then 1.3 M and 10 M events, 3 rounds
#   BENCH_SCALE_EVENTS="1300000 10000000 100000000" scripts/bench-scale.sh
#   BENCH_SCALE_ROUNDS=5 BENCH_SKIP_BUILD=1 scripts/bench-scale.sh
#   BENCH_BINARY=/tmp/other/policy-check BENCH_SKIP_BUILD=1 scripts/bench-scale.sh
#   BENCH_SCALE_MEMORY_LIMIT=100MB scripts/bench-scale.sh      the run in parts within 100 MB
#
# Prints per size and engine the median wall and CPU time, the largest peak RSS, the cost per
# event, and policy-check's wall time over DuckDB's. Fails when policy-check's violated/judged
# counts per rule differ from DuckDB's: the ratio compares equal work, or nothing.
# Data is cached under .build-bench/data (10 M events: 0.6 GB; 100 M: 6 GB, so ask for it).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${BENCH_SCALE_EVENTS:-"1300000 10000000"}
rounds=${BENCH_SCALE_ROUNDS:-3}
# --memory-limit of the run in parts (BENCH_SCALE_MEMORY_LIMIT): under the input of 10 M events.
limit=${BENCH_SCALE_MEMORY_LIMIT:-200MB}
seed=${BENCH_SEED:-7}
scratch=.build-bench
out="$scratch/scale"
mkdir -p "$out"

for tool in /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench-scale: $tool is needed" >&2; exit 1; }
done
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "bench-scale: swift build -c release --static-swift-stdlib" >&2
  swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product policy-check >&2
fi
binary="${BENCH_BINARY:-$scratch/release/policy-check}"
duckdb=yes
if ! python3 -c "import duckdb" 2>/dev/null; then
  pip install -q duckdb >&2 2>/dev/null || true
  python3 -c "import duckdb" 2>/dev/null || { duckdb=""; echo "bench-scale: no DuckDB, policy-check only" >&2; }
fi

period=(--from 2024-01-01 --to 2024-12-31 --as-of "2025-01-15 00:00")
stamp=$(cksum <scripts/gen-synthetic.py | cut -d' ' -f1)

# timed LOG CMD...: runs CMD under /usr/bin/time; appends "wall cpu rssKB" to LOG; stdout to LOG.out.
timed() {
  local log=$1
  shift
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$log.time" "$@" >"$log.out" 2>"$log.err" || {
    status=$?
    if [ "$status" -gt 1 ]; then cat "$log.err" >&2; echo "bench-scale: '$*' failed ($status)" >&2; exit 1; fi
  }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$log.time" >>"$log"
}

# rule_counts SUMMARY: "S4-01 violated 30648 of 196047" per rule, sorted, from a text summary's
# "1. S4-01  84.4% · 30648/196047 violated" lines (DuckDB's script prints the same form).
rule_counts() {
  sed -n 's/^ *[0-9]*\. \(S[0-9-]*\) .* \([0-9]*\)\/\([0-9]*\) violated.*/\1 violated \2 of \3/p' "$1" | sort
}

# row EVENTS ENGINE LOG [DUCKDB_LOG]: one line of the table from LOG's runs.
row() {
  local events=$1 engine=$2 log=$3 other=${4:-}
  local ratio="-"
  if [ -n "$other" ]; then
    ratio=$(paste <(sort -n -k1 "$log" | awk '{ print $1 }') <(sort -n -k1 "$other" | awk '{ print $1 }') |
      awk '{ a[NR] = $1; b[NR] = $2 } END { m = int((NR + 1) / 2); printf "%.2f", a[m] / b[m] }')
  fi
  sort -n -k1 "$log" | awk -v e="$events" -v n="$engine" -v r="$ratio" '
    { wall[NR] = $1; cpu[NR] = $2; if ($3 > rss) rss = $3 }
    END {
      m = int((NR + 1) / 2)
      printf "| %11d | %-22s | %7.2f | %7.2f | %8.1f | %8.1f | %5s |\n", e, n, wall[m], cpu[m], rss / 1024, wall[m] * 1e9 / e, r
    }'
}

echo
echo "| events      | engine                 | wall s  | CPU s   | peak MB  | ns/event | ratio |"
echo "|-------------|------------------------|---------|---------|----------|----------|-------|"
for events in $sizes; do
  cases=$((events * 2 / 13))
  data="$scratch/data/e$events-c$cases-s$seed"
  if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
    rm -rf "$data"
    echo "bench-scale: generating $events events" >&2
    python3 scripts/gen-synthetic.py --events "$events" --cases "$cases" --seed "$seed" --out "$data" >&2
    echo "$stamp" >"$data/.stamp"
  fi
  # The tickets alone, as DuckDB reads them (the description names tickets.csv only).
  sed -n '1,/^  - file: worklog.csv/p' "$data/dataset.yaml" | sed '$d' >"$data/tickets-only.yaml"
  logs="$out/e$events"
  rm -f "$logs".*
  for _ in $(seq "$rounds"); do
    timed "$logs.pc2" "$binary" audit --dataset "$data/tickets-only.yaml" --rules scripts/bench/two-rules.yaml \
      "${period[@]}" --lang en --format text
    if [ -n "$duckdb" ]; then timed "$logs.duck" python3 scripts/bench-scale.py "$data/tickets.csv"; fi
    # The same audit in parts of its cases, within a memory limit (the summary keeps no finding).
    timed "$logs.pcm" "$binary" audit --dataset "$data/tickets-only.yaml" --rules scripts/bench/two-rules.yaml \
      "${period[@]}" --lang en --format text --memory-limit "$limit"
    timed "$logs.pc11" "$binary" audit --dataset "$data/dataset.yaml" --rules Rules/calendars \
      --rules scripts/bench/rules.yaml "${period[@]}" --lang en --format text
  done
  if [ -n "$duckdb" ]; then
    ours=$(rule_counts "$logs.pc2.out")
    theirs=$(sort "$logs.duck.out")
    parts=$(rule_counts "$logs.pcm.out")
    if [ "$parts" != "$ours" ]; then
      printf 'bench-scale: the run within %s counts otherwise at %s events\n%s\n' "$limit" "$events" "$parts" >&2
      exit 1
    fi
    if [ "$ours" != "$theirs" ]; then
      printf 'bench-scale: counts differ at %s events\npolicy-check:\n%s\nDuckDB:\n%s\n' "$events" "$ours" "$theirs" >&2
      exit 1
    fi
    row "$events" "policy-check, 2 rules" "$logs.pc2" "$logs.duck"
    row "$events" "DuckDB, 2 rules" "$logs.duck"
  else
    row "$events" "policy-check, 2 rules" "$logs.pc2"
  fi
  row "$events" "pc, 2 rules, $limit" "$logs.pcm"
  row "$events" "policy-check, 11 rules" "$logs.pc11"
done
echo
echo "Medians of $rounds alternated rounds; peak MB is the largest of them; ratio = policy-check wall / DuckDB wall."
echo "Counts of both engines agree per rule (checked). Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)."
