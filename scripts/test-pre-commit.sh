#!/usr/bin/env bash
# The pre-commit hook for real: installs the pre-commit framework (pip, in a throw-away venv),
# creates a git repository with rules and records whose .pre-commit-config.yaml names this
# repository's .pre-commit-hooks.yaml (at HEAD), and shows `pre-commit run --all-files` failing
# on a violating record and passing on a compliant one.
#
# The hook is `language: swift`, so pre-commit would build this package in release mode for
# its environment; here its `swift build` is answered with the binary already built
# (POLICY_CHECK_BIN, default .build/debug/policy-check, built when missing). Everything else —
# cloning the hook repository at a rev, reading its hooks file, running the entry with the
# config's args — is pre-commit's own.
#
#   scripts/test-pre-commit.sh        exit 0 when both runs behave, 1 when not, 2 on setup errors
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bin=${POLICY_CHECK_BIN:-.build/debug/policy-check}
if [[ ! -x $bin ]]; then swift build --product policy-check >&2; fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
rev=$(git rev-parse HEAD)
if ! git cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null; then
  echo "error: .pre-commit-hooks.yaml is not committed at HEAD" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv" >&2
"$work/venv/bin/pip" install -q pre-commit >&2 || { echo "error: could not install pre-commit" >&2; exit 2; }
pre_commit=$work/venv/bin/pre-commit
export PRE_COMMIT_HOME=$work/cache

# `swift build … --build-path P` from pre-commit's swift language: the built binary, in P/release.
mkdir -p "$work/fakebin"
real_swift=$(command -v swift || true)
cat >"$work/fakebin/swift" <<SCRIPT
#!/usr/bin/env bash
if [[ \${1:-} == build ]]; then
  while [[ \$# -gt 0 ]]; do
    if [[ \$1 == --build-path ]]; then mkdir -p "\$2/release" && cp "$bin" "\$2/release/policy-check"; exit 0; fi
    shift
  done
  echo "fake swift: no --build-path" >&2; exit 1
fi
exec "$real_swift" "\$@"
SCRIPT
chmod +x "$work/fakebin/swift"
export PATH="$work/fakebin:$PATH"

records=$work/records
mkdir -p "$records/rules" "$records/records"
cp Fixtures/cli/rules/tickets.yaml "$records/rules/"
cat >"$records/.pre-commit-config.yaml" <<CONFIG
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: policy-check
        args: [records/tickets.csv, --rules, rules/, --as-of, "2024-10-01 09:30", --fail-on, major]
CONFIG
git -C "$records" init -q
git -C "$records" config user.email ci@example.invalid
git -C "$records" config user.name ci

status=0
run() { (cd "$records" && "$pre_commit" run --all-files) >"$work/out.txt" 2>&1; }

# A violating record: T-2 answered past 4 working hours (major).
cp Fixtures/cli/tickets.csv "$records/records/tickets.csv"
git -C "$records" add -A
if run; then
  echo "error: pre-commit passed on a violating record" >&2
  cat "$work/out.txt" >&2
  status=1
elif ! grep -q 'T-2' "$work/out.txt" || ! grep -q 'Failed' "$work/out.txt"; then
  echo "error: pre-commit failed without naming the violation:" >&2
  cat "$work/out.txt" >&2
  status=1
else
  echo "violating record: pre-commit failed as it should:"
  grep -E 'policy-check|major: \[' "$work/out.txt" | sed 's/^/  /'
fi

# The same repository with only compliant records.
cp Fixtures/cli/tickets-ok.csv "$records/records/tickets.csv"
git -C "$records" add -A
if run; then
  echo "compliant record: pre-commit passed:"
  grep -E 'policy-check' "$work/out.txt" | sed 's/^/  /'
else
  echo "error: pre-commit failed on a compliant record:" >&2
  cat "$work/out.txt" >&2
  status=1
fi
exit $status
