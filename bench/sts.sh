#!/usr/bin/env bash
# .sts decode throughput on a generated file (default 100 MB), slice and streaming
# decoders (the streaming one also decoding every record into one reused snapshot).
# Goal (issue 2): at least 300 MB/s on one core.
# Usage: bench/sts.sh [MB, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
cargo build --release -q -p logparse --example sts_throughput
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
"${CARGO_TARGET_DIR:-target}"/release/examples/sts_throughput --mb "$mb"
