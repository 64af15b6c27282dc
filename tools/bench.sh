#!/usr/bin/env bash
# `make bench`: measures Shears beside its references and rewrites BENCHMARKS.md.
#
# 1. For BENCH_ROUNDS rounds (default 3), back to back so each side sees the same machine load:
#    `shears bench kernels` (GEMM + convolution layers), numpy's matmul on the same GEMM shapes
#    and on each convolution's im2col shape, and `shears bench training` (ResNet-20 steps).
# 2. Sections: each `section NAME COMMAND...` below runs COMMAND once; its standard output is
#    a Markdown fragment (starting with a `## ` heading) appended to BENCHMARKS.md in the order
#    the sections are listed. To add one, write a script that prints its fragment and add one
#    line, e.g. `section inference tools/bench_inference.sh`. Scripts get BIN (the shears
#    binary), PY (the venv's python) and BENCH_WORK (a scratch directory) in the environment
#    and run from the repository root. A section that fails fails the run.
# 3. BENCHMARKS.md is written to a temporary file and renamed, so a failed run never leaves
#    half a file.
#
# Environment: BENCH_ROUNDS (3), BENCH_TRAINING_STEPS (10), BENCH_OPTIMIZER_SEEDS (6; scikit-optimize
# takes about 40 s per seed and function),
# BENCH_SKIP (space-separated section names to leave out, e.g. BENCH_SKIP=optimizer).
set -euo pipefail
cd "$(dirname "$0")/.."

export BIN=.build/release/shears
export PY=.venv/bin/python
ROUNDS=${BENCH_ROUNDS:-3}
TRAINING_STEPS=${BENCH_TRAINING_STEPS:-10}
OPTIMIZER_SEEDS=${BENCH_OPTIMIZER_SEEDS:-6}
[ -x "$BIN" ] || { echo "error: $BIN not found; run 'make build' first" >&2; exit 1; }
[ -x "$PY" ] || { echo "error: $PY not found; run 'make setup' first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BENCH_WORK="$work/scratch"
mkdir -p "$BENCH_WORK" "$work/BENCHMARKS.d"
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The numpy reference runs at its best: some machines here set OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE
# (older OpenBLAS builds misbehave on new CPUs), which pins OpenBLAS to its Haswell (AVX2) kernels
# and would make the reference slower than it is. Unset them for numpy alone and record the kernel.
NUMPY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PY"
numpy_blas=$($NUMPY tools/numpy_blas_info.py 2>/dev/null || echo unknown)
echo "numpy BLAS: $numpy_blas" >&2

for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS: shears bench kernels" >&2
    "$BIN" bench kernels --json > "$work/shears-$round.json"
    echo "round $round/$ROUNDS: numpy" >&2
    $NUMPY tools/bench_numpy_gemm.py --shapes-from "$work/shears-$round.json" > "$work/numpy-$round.json"
    echo "round $round/$ROUNDS: shears bench training" >&2
    "$BIN" bench training --steps "$TRAINING_STEPS" --json > "$work/training-$round.json"
done

sections=0
# section NAME COMMAND...: COMMAND's standard output becomes section NAME of BENCHMARKS.md.
section() {
    local name=$1
    shift
    case " ${BENCH_SKIP:-} " in *" $name "*) echo "section $name: skipped (BENCH_SKIP)" >&2; return ;; esac
    sections=$((sections + 1))
    echo "section $name: $*" >&2
    # Not under `if`/`||`: there bash would ignore `set -e` inside a function COMMAND.
    "$@" > "$work/BENCHMARKS.d/$(printf '%02d' "$sections")-$name.md"
}

# The Bayesian optimiser against random search and scikit-optimize on the same seeds and budgets.
optimizer() {
    local jobs
    jobs=$(nproc)
    "$PY" tools/bench_skopt.py --seeds "$OPTIMIZER_SEEDS" --jobs "$jobs" > "$BENCH_WORK/skopt.json"
    echo "## Optimiser (Gaussian process vs random search vs scikit-optimize)"
    echo
    echo "\`shears bench optimizer --seeds $OPTIMIZER_SEEDS --reference <tools/bench_skopt.py output>\`."
    echo
    "$BIN" bench optimizer --seeds "$OPTIMIZER_SEEDS" --jobs "$jobs" --reference "$BENCH_WORK/skopt.json"
}

section optimizer optimizer
# Further sections (one line each):
section inference tools/bench_inference.sh
section int8 tools/bench_int8.sh
section queue tools/bench_queue.sh

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
"$PY" tools/bench_report.py \
    --shears "$work"/shears-*.json --numpy "$work"/numpy-*.json --training "$work"/training-*.json \
    --fragments "$work/BENCHMARKS.d" \
    --cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    --cores "$(nproc)" \
    --numpy-blas "$numpy_blas" \
    --swift "$(swift --version 2>&1 | head -1)" \
    --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    --load "$load_before → $load_after" \
    > BENCHMARKS.md.tmp
mv BENCHMARKS.md.tmp BENCHMARKS.md
echo "wrote BENCHMARKS.md in $(( $(date +%s) - started )) s" >&2
