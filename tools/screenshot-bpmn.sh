#!/usr/bin/env bash
# The README's picture of an SOP in bpmn.io: renders an SOP to BPMN with sopkit and
# photographs it in bpmn-js's viewer in headless Chromium.
#   tools/screenshot-bpmn.sh [SOP] [OUT.png] [SOPKIT_BIN] [RENDER-OPTION...]
# Defaults: examples/billing-dispute-call.sop.yaml, docs/images/bpmn-billing-dispute-call.png,
# target/release/sopkit; options after the binary go to `sopkit render` (e.g. --direction right). Installs Chromium (Debian, needs root) and bpmn-js + playwright-core
# (npm, into $BPMN_VIEW, default ~/.cache/sopkit-clients/bpmn-view), never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
sop=${1:-examples/billing-dispute-call.sop.yaml}
out=${2:-docs/images/bpmn-billing-dispute-call.png}
bin=${3:-target/release/sopkit}
options=("${@:4}")
export BPMN_VIEW=${BPMN_VIEW:-${SOPKIT_CLIENTS:-$HOME/.cache/sopkit-clients}/bpmn-view}

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
pkgs=(bpmn-js@18.31.1 playwright-core@1.65.1)
need=0; for p in "${pkgs[@]}"; do [ -f "$BPMN_VIEW/node_modules/${p%@*}/package.json" ] || need=1; done
# --ignore-scripts: playwright would download a browser of its own; Debian's is used instead
[ $need = 0 ] || npm install --prefix "$BPMN_VIEW" --ignore-scripts --no-audit --no-fund --loglevel=error "${pkgs[@]}" >/dev/null

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" render "$sop" --to bpmn "${options[@]}" -o "$tmp/diagram.bpmn"
mkdir -p "$(dirname "$out")"
node tools/screenshot-bpmn.mjs "$tmp/diagram.bpmn" "$out"
