#!/usr/bin/env bash
# How fast sopkit reads Markdown SOPs, next to the same SOPs in YAML.
#
#   bench/markdown.sh [SOPKIT]       (default: target/release/sopkit, built if missing)
#
# Generates, in a temporary folder:
#   - a 100,000-step SOP in YAML (decisions, substeps, notes, scripts), and the
#     same SOP as Markdown with `sopkit convert`;
#   - 1,000 SOPs in YAML (each a variant of a realistic 9-step SOP), and the same
#     1,000 as Markdown with `sopkit convert`;
# then times `sopkit check` on each with hyperfine (`apt-get install hyperfine`)
# or, without it, with /usr/bin/time (best of RUNS runs).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sopkit=${1:-$root/target/release/sopkit}
runs=${RUNS:-10}
if [ ! -x "$sopkit" ]; then
    (cd "$root" && cargo build --release --quiet)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- one SOP of 100,000 steps -------------------------------------------------
awk -v steps=100000 'BEGIN {
    print "id: BIG-1"
    print "title: A very long procedure"
    print "department: Operations"
    print "language: en"
    print "purpose: |"
    print "  Every record is checked the same way, however many there are."
    print "  The steps are generated, to measure how fast sopkit reads them."
    print "terms:"
    print "  Ticket: A request as recorded in the helpdesk."
    print "roles:"
    print "  agent: The person who follows this procedure"
    print "  manager: The person who takes over escalated requests"
    print "instructions:"
    for (i = 1; i <= steps; i++) {
        printf "  - id: s%d\n", i
        if (i % 10 == 0 && i + 2 <= steps) {
            printf "    text: Is record %d complete and signed?\n", i
            print  "    role: agent"
            print  "    branches:"
            printf "      \"yes\": s%d\n", i + 1
            printf "      \"no\": s%d\n", i + 2
            continue
        }
        printf "    text: Check record %d and note the result in the ticket.\n", i
        printf "    role: %s\n", (i % 50 == 0 ? "manager" : "agent")
        print  "    duration: 1m"
        if (i % 7 == 0) {
            print "    substeps:"
            print "      - Open the record."
            print "      - Compare it with the form."
        }
        if (i % 13 == 0) print "    note: Records from before 2020 are on paper."
        if (i % 17 == 0) print "    script: \"Thank you, I have your record in front of me.\""
    }
}' > "$work/big.sop.yaml"
"$sopkit" convert "$work/big.sop.yaml" --to md -o "$work/big.sop.md" 2>/dev/null

# --- 1,000 SOPs ---------------------------------------------------------------
mkdir -p "$work/yaml"
for i in $(seq -w 1 1000); do
    cat > "$work/yaml/sop-$i.sop.yaml" <<YAML
id: CS-$i
title: Handling customer request number $i
department: Customer Service
version: "1.$((10#$i % 7))"
status: approved
owner: Customer Service Operations
effective: 2026-03-01
review_by: 2027-03-01
language: en
purpose: |
  Every request of this kind is answered the same way, and quickly: the
  customer knows what happens next, and nobody has to ask twice.
scope: Requests received by phone, e-mail or chat.
terms:
  Ticket: A request as recorded in the helpdesk.
roles:
  agent: Customer service agent
  manager: Shift manager on duty
metrics:
  - name: First response time
    target: 1h
    kind: response
  - name: Turnaround time
    target: 2d
    kind: turnaround
instructions:
  - id: greet
    text: Greet the customer and open a ticket for request $i.
    role: agent
    duration: 2m
    script: "Thank you for getting in touch. How can I help you today?"
  - id: verify
    text: Verify the customer's identity before discussing the request.
    role: agent
    duration: 3m
    substeps:
      - Ask for the customer number.
      - Confirm the postcode.
    warning: Never read card numbers aloud.
  - id: listen
    text: Let the customer explain the request, then summarise it back.
    role: agent
    duration: 5m
  - id: simple
    text: Can you settle the request yourself?
    role: agent
    branches:
      "yes": settle
      "no": escalate
  - id: settle
    text: Settle the request and tell the customer what you did.
    role: agent
    duration: 10m
    next: confirm
  - id: escalate
    text: Hand the ticket to the shift manager with a short summary.
    role: manager
    duration: 1d
    note: The manager calls the customer back within one working day.
  - id: confirm
    text: Does the customer confirm that the request is settled?
    role: agent
    branches:
      "settled": close
      "not settled": listen
  - id: close
    text: Close the ticket and log the outcome.
    role: agent
    duration: 2m
    end: true
revisions:
  - version: "1.0"
    date: 2026-01-15
    author: M. Rossi
    summary: First version.
tags: [requests, phone]
YAML
done
"$sopkit" convert "$work/yaml" --to md -o "$work/md" 2>/dev/null

size() { du -h "$1" | cut -f1; }
echo "sopkit:         $("$sopkit" --version) ($sopkit)"
echo "machine:        $(nproc) cores, $(uname -sr)"
echo "100,000 steps:  big.sop.yaml $(size "$work/big.sop.yaml"), big.sop.md $(size "$work/big.sop.md")"
echo "1,000 SOPs:     yaml/ $(size "$work/yaml"), md/ $(size "$work/md")"
echo

check() { "$sopkit" check --format short "$@" >/dev/null || true; }
export -f check 2>/dev/null || true

if command -v hyperfine >/dev/null; then
    cd "$work"
    hyperfine --warmup 1 --runs "$runs" --style basic \
        -n "100,000 steps, Markdown" "$sopkit check --format short big.sop.md" \
        -n "100,000 steps, YAML" "$sopkit check --format short big.sop.yaml"
    hyperfine --warmup 1 --runs "$runs" --style basic \
        -n "1,000 SOPs, Markdown" "$sopkit check --format short md" \
        -n "1,000 SOPs, YAML" "$sopkit check --format short yaml"
else
    best() {
        local label=$1 best=999
        shift
        for _ in $(seq "$runs"); do
            local t
            t=$( { /usr/bin/time -f "%e" "$sopkit" check --format short "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
            best=$(echo "$t $best" | awk '{ print ($1 < $2 ? $1 : $2) }')
        done
        printf "%-26s best of %s: %s s\n" "$label" "$runs" "$best"
    }
    best "100,000 steps, Markdown" "$work/big.sop.md"
    best "100,000 steps, YAML" "$work/big.sop.yaml"
    best "1,000 SOPs, Markdown" "$work/md"
    best "1,000 SOPs, YAML" "$work/yaml"
fi
