#!/usr/bin/env bash
# Renders an HTML report in headless Chromium, saves a screenshot, prints it to PDF
# (OUT.pdf beside the screenshot, its first pages as OUT-print-N.png by pdftoppm), and fails when
# the page logs a script error, did not render, the print has no pages, or any CJK character of
# the report falls back to a box in the report's font stack (scripts/glyph-probe.py). Installs
# Debian's chromium, fonts-noto-cjk and poppler-utils when missing (needs root).
# Exit 0 when fine, 1 when the page has errors, 2 on usage or setup errors.
#
#   scripts/check-html.sh report.html report.png
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
report=$1
screenshot=$2
if [[ ! -f $report ]]; then
  echo "error: no such file: $report" >&2
  exit 2
fi

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$candidate
    break
  fi
done
if [[ -z $browser ]]; then
  echo "installing chromium" >&2
  sudo_prefix=""
  if [[ $(id -u) -ne 0 ]]; then sudo_prefix="sudo"; fi
  { $sudo_prefix apt-get update -qq && $sudo_prefix apt-get install -y -qq chromium; } >&2 || {
    echo "error: could not install chromium" >&2
    exit 2
  }
  browser=chromium
fi

sudo_prefix=""
if [[ $(id -u) -ne 0 ]]; then sudo_prefix="sudo"; fi
# Chinese reports need a CJK font (the report's stack names Noto Sans CJK SC first among them).
if command -v fc-list >/dev/null 2>&1 && [[ -z $(fc-list ':lang=zh' family 2>/dev/null | grep -i 'Noto Sans CJK') ]]; then
  echo "installing fonts-noto-cjk" >&2
  $sudo_prefix apt-get install -y -qq fonts-noto-cjk >&2 || echo "warning: no CJK font; Chinese text shows as boxes" >&2
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "installing poppler-utils" >&2
  $sudo_prefix apt-get install -y -qq poppler-utils >&2 || { echo "error: could not install pdftoppm" >&2; exit 2; }
fi

absolute=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
url="file://$absolute"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
  --user-data-dir="$work/profile" --enable-logging=stderr --v=0)

status=0
# Screenshot (console messages go to stderr with the logging flags).
if ! "$browser" "${common[@]}" --screenshot="$screenshot" --window-size=1400,2000 "$url" \
  >"$work/shot.out" 2>"$work/shot.err"; then
  echo "error: chromium failed to take the screenshot" >&2
  cat "$work/shot.err" >&2
  exit 2
fi
if [[ ! -s $screenshot ]]; then
  echo "error: no screenshot written to $screenshot" >&2
  exit 1
fi

# The DOM after scripts ran.
"$browser" "${common[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/dom.err" || true

# Console errors: uncaught exceptions and console.error calls, from either run.
if grep -hE 'CONSOLE|Uncaught' "$work/shot.err" "$work/dom.err" | grep -iE 'Uncaught|error' >"$work/console.txt"; then
  echo "error: the page logged script errors:" >&2
  cat "$work/console.txt" >&2
  status=1
fi

if ! grep -q '<body' "$work/dom.html" || ! grep -q '</html>' "$work/dom.html"; then
  echo "error: the page did not render (empty DOM)" >&2
  status=1
fi
# A policy-check report un-hides its table controls from script: proof the script ran.
if grep -q 'id="controls"' "$report" && grep -q 'id="controls" class="controls" hidden' "$work/dom.html"; then
  echo "error: the report script did not run (filter controls still hidden)" >&2
  status=1
fi

# Printed: A4 pages from the print stylesheet, the first two rendered to look at.
pdf=${screenshot%.png}.pdf
if ! "$browser" "${common[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >"$work/pdf.out" 2>&1 \
  || [[ ! -s $pdf ]]; then
  echo "error: chromium did not print $report to PDF" >&2
  status=1
else
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pdftoppm -r 60 -f 1 -l 2 -png "$pdf" "${screenshot%.png}-print"
  if [[ -z $pages || $pages -lt 1 ]]; then
    echo "error: $pdf has no pages" >&2
    status=1
  fi
fi

# No CJK character may fall back to a box (tofu) in the report's font stack.
python3 "$(dirname "$0")/glyph-probe.py" "$report" "$work/probe.html"
"$browser" "${common[@]}" --dump-dom "file://$work/probe.html" >"$work/probe.dom" 2>/dev/null || true
probe=$(grep -o '<pre id="out">[^<]*' "$work/probe.dom" | sed 's/<pre id="out">//')
if [[ ! $probe =~ ^chars\ ([0-9]+)\ missing\ ([0-9]+).*controls\ ([0-9]+)/([0-9]+) ]]; then
  echo "error: the glyph probe did not run: '$probe'" >&2
  status=1
elif [[ ${BASH_REMATCH[3]} -ne ${BASH_REMATCH[4]} ]]; then
  echo "error: the glyph probe cannot tell a box from a glyph here: $probe" >&2
  status=1
elif [[ ${BASH_REMATCH[2]} -ne 0 ]]; then
  echo "error: characters drawn as boxes (no font has them): $probe" >&2
  status=1
else
  glyphs="${BASH_REMATCH[1]} CJK characters drawn by a font"
fi

if [[ $status -eq 0 ]]; then
  echo "$report: rendered without console errors; screenshot $screenshot; printed $pdf ($pages pages); ${glyphs}"
fi
exit $status
