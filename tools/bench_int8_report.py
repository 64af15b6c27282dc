#!/usr/bin/env python3
"""Renders the INT8 section of BENCHMARKS.md from what tools/bench_int8.sh collects.

Latency: each side's figure is the median over rounds of its per-round median; speed-ups are
medians of per-round ratios to the FP32 model measured in the same round (with their range).
Top-1 and the executed precision come from the same model files.
"""
import argparse
import glob
import json
import os
import statistics

LABELS = {
    "fp32.onnx": "FP32 baseline (`shears export`)",
    "nncf-int8.onnx": "NNCF INT8 (post-training, ONNX backend)",
    "onnxruntime-int8.onnx": "onnxruntime `quantize_static` QDQ",
    "shears-int8.onnx": "Shears INT8 (`shears prune` with Schedules/ptq-int8.yaml, `shears export`)",
}


def rounds(work, prefix):
    out = []
    for path in sorted(glob.glob(os.path.join(work, f"{prefix}-*.json")),
                       key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0])):
        with open(path) as f:
            out.append({os.path.basename(r["model"]): r for r in json.load(f)})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("work")
    for name in ("rounds", "calibration", "shears-note", "cpu", "cores", "date", "load"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()

    shears, python = rounds(args.work, "shears"), rounds(args.work, "openvino-python")
    with open(os.path.join(args.work, "top1.json")) as f:
        top1 = json.load(f)
    accuracy = {os.path.basename(k): v for k, v in top1["models"].items()}
    models = list(shears[0])
    n = min(len(shears), len(python))

    def median(data, model):
        return statistics.median(data[i][model]["median_ms"] for i in range(n))

    def speedup(data, model):
        ratios = [data[i]["fp32.onnx"]["median_ms"] / data[i][model]["median_ms"] for i in range(n)]
        return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}–{max(ratios):.2f})"

    base_top1 = accuracy["fp32.onnx"]["top1"]
    lines = [
        "## INT8 (batch 1, 1 thread)",
        "",
        "Written by `tools/bench_int8.sh`; do not edit by hand. The bundled baseline exported by "
        "`shears export` (FP32), and INT8 versions of that same ONNX file; the references are calibrated on "
        f"the first {args.calibration} CIFAR-10 training images (never test images) by "
        "`tools/quantize_reference.py`. Latency: OpenVINO CPU, `INFERENCE_PRECISION_HINT=f32`, median ms, the "
        f"models taking turns in each of {n} rounds, `shears bench` (C API) and OpenVINO's Python API in the "
        "same rounds; speed-up: median of per-round ratios to FP32 (range). Executed: the precision OpenVINO "
        f"ran the convolutions in. Top-1 on the {top1['images']} test images, OpenVINO.",
        "",
        f"- Machine: {args.cpu}, {args.cores} cores (nproc); load average {args.load} (before → after)",
        f"- Date: {args.date}",
        f"- Runtime: openvino {shears[0]['fp32.onnx']['runtime_version']}",
        "",
        "| model | executed | shears bench ms | speed-up | OpenVINO Python ms | speed-up | test top-1 | Δ top-1 |",
        "| --- | :---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for model in models:
        record = shears[0][model]
        acc = accuracy[model]["top1"]
        delta = "" if model == "fp32.onnx" else f"{100 * (acc - base_top1):+.2f} pt"
        lines.append(f"| {LABELS.get(model, model)} | {record.get('executed_precision') or '-'} | "
                     f"{median(shears, model):.3f} | {speedup(shears, model)} | {median(python, model):.3f} | "
                     f"{speedup(python, model)} | {acc:.4f} | {delta} |")
    if args.shears_note:
        lines += ["", f"Shears INT8: {args.shears_note}."]
    elif "shears-int8.onnx" in models and "nncf-int8.onnx" in models:
        s, r = median(shears, "shears-int8.onnx"), median(shears, "nncf-int8.onnx")
        lines += ["", f"Shears INT8 vs NNCF INT8, same run: latency {s / r:.2f}x NNCF's "
                      f"(issue 15 asks within 10%), top-1 "
                      f"{100 * (accuracy['shears-int8.onnx']['top1'] - accuracy['nncf-int8.onnx']['top1']):+.2f} pt "
                      "(asks no more than 0.3 below)."]
    with open(os.path.join(args.work, "layers.txt")) as f:
        table = f.read().rstrip()
    lines += ["", "### Where INT8 saves time (`shears layers` NNCF INT8 vs FP32, OpenVINO, 1 thread)", "",
              "```", table, "```", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
