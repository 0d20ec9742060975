#!/usr/bin/env bash
# sopkit's benchmarks against its peers, reproducible with one command:
#   bench/run.sh            (everything; writes docs/performance.md and its chart)
#   bench/run.sh --quick    (fewer runs, for a smoke test)
# Installs what it needs: hyperfine (Debian), ajv-cli + ajv-formats (npm) and
# check-jsonschema + yamllint + matplotlib (PyPI), into bench/.tools.
# Generates its corpora (seeded, valid SOPs) into bench/.work.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10; warmup=2
[ "${1:-}" = --quick ] && { runs=3; warmup=1; }
tools=bench/.tools; work=bench/.work; results=bench/results
mkdir -p "$tools" "$work" "$results"

if ! command -v hyperfine >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi
[ -x "$tools/node_modules/.bin/ajv" ] ||
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error ajv-cli@5.0.0 ajv-formats@3.0.1 >/dev/null
[ -x "$tools/venv/bin/check-jsonschema" ] || {
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install -q check-jsonschema==0.39.0 yamllint==1.37.1 matplotlib==3.10.7
}
cargo build --release --locked -q
sopkit=$PWD/target/release/sopkit
ajv=$PWD/$tools/node_modules/.bin/ajv
cjs=$PWD/$tools/venv/bin/check-jsonschema
yamllint=$PWD/$tools/venv/bin/yamllint
schema=$PWD/schemas/sop.schema.json

corpus() { # corpus COUNT: generated YAML SOPs
  local dir=$work/yaml-$1
  [ -d "$dir" ] || python3 bench/generate.py --count "$1" --out "$dir"
  echo "$dir"
}
c1k=$(corpus 1000); c10k=$(corpus 10000)
# The same SOPs as Markdown, written by sopkit convert.
m1k=$work/md-1000
[ -d "$m1k" ] || "$sopkit" convert "$c1k" --to md -o "$m1k" >/dev/null
"$sopkit" check --deny-warnings "$c1k" >/dev/null
"$sopkit" check --deny-warnings "$m1k" >/dev/null

# hf [RUNS] ARGS...: hyperfine with the run's warmup, RUNS runs (default $runs).
hf() {
  local n=$runs
  [[ $1 =~ ^[0-9]+$ ]] && { n=$1; shift; }
  hyperfine --style basic --warmup "$warmup" --runs "$n" "$@"
}

# The benchmark shares the machine with whatever else runs: the load before
# and after is printed with the figures.
uptime >"$results/load.txt"

echo "=== check: sopkit and its peers, 1,000 SOPs"
hf --export-json "$results/peers-1k.json" \
  -n "sopkit check" "$sopkit check $c1k" \
  -n "sopkit check (1 thread)" "RAYON_NUM_THREADS=1 $sopkit check $c1k" \
  -n "sopkit parse only" "$sopkit check --parse-only $c1k" \
  -n "ajv-cli" "$ajv validate --spec=draft2020 -c ajv-formats --strict=false -s $schema -d '$c1k/*/*.sop.yaml'" \
  -n "check-jsonschema" "$cjs --schemafile $schema $c1k/*/*.sop.yaml" \
  -n "yamllint" "$yamllint -d relaxed $c1k" \
  -n "cat" "cat $c1k/*/*.sop.yaml"

echo "=== check: one SOP, as an editor's save hook runs it"
one=$(find "$c1k" -name '*.sop.yaml' | sort | head -1)
# Without a shell (-N): a shell's start would be most of what is timed.
hf $((runs * 5)) -N --export-json "$results/single.json" \
  -n "sopkit check (one file)" "$sopkit check $one" \
  -n "cat (one file)" "cat $one"

echo "=== check: 10,000 SOPs"
hf --export-json "$results/scale-10k.json" \
  -n "sopkit check" "$sopkit check $c10k" \
  -n "sopkit check (1 thread)" "RAYON_NUM_THREADS=1 $sopkit check $c10k" \
  -n "sopkit parse only" "$sopkit check --parse-only $c10k" \
  -n "cat" "find $c10k -name '*.sop.yaml' -exec cat {} +"

echo "=== check: Markdown and YAML, the same 1,000 SOPs"
hf --export-json "$results/markdown-1k.json" \
  -n "sopkit check (YAML)" "$sopkit check $c1k" \
  -n "sopkit check (Markdown)" "$sopkit check $m1k"

echo "=== build: pages per second"
hf --export-json "$results/build.json" \
  --prepare "rm -rf $work/site-1k $work/site-10k" \
  -n "build 1,000" "$sopkit build $c1k -o $work/site-1k" \
  -n "build 10,000" "$sopkit build $c10k -o $work/site-10k"

echo "=== CPU use and memory"
: >"$results/usage.txt"
for n in 1000 10000; do
  dir=$work/yaml-$n
  /usr/bin/time -f "$n %e %U %S %P %M" "$sopkit" check "$dir" 2>>"$results/usage.txt" >/dev/null
done

echo "=== worst-case flowcharts, 50,000 and 100,000 steps"
: >"$results/worst.txt"
for shape in chain decisions cycle traps loops nested; do
  for steps in 50000 100000; do
    file=$work/worst-$shape-$steps.sop.yaml
    [ -f "$file" ] || python3 bench/worst.py --steps "$steps" --shape "$shape" --out "$file"
    for format in check html markdown dot mermaid json svg bpmn; do
      if [ "$format" = check ]; then cmd=("$sopkit" check --format short "$file")
      else cmd=("$sopkit" render "$file" --to "$format" -o "$work/worst.out"); fi
      /usr/bin/time -f "$shape $steps $format %e %M" "${cmd[@]}" >/dev/null 2>"$work/time.txt" || true
      tail -1 "$work/time.txt" >>"$results/worst.txt"
    done
  done
done

echo "=== diagnostics-heavy SOPs, 32,000 and 64,000 steps, every check format"
# Best of three runs each: one SOP with a problem (or three) on every step.
: >"$results/diagnostics.txt"
for shape in bad-ids unknown-targets duplicate-ids unreachable acronyms unused-terms one-line; do
  for steps in 32000 64000; do
    file=$work/worst-$shape-$steps.sop.yaml
    [ -f "$file" ] || python3 bench/worst.py --steps "$steps" --shape "$shape" --out "$file"
    for format in human short json sarif github; do
      best=
      for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" "$sopkit" check --format "$format" "$file" >/dev/null 2>"$work/time.txt" || true
        read -r t m < <(tail -1 "$work/time.txt")
        if [ -z "$best" ] || awk "BEGIN{exit !($t < ${best% *})}"; then best="$t $m"; fi
      done
      echo "$shape $steps $format $best" >>"$results/diagnostics.txt"
    done
  done
done

echo "=== fixes: --fix and --diff on 30,000 fixes"
fixes=$work/fixes-30000.sop.yaml
[ -f "$fixes" ] || python3 bench/worst.py --steps 30000 --shape bad-ids --out "$fixes"
hf --export-json "$results/fixes.json" \
  --prepare "cp $fixes $work/fixing.sop.yaml" \
  -n "check --fix" "$sopkit check --fix $work/fixing.sop.yaml" \
  -n "check --diff" "$sopkit check --diff $work/fixing.sop.yaml" \
  -i

uptime >>"$results/load.txt"

python3=$tools/venv/bin/python
"$python3" bench/report.py "$results" docs/performance.md docs/images/performance.png
echo "wrote docs/performance.md and docs/images/performance.png"
