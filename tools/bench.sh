#!/usr/bin/env bash
# Measures Shears' kernels beside numpy/OpenBLAS on the same shapes, alternating the two
# for BENCH_ROUNDS rounds (default 3) so both see the same machine load, then writes
# BENCHMARKS.md (via a temporary file and rename, so a failed run never leaves half a file).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release/shears
PY=.venv/bin/python
ROUNDS=${BENCH_ROUNDS:-3}
[ -x "$BIN" ] || { echo "error: $BIN not found; run 'make build' first" >&2; exit 1; }
[ -x "$PY" ] || { echo "error: $PY not found; run 'make setup' first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS: shears" >&2
    "$BIN" bench kernels --json > "$work/shears-$round.json"
    echo "round $round/$ROUNDS: numpy" >&2
    "$PY" tools/bench_numpy_gemm.py > "$work/numpy-$round.json"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

"$PY" tools/bench_report.py \
    --shears "$work"/shears-*.json --numpy "$work"/numpy-*.json \
    --cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    --cores "$(nproc)" \
    --swift "$(swift --version 2>&1 | head -1)" \
    --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    --load "$load_before → $load_after" \
    > BENCHMARKS.md.tmp
mv BENCHMARKS.md.tmp BENCHMARKS.md
echo "wrote BENCHMARKS.md" >&2
