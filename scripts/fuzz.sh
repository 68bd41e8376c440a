#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzzing/ (ASan, release) and runs each in turn.
#
#   scripts/fuzz.sh                     # every target for FUZZ_SECONDS (default 60) seconds
#   scripts/fuzz.sh --runs 10000000     # every target for that many executions (libFuzzer -runs)
#   scripts/fuzz.sh --runs 10000000 --chunk 1000000 FuzzXES
#                                       # the same in new processes of 1 M executions each: Foundation's
#                                       # XMLParser leaks ~2.7 KB per malformed document (CAMPAIGNS.md)
#   scripts/fuzz.sh --timeout 60 ...    # a unit slower than this is a finding (default 10 s; more on a
#                                       # loaded machine, where nice 15 starves the fuzzer)
#   scripts/fuzz.sh FuzzCSV FuzzXES     # only these targets
#   scripts/fuzz.sh --build-only        # build, run nothing
#   scripts/fuzz.sh --merge             # minimise each committed corpus (libFuzzer -merge=1) with
#                                       # what runs found (.build-fuzz/corpus/<target>/)
#   scripts/fuzz.sh --seed              # rebuild the committed corpus from fresh seeds of Rules/
#                                       # and Fixtures/ (Fuzzing/seeds.py), minimised
#
# A target starts from its committed corpus, Fuzzing/Corpus/<target>/, and the inputs of past
# findings, Fuzzing/Regressions/<target>/; new inputs it finds go to .build-fuzz/corpus/<target>/
# (not committed). A crash or broken invariant leaves the input in .build-fuzz/crashes/<target>/
# and makes the script exit 1 after the other targets ran. Fuzzers run under `nice` with one
# worker: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=.build-fuzz
TARGETS=(FuzzRuleFile FuzzExpression FuzzRegex FuzzCSV FuzzJSONLines FuzzXES FuzzDatasetDescription
  FuzzTimestamp FuzzDuration FuzzCalendar)
seconds=${FUZZ_SECONDS:-60}
runs=""
chunk=""
timeout=10
mode=run
seed=""
selected=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --chunk) chunk=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --build-only) mode=build; shift ;;
    --merge) mode=merge; shift ;;
    --seed) mode=merge; seed=1; shift ;;
    -h | --help) sed -n '2,23p' "$0"; exit 0 ;;
    Fuzz*) selected+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 64 ;;
  esac
done
[[ ${#selected[@]} -gt 0 ]] || selected=("${TARGETS[@]}")

# Per target: the largest input worth trying (rule and calendar files are a few KB; cells and
# expressions are short, which keeps executions fast).
max_len() {
  case $1 in
    FuzzRuleFile | FuzzCalendar | FuzzDatasetDescription | FuzzXES) echo 8192 ;;
    FuzzCSV | FuzzJSONLines) echo 4096 ;;
    FuzzExpression | FuzzRegex) echo 512 ;;
    FuzzTimestamp | FuzzDuration) echo 128 ;;
  esac
}

# libFuzzer handles deadly signals itself (and saves the input); Swift's backtracer would not.
export SWIFT_BACKTRACE=enable=no
# Foundation leaks on Linux (NSRegularExpression, XMLParser's errors): no leak checks. No stack
# is recorded at each malloc and free, and fresh memory is not filled: a tenth of the time of
# the data targets, and only the allocation and free stacks of a heap report are lost (rerun the
# input with ASAN_OPTIONS=malloc_context_size=30 for them). Detection itself is unchanged.
export ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0:max_malloc_fill_size=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
build_start=$SECONDS
# Release with ASan: the usual choice for throughput. SwiftPM's --sanitize=fuzzer makes it
# compile the executables as libraries and link libFuzzer's main; the sanitizers themselves are
# given as one -sanitize=fuzzer,address (swiftc keeps only the last -sanitize= flag, so SwiftPM's
# `--sanitize=fuzzer --sanitize=address` would build without coverage). -enable-testing lets the
# harnesses call internal readers (SourceReader from bytes) through @testable import.
mkdir -p "$SCRATCH"
if ! nice -n 15 swift build --package-path Fuzzing --scratch-path "$SCRATCH" -c release --sanitize=fuzzer \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -j 2 >"$SCRATCH/build.log" 2>&1; then
  grep -v -e '^\[' -e "Cannot export local symbol '__asan_extra_spill_area'" "$SCRATCH/build.log" | tail -40 >&2
  echo "fuzz.sh: the build failed (log: $SCRATCH/build.log)" >&2
  exit 2
fi
bin=$SCRATCH/release
for target in "${selected[@]}"; do
  [[ -x $bin/$target ]] || { echo "fuzz.sh: $bin/$target was not built" >&2; exit 2; }
done
printf 'fuzz.sh: built in %ds\n' $((SECONDS - build_start))
[[ $mode == build ]] && exit 0
if [[ -n $seed ]]; then
  rm -rf "$SCRATCH/seeds"
  python3 Fuzzing/seeds.py "$SCRATCH/seeds"
fi

failed=()
for target in "${selected[@]}"; do
  corpus=Fuzzing/Corpus/$target
  if [[ $mode == merge ]]; then
    # Keep the inputs that add coverage, from the committed corpus and what runs found.
    mkdir -p "$SCRATCH/merged/$target" "$SCRATCH/corpus/$target" "$SCRATCH/seeds/$target" "$corpus"
    rm -rf "${SCRATCH:?}/merged/$target"/*
    inputs=("$corpus" "$SCRATCH/corpus/$target")
    [[ -n $seed ]] && inputs=("$SCRATCH/seeds/$target")
    nice -n 15 "$bin/$target" -merge=1 -max_len="$(max_len "$target")" -timeout=10 \
      "$SCRATCH/merged/$target" "${inputs[@]}" >"$SCRATCH/$target.merge.log" 2>&1 || true
    rm -rf "${corpus:?}"/* && cp "$SCRATCH/merged/$target"/* "$corpus"/
    printf '%-24s %4d inputs %6d KB\n' "$target" "$(ls "$corpus" | wc -l)" "$(du -sk --apparent-size "$corpus" | cut -f1)"
    continue
  fi
  work=$SCRATCH/corpus/$target
  crashes=$SCRATCH/crashes/$target
  mkdir -p "$work" "$crashes"
  log=$SCRATCH/$target.log
  status=0
  # -timeout: a unit slower than that (regex backtracking) is a finding, not a hang of CI.
  # -reload=0: one worker writes the corpus, so it is not listed and stat'ed again every second
  # (4% of FuzzExpression's time with 5,000 inputs in it).
  dirs=("$work" "$corpus")
  [[ -d Fuzzing/Regressions/$target ]] && dirs+=("Fuzzing/Regressions/$target")
  # One process, or (--chunk) new processes of that many executions until --runs are done.
  left=${runs:-0}
  : >"$log"
  while :; do
    limit=(-max_total_time="$seconds")
    if [[ -n $runs ]]; then
      this=$left
      [[ -n $chunk && $chunk -lt $left ]] && this=$chunk
      limit=(-runs="$this")
      left=$((left - this))
    fi
    nice -n 15 "$bin/$target" "${limit[@]}" -workers=1 -detect_leaks=0 -max_len="$(max_len "$target")" \
      -timeout="$timeout" -report_slow_units=3 -rss_limit_mb=2048 -print_final_stats=1 -reload=0 \
      -artifact_prefix="$crashes/" "${dirs[@]}" >>"$log" 2>&1 || status=$?
    [[ $status -eq 0 && -n $runs && $left -gt 0 ]] || break
  done
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | awk '{ s += $1 } END { print s }' || true)
  speed=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1 || true)
  coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  printf '%-24s %10s execs %8s exec/s  %s\n' "$target" "$execs" "$speed" "${coverage:-cov: ?}"
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "--- $target failed (exit $status); log $log, inputs in $crashes:" >&2
    grep -E -A12 'ERROR: libFuzzer|invariant violated|==ERROR|Fatal error' "$log" | head -40 >&2 || true
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: findings in ${failed[*]}" >&2
  exit 1
fi
