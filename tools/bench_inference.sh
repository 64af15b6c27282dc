#!/usr/bin/env bash
# Model latency beside the reference runtimes, measured in one run so all see the same load:
#   shears bench (OpenVINO C API)  vs  OpenVINO's own Python API   (issue: medians within 10%)
#   shears bench --backend native  vs  onnxruntime's Python API    (issue: within 2x, aim 1.2x)
# for the baseline ResNet-20 (Models/resnet20-cifar10-subset.safetensors, or an untrained
# ResNet-20 when that checkpoint is absent) and a half-width ResNet-20 (stage widths 8/16/32,
# untrained: dense latency does not depend on the weights) that shows what thinning buys.
# Threads 1 and 2, BENCH_ROUNDS rounds (default 3), the four measurements alternating within
# each round; then one `shears layers` table (half width vs baseline). Writes the Markdown
# fragment (a `## ` section) to BENCHMARKS-inference.md through a temporary file and rename, or
# to standard output with BENCH_INFERENCE_OUT=- — the default when run as a section of
# tools/bench.sh (BENCH_WORK set): `section inference tools/bench_inference.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/bench_report_output.sh

BIN=.build/release/shears
PY=.venv/bin/python
ROUNDS=${BENCH_ROUNDS:-3}
ITERATIONS=${BENCH_INFERENCE_ITERATIONS:-200}
CHECKPOINT=${BENCH_CHECKPOINT:-Models/resnet20-cifar10-subset.safetensors}
if [ -n "${BENCH_WORK:-}" ]; then OUT=${BENCH_INFERENCE_OUT:--}; else OUT=${BENCH_INFERENCE_OUT:-BENCHMARKS-inference.md}; fi
[ -x "$BIN" ] || { echo "error: $BIN not found; run 'make build' first" >&2; exit 1; }
[ -x "$PY" ] || { echo "error: $PY not found; run 'make setup' first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -f "$CHECKPOINT" ]; then
    "$BIN" export --model "$CHECKPOINT" --out "$work/resnet20.onnx" >&2
    baseline_source="checkpoint $CHECKPOINT"
else
    "$BIN" export --arch resnet20 --seed 1 --out "$work/resnet20.onnx" >&2
    baseline_source="untrained ResNet-20 (no $CHECKPOINT)"
fi
"$BIN" export --arch resnet20 --widths 8,16,32 --seed 1 --out "$work/resnet20-half.onnx" >&2
models=("$work/resnet20.onnx" "$work/resnet20-half.onnx")

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
    for threads in 1 2; do
        echo "round $round/$ROUNDS, $threads thread(s)" >&2
        common=(--threads "$threads" --iterations "$ITERATIONS")
        "$BIN" bench "${models[@]}" --backend openvino "${common[@]}" --json > "$work/openvino-$threads-$round.json"
        "$PY" tools/bench_openvino_python.py "${models[@]}" "${common[@]}" > "$work/openvino-python-$threads-$round.json"
        "$BIN" bench "${models[@]}" --backend native "${common[@]}" --json > "$work/native-$threads-$round.json"
        "$PY" tools/bench_onnxruntime_python.py "${models[@]}" "${common[@]}" > "$work/onnxruntime-python-$threads-$round.json"
    done
done
echo "layer table" >&2
"$BIN" layers "$work/resnet20-half.onnx" --baseline "$work/resnet20.onnx" --threads 1 --iterations "$ITERATIONS" \
    > "$work/layers.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

report() {
    "$PY" tools/bench_inference_report.py "$work" \
        --baseline-source "$baseline_source" \
        "${machine_flags[@]}" --load "$load_before → $load_after"
}
write_report "$OUT" report
