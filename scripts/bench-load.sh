#!/usr/bin/env bash
# Times loading a generated 1.3M-row event log (200,000 cases) in a release build and prints
# rows/s and peak RSS. Usage: scripts/bench-load.sh [rows] [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1300000}
cases=${2:-200000}
data=.build-bench-load/bench-${rows}.csv

# Tests import modules @testable, so the release build must enable testing (slightly less optimised).
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path .build-bench-load 1>&2

if [ ! -f "$data" ]; then
  python3 - "$data" "$rows" "$cases" <<'PY'
import datetime, random, sys
path, rows, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
activities = ["受理", "派单", "到场", "维修完成", "回访", "Closed"]
staff = [f"staff{k:03d}" for k in range(300)]
zones = ["东区", "西区", "南区", "北区"]
per_case = rows // cases
with open(path, "w", encoding="utf-8") as out:
    out.write("case_id,activity,timestamp,resource,zone,priority,amount\n")
    written = 0
    for c in range(cases):
        n = per_case if c < cases - 1 else rows - written
        t = 1_704_067_200 + c * 157
        zone, priority = random.choice(zones), random.choice(["high", "normal", "low"])
        for e in range(n):
            t += random.randint(60, 7200)
            stamp = datetime.datetime.utcfromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S")
            out.write(f"W{c},{activities[e % len(activities)]},{stamp},{random.choice(staff)},{zone},{priority},{e * 10}\n")
        written += n
PY
fi
ls -l "$data" 1>&2
bin=.build-bench-load/release/policy-checkPackageTests.xctest
POLICY_CHECK_BENCH_FILE="$data" /usr/bin/time -v "$bin" --testing-library swift-testing \
  --filter LoadBenchmarkTests/loadBenchmark 2>.build-bench-load/time.txt | grep 'bench-' || true
grep -E 'Maximum resident|Elapsed' .build-bench-load/time.txt
# Parsing alone (no typing or grouping), in a separate process so it does not affect peak RSS above.
POLICY_CHECK_BENCH_FILE="$data" "$bin" --testing-library swift-testing --filter LoadBenchmarkTests/parseOnlyBenchmark \
  2>/dev/null | grep 'bench-parse:' || true
