#!/usr/bin/env bash
# Coverage-guided fuzzing of sopkit with cargo-fuzz (libFuzzer).
#   tools/fuzz.sh [SECONDS] [TARGET...]   each target for SECONDS (default 30)
# Seeds each target's corpus from examples/, the test fixtures, and, when
# ../shared is beside the repository, the YAML test suite and the
# conformance cases. Crashes land in fuzz/artifacts/TARGET/; each one found
# becomes a regression test in tests/fixtures/fuzz/ (see tests/robustness.rs).
# SOPKIT_FUZZ_SANITIZER=none runs without AddressSanitizer (sopkit has no
# unsafe code; panics, hangs and memory blow-ups are what is looked for),
# several times faster, for the long runs; SOPKIT_FUZZ_JOBS=N runs N
# fuzzing processes per target; SOPKIT_FUZZ_RUNS=N stops each target after
# N executions instead of after SECONDS (the long runs use 10,000,000);
# SOPKIT_FUZZ_TARGET_DIR=DIR builds there instead of fuzz/target (CI keeps
# it under its cache). fuzz/Cargo.lock is committed and must be up to date:
# the fuzz targets build with exactly the versions it names.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
if [ $# -gt 0 ]; then shift; fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load_yaml load_markdown check_one check_many render convert lsp_messages yaml_fast_vs_granit)

# cargo-fuzz needs a nightly compiler: the nightly toolchain if there is
# one, else the stable one with RUSTC_BOOTSTRAP.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  cargo=(cargo +nightly)
else
  export RUSTC_BOOTSTRAP=1
  cargo=(cargo)
fi
command -v cargo-fuzz >/dev/null || cargo install --locked --version 0.13.2 cargo-fuzz
# cargo-fuzz has no --locked: fail here, before it builds, when
# fuzz/Cargo.lock would have to change.
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
target_dir=()
if [ -n "${SOPKIT_FUZZ_TARGET_DIR:-}" ]; then target_dir=(--target-dir "$SOPKIT_FUZZ_TARGET_DIR"); fi

# Copies the files found by `find ARGS...` into the corpus folder $dir,
# keeping any file of the same name that is there already.
add_to_corpus() {
  local file
  while IFS= read -r -d '' file; do
    [ -e "$dir/${file##*/}" ] || cp "$file" "$dir/"
  done < <(find "$@" -type f -print0)
}

seed() {
  dir=fuzz/corpus/$1
  mkdir -p "$dir"
  # Hand-made seeds of a target's own input shape (LSP frames, say).
  if [ -d "fuzz/seeds/$1" ]; then add_to_corpus "fuzz/seeds/$1"; fi
  add_to_corpus examples tests/fixtures \( -name '*.yaml' -o -name '*.yml' -o -name '*.md' \)
  if [ -d ../shared ]; then
    add_to_corpus ../shared/yaml-test-suite/cases
    add_to_corpus ../shared/conformance -name '*.sop.*'
  fi
  # The differential YAML target also starts from the benchmark's SOPs,
  # the files the fast path is for.
  if [ "$1" = yaml_fast_vs_granit ] && [ ! -e "$dir/bench-sop-00001.sop.yaml" ]; then
    local bench
    bench=$(mktemp -d)
    python3 bench/generate.py --count 200 --out "$bench" >/dev/null
    find "$bench" -name '*.sop.yaml' -exec sh -c 'cp "$1" "$2/bench-${1##*/}"' _ {} "$dir" \;
    rm -rf "$bench"
  fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for target in "${targets[@]}"; do
  seed "$target"
  echo "=== $target ($seconds s)"
  sanitizer=(-s "${SOPKIT_FUZZ_SANITIZER:-address}")
  dict=fuzz/dict/$target.dict
  [ -f "$dict" ] || dict=fuzz/dict/sop.dict
  jobs=${SOPKIT_FUZZ_JOBS:-}
  if ! "${cargo[@]}" fuzz run "${sanitizer[@]}" "${target_dir[@]}" --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- \
    ${jobs:+-jobs=$jobs -workers=$jobs} \
    ${SOPKIT_FUZZ_RUNS:+-runs=$SOPKIT_FUZZ_RUNS} \
    -max_total_time="$([ -n "${SOPKIT_FUZZ_RUNS:-}" ] && echo 86400 || echo "$seconds")" \
    -dict="$dict" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "tools/fuzz.sh: $target failed: see fuzz/artifacts/$target/" >&2
    status=1
    continue
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+[[:space:]]+DONE)' "$log" || tail -5 "$log"
  [ -z "${SOPKIT_FUZZ_LOG:-}" ] || cp "$log" "$SOPKIT_FUZZ_LOG.$target.log"
done
exit $status
