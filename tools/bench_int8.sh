#!/usr/bin/env bash
# INT8 beside FP32, measured in one run so all models see the same load: the bundled baseline
# exported by `shears export` (FP32), NNCF's post-training INT8 of that same ONNX (its ONNX
# backend) and onnxruntime's `quantize_static` QDQ (int8 per-channel weights, uint8 activations),
# both calibrated on BENCH_INT8_CALIBRATION (default 300) *training* images by
# tools/quantize_reference.py; plus Shears' own INT8 model when this build can produce one
# (`shears prune` with Schedules/ptq-int8.yaml, then `shears export`), else a note saying so.
# NNCF is a reference only; the shears binary never calls it.
# BENCH_ROUNDS rounds (default 3) of `shears bench` (OpenVINO C API) and
# tools/bench_openvino_python.py back to back (1 thread, batch 1, f32 hint), the executed
# precision of each model's convolutions (`shears bench` probes it), test top-1 on the test
# images (tools/eval_onnx_top1.py, OpenVINO), and one `shears layers` table NNCF INT8 vs FP32.
# Prints the Markdown fragment (a `## ` section) to standard output: `section int8 tools/bench_int8.sh`
# in tools/bench.sh, or BENCH_INT8_OUT=file to write a file (temporary file + rename).
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/bench_report_output.sh

BIN=${BIN:-.build/release/shears}
PY=${PY:-.venv/bin/python}
ROUNDS=${BENCH_ROUNDS:-3}
ITERATIONS=${BENCH_INFERENCE_ITERATIONS:-200}
CALIBRATION=${BENCH_INT8_CALIBRATION:-300}
CHECKPOINT=${BENCH_CHECKPOINT:-Models/resnet20-cifar10-subset.safetensors}
DATA=${BENCH_DATA:-data/cifar-10-batches-bin}
OUT=${BENCH_INT8_OUT:--}
[ -x "$BIN" ] || { echo "error: $BIN not found; run 'make build' first" >&2; exit 1; }
[ -x "$PY" ] || { echo "error: $PY not found; run 'make setup' first" >&2; exit 1; }
[ -f "$CHECKPOINT" ] || { echo "error: $CHECKPOINT not found (the INT8 rows quantise the trained baseline)" >&2; exit 1; }
[ -f "$DATA/test_batch.bin" ] || { echo "error: $DATA has no CIFAR-10 batches; run 'make data'" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" export --model "$CHECKPOINT" --out "$work/fp32.onnx" >&2
for tool in nncf onnxruntime; do
    echo "quantising with $tool ($CALIBRATION training images)" >&2
    "$PY" tools/quantize_reference.py --tool "$tool" "$work/fp32.onnx" "$work/$tool-int8.onnx" \
        --data "$DATA" --calibration-images "$CALIBRATION" > "$work/$tool.log" 2>&1 \
        || { cat "$work/$tool.log" >&2; exit 1; }
done
models=("$work/fp32.onnx" "$work/nncf-int8.onnx" "$work/onnxruntime-int8.onnx")

# Shears' own INT8 (issue 15): post-training quantisation by a Distiller quantizer schedule.
shears_note="not measured: this build of shears cannot quantise (no Schedules/ptq-int8.yaml, or \`shears prune\` refused it)"
if [ -f Schedules/ptq-int8.yaml ] \
    && "$BIN" prune --model "$CHECKPOINT" --schedule Schedules/ptq-int8.yaml --epochs 0 \
        --calibration-images "$CALIBRATION" --out "$work/shears-int8.safetensors" > "$work/shears-int8.log" 2>&1 \
    && "$BIN" export --model "$work/shears-int8.safetensors" --out "$work/shears-int8.onnx" >> "$work/shears-int8.log" 2>&1; then
    models+=("$work/shears-int8.onnx")
    shears_note=""
else
    echo "Shears INT8: $shears_note" >&2
    tail -3 "$work/shears-int8.log" >&2 2>/dev/null || true
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS" >&2
    common=(--threads 1 --iterations "$ITERATIONS")
    "$BIN" bench "${models[@]}" "${common[@]}" --json > "$work/shears-1-$round.json"
    "$PY" tools/bench_openvino_python.py "${models[@]}" "${common[@]}" > "$work/openvino-python-1-$round.json"
done
echo "test top-1" >&2
"$PY" tools/eval_onnx_top1.py "${models[@]}" --data "$DATA" > "$work/top1.json"
echo "layer table" >&2
"$BIN" layers "$work/nncf-int8.onnx" --baseline "$work/fp32.onnx" --threads 1 --iterations "$ITERATIONS" \
    > "$work/layers.txt" 2> "$work/layers.err"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

report() {
    "$PY" tools/bench_int8_report.py "$work" --rounds "$ROUNDS" --calibration "$CALIBRATION" \
        --shears-note "$shears_note" \
        "${machine_flags[@]}" --load "$load_before → $load_after"
}
write_report "$OUT" report
