# policy-check — common tasks. `make test` is the README's test command and what CI runs.
SWIFT ?= swift
BIN = .build/debug/policy-check

.PHONY: build release test rules docs calendars lint format demo report-checks pre-commit-test bench bench-scale spark-month fuzz portable sanitize clean

build:
	$(SWIFT) build

## The binary to install or ship: optimised, with the Swift runtime and Foundation linked in
## (starts faster and runs ~4% less CPU than a build against the shared libraries).
release:
	$(SWIFT) build -c release --static-swift-stdlib --product policy-check

## Unit, golden-file and CLI tests (Swift Testing), then every example of every rule.
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BIN) rules test Rules
	$(BIN) rules test scripts/bench

## Validate the shipped library, check clause coverage, check the generated docs are current.
rules: build
	$(BIN) rules validate Rules
	$(BIN) rules coverage Rules
	$(BIN) rules docs Rules --out .build/docs-check >/dev/null
	diff -u docs/rules.zh.md .build/docs-check/rules.zh.md
	diff -u docs/rules.en.md .build/docs-check/rules.en.md

docs: build
	$(BIN) rules docs Rules --out docs

## Rebuild the built-in copy of Rules/calendars/ (a test fails when it is stale).
calendars:
	bash scripts/embed-calendars.sh

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift Fuzzing/Sources Fuzzing/Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Package.swift Fuzzing/Sources Fuzzing/Package.swift

## The README's main job: audit the bundled month and write the HTML report.
demo: build
	$(BIN) audit --dataset Fixtures/month/dataset.yaml --month 2024-09 --as-of "2024-10-08 00:00" \
	  --format text --format html=out/report.html

report-checks: build
	mkdir -p out
	$(BIN) audit --dataset Fixtures/month/dataset.yaml --month 2024-09 --as-of "2024-10-08 00:00" \
	  --format sarif=out/report.sarif --format html=out/report.html --lang en || test $$? -eq 1
	bash scripts/validate-sarif.sh out/report.sarif
	bash scripts/check-html.sh out/report.html out/report.en.png
	$(BIN) audit --dataset Fixtures/month/dataset.yaml --month 2024-09 --as-of "2024-10-08 00:00" \
	  --format html=out/report.zh.html --lang zh
	bash scripts/check-html.sh out/report.zh.html out/report.zh.png

## The hook through the pre-commit framework: fails on a violating record, passes on a compliant one.
pre-commit-test: build
	bash scripts/test-pre-commit.sh

bench:
	bash scripts/bench.sh

## The fixture month (157 rules) compiled to Spark SQL, run in local[2] and compared with the
## native audit judgement by judgement (docs/sql.md; ~10 minutes; needs pyspark and Java 17).
spark-month:
	$(SWIFT) build --build-tests
	POLICY_CHECK_SPARK_MONTH=1 $(SWIFT) test --skip-build --filter sparkJudgesTheFixtureMonth

## 1.3 M and 10 M events, two rules next to DuckDB and the 11 bench rules (issue #17).
bench-scale:
	bash scripts/bench-scale.sh

## libFuzzer targets (Fuzzing/README.md), each for FUZZ_SECONDS seconds (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

## The Swift tests under AddressSanitizer, then ThreadSanitizer (each in its own build folder;
## the CLI tests run the instrumented binary built beside them). Leak detection is off: the CLI
## keeps its audit alive until exit on purpose (no teardown), and a leak report at exit would
## change every CLI test's exit code and stderr. Tests that measure stack depth on a 512 KiB
## thread or time are skipped: instrumentation inflates frames and time several times over.
SANITIZE_SKIP = 'ExpressionDepthTests|FitsASmallStack|OnASmallStack|PatternsAreLinear|ParsesQuickly'
sanitize:
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan \
	  --skip $(SANITIZE_SKIP)
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --skip $(SANITIZE_SKIP)

## Compiles the portable fallbacks of Sources/Checker/Platform/ (no mmap, madvise or iconv), which
## Linux and macOS builds leave out, so that they keep compiling.
portable:
	$(SWIFT) build -Xswiftc -DPORTABLE_PLATFORM --scratch-path .build-portable --product policy-check

clean:
	rm -rf .build .build-fuzz out
