#!/usr/bin/env bash
# Audit benchmark (issue #3): a year of synthetic help-desk data (1.3 million events, 200,000
# tickets, plus staff work logs) over the bench rule pack, in release mode.
#
#   scripts/bench.sh            build, generate once (cached), run with all cores and with --threads 1
#   BENCH_EVENTS=130000 BENCH_CASES=20000 scripts/bench.sh    a smaller run
#   BENCH_SKIP_BUILD=1 scripts/bench.sh                        reuse the last release build
#   BENCH_BINARY=/tmp/old/policy-check BENCH_SKIP_BUILD=1 scripts/bench.sh   time another build
#
# Prints wall time, events/s, cases, peak RSS and the load / evaluate / report split, and fails
# when the JSON reports of the two thread counts differ (the output must not depend on timing).
# Targets: <= 2 s wall and <= 200 MB peak RSS on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."

events=${BENCH_EVENTS:-1300000}
cases=${BENCH_CASES:-200000}
seed=${BENCH_SEED:-7}
scratch=.build-bench
data="$scratch/data/e$events-c$cases-s$seed"
out="$scratch/out"

if [ ! -x /usr/bin/time ]; then
  echo "bench: installing GNU time for peak memory figures" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
fi

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  # As `make release` builds it: the Swift runtime and Foundation linked in statically.
  echo "bench: swift build -c release --static-swift-stdlib" >&2
  swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product policy-check >&2
fi
binary="${BENCH_BINARY:-$scratch/release/policy-check}"

# The data depends on the generator too: regenerate when it changes.
stamp=$(cat scripts/gen-synthetic.py | cksum | cut -d' ' -f1)
if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$stamp" ]; then
  rm -rf "$data"
  python3 scripts/gen-synthetic.py --events "$events" --cases "$cases" --seed "$seed" --out "$data"
  echo "$stamp" >"$data/.stamp"
fi
mkdir -p "$out"

rule_count=$("$binary" rules validate Rules/calendars scripts/bench/rules.yaml 2>&1 | sed -n 's/.*files, \([0-9]*\) rules.*/\1/p')

# run THREADS [text]: audits the year; leaves the JSON in $out/report-tTHREADS.json, or with
# `text` writes only the summary report (to /dev/null), the audit without the 200 MB of JSON.
run() {
  local threads=$1 log="$out/time-t$1${2:-}.txt" status=0 format="json=$out/report-t$1.json"
  if [ "${2:-}" = text ]; then format="text=/dev/null"; fi
  # Each timed run starts on a settled disk: the report this run replaces is removed and dirty
  # pages are written back first. Otherwise the run pays for the previous one: the kernel writes
  # those pages back on the same two cores, and replacing a written-back 205 MB file makes ext4
  # free its blocks inside the rename (~0.1 s, most of it waiting, measured on this machine).
  if [ "${2:-}" != text ]; then rm -f "$out/report-t$1.json"; fi
  sync
  /usr/bin/time -v "$binary" audit --dataset "$data/dataset.yaml" \
    --rules Rules/calendars --rules scripts/bench/rules.yaml \
    --from 2024-01-01 --to 2024-12-31 --as-of "2025-01-15 00:00" \
    --threads "$threads" --timings --format "$format" 2>"$log" || status=$?
  if [ "$status" -gt 1 ]; then
    cat "$log" >&2
    echo "bench: the audit failed (exit $status)" >&2
    exit 1
  fi
  local wall rss cpu timings
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
  timings=$(sed -n 's/^timings: //p' "$log")
  local load evaluate report
  load=$(echo "$timings" | sed -n 's/.*load \([0-9.]*\) s.*/\1/p')
  evaluate=$(echo "$timings" | sed -n 's/.*evaluate \([0-9.]*\) s.*/\1/p')
  report=$(echo "$timings" | sed -n 's/.*report \([0-9.]*\) s.*/\1/p')
  local peaks
  peaks=$(echo "$timings" | sed -n 's/.*after load \([0-9]*\) MB, after evaluate \([0-9]*\) MB.*/\1 \/ \2/p')
  awk -v t="$threads" -v f="${2:-json}" -v w="$wall" -v c="$cpu" -v e="$events" -v r="$rss" -v l="$load" \
    -v v="$evaluate" -v p="$report" -v k="$peaks" 'BEGIN {
      printf "| %7s | %6s | %8.2f | %7.2f | %12.0f | %8.1f | %9s | %7.2f | %8.2f | %9.2f |\n", t, f, w, c, e / w, r / 1024, k, l, v, p
    }'
  echo "$wall" >"$out/wall-t$threads${2:-}"
}

case_count() { grep -m1 -o '"caseCount": [0-9]*' "$1" | grep -o '[0-9]*$'; }

echo
echo "policy-check audit benchmark: $events events, $(wc -l <"$data/worklog.csv") work-log rows, $rule_count rules, year 2024"
echo "machine: $(nproc) cores; $(uname -m)"
echo
echo "| threads | report | wall (s) | cpu (s) | events per s | RSS (MB) | RSS after load / eval | load(s) | eval (s) | report(s) |"
echo "|---------|--------|----------|---------|--------------|----------|-----------------------|---------|----------|-----------|"
cores=$(nproc)
run "$cores"
run 1
run "$cores" text
echo
echo "cases: $(case_count "$out/report-t$cores.json"); JSON report $(du -m "$out/report-t$cores.json" | cut -f1) MB"
awk -v a="$(cat "$out/wall-t1")" -v b="$(cat "$out/wall-t$cores")" -v c="$cores" \
  'BEGIN { printf "speed-up with %d threads: %.2fx\n", c, a / b }'
echo "targets: wall <= 2 s, peak RSS <= 200 MB (cpu = user + system time: compare builds by it on a busy machine)"
if cmp -s "$out/report-t$cores.json" "$out/report-t1.json"; then
  echo "determinism: the JSON reports of --threads $cores and --threads 1 are identical"
else
  echo "determinism: FAILED, the JSON reports differ:" >&2
  diff "$out/report-t$cores.json" "$out/report-t1.json" | head -20 >&2
  exit 1
fi
