#!/usr/bin/env bash
# Whole-file throughput of `clue metrics` on the shared reference cases (463 pairs, 1.1 MB) and on
# the same file repeated 20 times. Uses hyperfine when installed, else a timing loop.
#   bench/metrics_throughput.sh [build-dir]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/clue
CASES=../shared/metric-cases/cases.jsonl
METRICS=rouge1,rouge2,rougeL,rougeLsum,bleu,chrf
[ -x "$BIN" ] || { echo "no $BIN; build the clue target first" >&2; exit 1; }
[ -f "$CASES" ] || { echo "no $CASES" >&2; exit 1; }
BIG=$(mktemp)
trap 'rm -f "$BIG"' EXIT
for _ in $(seq 20); do cat "$CASES"; done > "$BIG"

run_case() {  # $1 label, $2 input, $3 extra flags
  local label=$1 input=$2 flags=$3
  local cmd="$BIN metrics --metrics $METRICS $flags < $input > /dev/null 2>/dev/null"
  local lines bytes
  lines=$(wc -l < "$input"); bytes=$(wc -c < "$input")
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 5 "$cmd"
    return
  fi
  # Wall time on a shared machine is inflated by other load, so CPU time (user+sys) is shown too.
  local runs=5 best=999999 total=0 cpu_best=999999
  bash -c "$cmd"  # warm-up
  for _ in $(seq $runs); do
    local t0 t1 ms cpu
    t0=$(date +%s%N)
    cpu=$( { /usr/bin/time -f "%U %S" bash -c "$cmd" ; } 2>&1 | tail -1 | awk '{printf "%d", ($1 + $2) * 1000}')
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    total=$(( total + ms )); (( ms < best )) && best=$ms; (( cpu < cpu_best )) && cpu_best=$cpu
  done
  awk -v l="$label" -v n="$lines" -v b="$bytes" -v best="$best" -v mean="$((total / runs))" \
      -v cpu="$cpu_best" 'BEGIN {
    printf "%-30s %6d lines  wall mean %6d ms  best %6d ms (%7.0f lines/s)  cpu %6d ms (%7.0f lines/cpu-s, %5.1f MB/cpu-s)\n",
           l, n, mean, best, n / (best / 1000), cpu, n / (cpu / 1000), b / 1e6 / (cpu / 1000) }'
}

echo "clue metrics --metrics $METRICS ($(nproc) cores; hyperfine: $(command -v hyperfine || echo no))"
run_case "cases.jsonl, all threads" "$CASES" ""
run_case "cases.jsonl, --threads 1" "$CASES" "--threads 1"
run_case "cases.jsonl, --stem" "$CASES" "--stem"
run_case "cases.jsonl x20, all threads" "$BIG" ""
run_case "cases.jsonl x20, --threads 1" "$BIG" "--threads 1"
