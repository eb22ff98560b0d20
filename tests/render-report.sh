#!/usr/bin/env bash
# Renders a report folder (from `repro report`) in headless Chromium — Debian's package, installed when missing —
# and fails unless every figure parses as SVG and the page shows all of them; writes screenshot.png beside it.
# Usage: tests/render-report.sh [report-folder]   (default: report)
set -euo pipefail
report=$(cd "${1:-report}" && pwd)

if ! command -v chromium >/dev/null; then
  echo "Installing chromium (Debian)..."
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
browser=(chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars)

figures=("$report"/figures/*.svg)
for figure in "${figures[@]}"; do
  # A standalone SVG that is not well-formed XML renders as Chromium's <parsererror> page.
  if "${browser[@]}" --dump-dom "file://$figure" 2>/dev/null | grep -q '<parsererror'; then
    echo "error: $figure does not parse as SVG" >&2
    exit 1
  fi
done

dom=$("${browser[@]}" --dump-dom "file://$report/index.html" 2>/dev/null)
shown=$(grep -o '<svg ' <<<"$dom" | wc -l)
if [ "$shown" -ne "${#figures[@]}" ]; then
  echo "error: index.html shows $shown figures, the report has ${#figures[@]}" >&2
  exit 1
fi
grep -q '<h2>Claims</h2>' <<<"$dom" || { echo "error: index.html has no claims table" >&2; exit 1; }

"${browser[@]}" --window-size=1400,2400 --screenshot="$report/screenshot.png" "file://$report/index.html" >/dev/null 2>&1
[ -s "$report/screenshot.png" ] || { echo "error: no screenshot was written" >&2; exit 1; }
echo "report renders in Chromium: ${#figures[@]} figures; screenshot $report/screenshot.png"
