#!/usr/bin/env bash
# .dtl throughput on one generated engine log (default 200 MB), in one run:
# our parser, logviewer's filter, awk doing the same filter, and wc -l.
# Goals (issue 2): parser >= 500 MB/s on one core; logviewer faster than awk and
# within 3x of wc -l. Usage: bench/dtl.sh [SIZE, e.g. 200MB] [RUNS, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200MB}
runs=${2:-3}
target=${CARGO_TARGET_DIR:-target}

cargo build --release -q --workspace --bins
cargo build --release -q -p logparse --example dtl_throughput

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/dtlog1.dtl"
"$target"/release/dtsuite sample-log --out "$log" --size "$size" --seed 1
bytes=$(stat -c %s "$log")
cat "$log" >/dev/null # every tool reads from the page cache

# best wall time of $runs runs, in seconds
best() {
    local best_ns="" start end ns
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        ns=$((end - start))
        if [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; fi
    done
    awk -v ns="$best_ns" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo "file: $bytes bytes, $(wc -l <"$log") lines"
"$target"/release/examples/dtl_throughput "$log"

t_wc=$(best wc -l "$log")
t_lv=$(best "$target"/release/logviewer -path "$log" -type 1 -include 4000-4100 -nofollow)
t_awk=$(best awk -F'\t' '$6==1 && $7>=4000 && $7<=4100' "$log")
matches_lv=$("$target"/release/logviewer -path "$log" -type 1 -include 4000-4100 -nofollow | wc -l)
matches_awk=$(awk -F'\t' '$6==1 && $7>=4000 && $7<=4100' "$log" | wc -l)

row() { awk -v name="$1" -v t="$2" -v b="$bytes" -v wc="$t_wc" \
    'BEGIN { printf "%-44s %8.3f s %9.1f MB/s %6.2fx wc -l\n", name, t, b / t / 1e6, t / wc }'; }
row "wc -l" "$t_wc"
row "logviewer -type 1 -include 4000-4100" "$t_lv"
row "awk -F'\\t' (same filter)" "$t_awk"
echo "matching lines: logviewer $matches_lv, awk $matches_awk"
awk -v lv="$t_lv" -v awk_t="$t_awk" -v wc="$t_wc" 'BEGIN {
    printf "logviewer vs awk: %.1fx faster (goal: > 1x); logviewer vs wc -l: %.2fx (goal: <= 3x)\n", awk_t / lv, lv / wc }'
