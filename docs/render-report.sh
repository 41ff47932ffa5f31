#!/usr/bin/env bash
# Renders a release-report.html to a PNG with headless Chromium (Debian: apt-get install chromium), so a person can
# look at it as it will be seen: overlapping or clipped labels, tiny text, a timeline that does not fit.
#
#   docs/render-report.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#
# Default OUT: REPORT.png beside the page; default size 1280x1600 (a laptop window, scroll included).
# Chromium runs with a throwaway profile and every background fetch off: the page is self-contained, so the
# screenshot also shows that nothing is missing without a network. Not part of the Maven build (CI may lack Chromium).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: $0 REPORT.html [OUT.png] [WIDTHxHEIGHT]" >&2
  exit 2
fi
report=$1
[[ -f "$report" ]] || { echo "error: no such file: $report" >&2; exit 2; }
png=${2:-${report%.html}.png}
size=${3:-1280x1600}
[[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || { echo "error: size must be WIDTHxHEIGHT (was $size)" >&2; exit 2; }

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -n "$browser" ]] || { echo "error: Chromium not found (Debian: apt-get install -y chromium)" >&2; exit 2; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
png_abs="$(cd "$(dirname "$png")" && pwd)/$(basename "$png")"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${size/x/,}" --screenshot="$png_abs" "$url" 2>"$profile/chromium.log" || {
  cat "$profile/chromium.log" >&2
  exit 1
}
[[ -s "$png_abs" ]] || { echo "error: Chromium wrote no screenshot" >&2; cat "$profile/chromium.log" >&2; exit 1; }
echo "$png_abs"
