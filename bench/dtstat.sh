#!/usr/bin/env bash
# DTStat -s export throughput on a generated .sts file (default 100 MB, 16 connections,
# one snapshot per second): decode only, decode + CSV through the library, and the
# `dtstat -p -f big.sts -s out.csv` binary once it handles -s; peak memory at 1/10 the
# size to show it does not grow with the file.
# Goal (issue 5): >= 200 MB/s of input on one core, CSV <= 2x decode, flat peak memory.
# Usage: bench/dtstat.sh [MB, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p dtstat --example export_throughput --bin dtstat
x=$target/release/examples/export_throughput
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg)"
$x generate "$work/big.sts" --mb "$mb"
$x generate "$work/small.sts" --mb $(( (mb + 9) / 10 )) >/dev/null
$x decode "$work/big.sts"
$x csv "$work/big.sts" "$work/lib.csv"
$x csv "$work/small.sts" "$work/small.csv" | sed 's/^/(1\/10 size) /'
if "$target/release/dtstat" -p -f "$work/small.sts" -s "$work/probe.csv" >/dev/null 2>&1 \
    && [ -s "$work/probe.csv" ]; then
    for f in big small; do
        /usr/bin/time -f "dtstat -p -f $f.sts -s out.csv: %e s, peak %M kB" \
            "$target/release/dtstat" -p -f "$work/$f.sts" -s "$work/$f-bin.csv"
    done
    echo "binary output: $(stat -c %s "$work/big-bin.csv") bytes"
else
    echo "dtstat binary does not write -s yet: library numbers only"
fi
