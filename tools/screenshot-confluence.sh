#!/usr/bin/env bash
# docs/confluence.md's pictures of a published SOP page: builds the examples with
# `sopkit build --to confluence`, draws one page's storage format in Confluence's look
# (tools/confluence-preview.py) and photographs it in headless Chromium: the top of the page,
# its flowchart, and its instructions.
#   tools/screenshot-confluence.sh [PAGE] [SOPKIT_BIN]
# Defaults: complaint-handling, target/release/sopkit. Installs Chromium (Debian, needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
page=${1:-complaint-handling}
bin=${2:-target/release/sopkit}
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" build examples -o "$tmp/wiki" --to confluence
title=$(python3 -c 'import json,sys; print(next(p["title"] for p in json.load(open(sys.argv[1]))["pages"] if p["path"] == sys.argv[2]))' "$tmp/wiki/manifest.json" "$page.xml")
shoot() { # OUT.png HEIGHT [SECTION]
  python3 tools/confluence-preview.py "$tmp/wiki/$page.xml" "$tmp/preview.html" "$title" ${3:+"$3"}
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --allow-file-access-from-files \
    --window-size="1000,$2" --screenshot="$1" "$tmp/preview.html" 2>/dev/null
}
mkdir -p docs/images
shoot docs/images/confluence-page.png 1420
shoot docs/images/confluence-flowchart.png 1600 Flowchart
shoot docs/images/confluence-steps.png 1240 Instructions
