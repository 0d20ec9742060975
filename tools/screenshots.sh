#!/usr/bin/env bash
# Every picture of sopkit's output in the docs, made anew from the examples
# by the sopkit being built, so the docs show what sopkit draws today:
#   docs/screenshot.png                      the HTML page on a 1280 px screen
#   docs/images/printed-page.png             the page with the flowchart, printed on A4
#   docs/images/flowchart-{down,right}{,-lanes}.png   the flowchart both ways, with and without lanes
#   docs/images/flowchart-billing-dispute-call.png    the README's flowchart
#   docs/images/bpmn-billing-dispute-call{,-right}.png the BPMN in bpmn-js, down and right (tools/screenshot-bpmn.sh)
#   docs/images/controlled-{first,last}-page.png      the controlled document (PDF): page 1 and the last
#
#   tools/screenshots.sh [SOPKIT_BIN]      (default target/release/sopkit)
# Needs Chromium and pdftoppm (Debian chromium, poppler-utils; installed
# when missing, as root) and playwright-core from npm (installed into
# ~/.cache, never into the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/sopkit}
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils fonts-dejavu-core >/dev/null
fi
modules="${XDG_CACHE_HOME:-$HOME/.cache}/sopkit-ci/playwright-core-1.65.1"
if [ ! -f "$modules/node_modules/playwright-core/package.json" ]; then
  # --ignore-scripts: nothing may download a browser; Debian's Chromium is used.
  npm install --prefix "$modules" --ignore-scripts --no-audit --no-fund --loglevel=error playwright-core@1.65.1 >/dev/null
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/images

# The page: the complaint SOP, two roles, a loop and an escalation.
page=examples/complaint-handling.sop.yaml
"$bin" render "$page" --to html -o "$tmp/page.html"
NODE_PATH="$modules/node_modules" node tools/screenshots.cjs "$tmp/page.html" docs/screenshot.png "$tmp/page.pdf"
# The printed page that holds the flowchart.
flowchart_page=$(for p in $(seq 1 "$(pdfinfo "$tmp/page.pdf" | awk '/^Pages:/ {print $2}')"); do
  if pdftotext -f "$p" -l "$p" "$tmp/page.pdf" - | grep -q "Start"; then echo "$p"; break; fi
done)
pdftoppm -png -r 60 -f "$flowchart_page" -l "$flowchart_page" -singlefile "$tmp/page.pdf" docs/images/printed-page

# The flowchart both ways, with and without lanes.
sop=examples/vyrizeni-emailu.cs.sop.yaml
for direction in down right; do
  "$bin" render "$sop" --to png --scale 1 --direction "$direction" -o "docs/images/flowchart-$direction.png"
  "$bin" render "$sop" --to png --scale 1 --direction "$direction" --lanes -o "docs/images/flowchart-$direction-lanes.png"
done
"$bin" render examples/billing-dispute-call.sop.yaml --to png --scale 1 --lanes -o docs/images/flowchart-billing-dispute-call.png

# The controlled document: its first page and its last (history, approvals).
# Needs a sopkit built with the pdf feature.
"$bin" render examples/billing-dispute-call.sop.yaml --to pdf -o "$tmp/controlled.pdf"
last=$(pdfinfo "$tmp/controlled.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$tmp/controlled.pdf" docs/images/controlled-first-page
pdftoppm -png -r 90 -f "$last" -l "$last" -singlefile "$tmp/controlled.pdf" docs/images/controlled-last-page

bash tools/screenshot-bpmn.sh examples/billing-dispute-call.sop.yaml docs/images/bpmn-billing-dispute-call.png "$bin"
bash tools/screenshot-bpmn.sh examples/billing-dispute-call.sop.yaml docs/images/bpmn-billing-dispute-call-right.png "$bin" --direction right
echo "pictures written to docs/"
