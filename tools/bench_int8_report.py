#!/usr/bin/env python3
"""Renders the INT8 section of BENCHMARKS.md from what tools/bench_int8.sh collects.

Latency: each side's figure is the median over rounds of its per-round median; speed-ups are
medians of per-round ratios to the FP32 model measured in the same round (with their range).
Top-1 and the executed precision come from the same model files.
"""
import argparse
import json
import os
import statistics

from bench_inference_report import load

LABELS = {
    "fp32.onnx": "FP32 baseline (`shears export`)",
    "nncf-int8.onnx": "NNCF INT8 (post-training, ONNX backend)",
    "onnxruntime-int8.onnx": "onnxruntime `quantize_static` QDQ",
    "shears-int8.onnx": "Shears INT8 (`shears prune` with Schedules/ptq-int8.yaml, `shears export`)",
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("work")
    for name in ("rounds", "calibration", "shears-note", "cpu", "cores", "date", "load"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()

    # Files shears-1-<round>.json and openvino-python-1-<round>.json (1 thread), as bench_inference.sh names them.
    shears, python = load(args.work, "shears", 1), load(args.work, "openvino-python", 1)
    with open(os.path.join(args.work, "top1.json")) as f:
        top1 = json.load(f)
    accuracy = {os.path.basename(k): v for k, v in top1["models"].items()}
    models = list(shears[0])
    n = min(len(shears), len(python))

    def median(data, model, key="median_ms"):
        return statistics.median(data[i][model][key] for i in range(n))

    def ratio(data, model, key="median_ms", to="fp32.onnx"):
        return statistics.median(data[i][to][key] / data[i][model][key] for i in range(n))

    def speedup(data, model, key="median_ms"):
        ratios = [data[i]["fp32.onnx"][key] / data[i][model][key] for i in range(n)]
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
        "same rounds; speed-up: median of per-round ratios to FP32 (range). On a loaded machine the minimum "
        "(the best of the interleaved inferences) is the steadier figure, so it is shown too. Executed: the "
        "precision OpenVINO ran the convolutions in (`shears bench` JSON `executed_precision`). Top-1 on the "
        f"{top1['images']} test images, OpenVINO.",
        "",
        f"- Machine: {args.cpu}, {args.cores} cores (nproc); load average {args.load} (before → after)",
        f"- Date: {args.date}",
    ]
    if float(args.load.split()[0]) > 2 * int(args.cores):
        lines.append(f"- The machine was heavily loaded by other jobs (load average above twice the {args.cores} "
                     "cores): medians swing between rounds, the minima and the same-round ratios are the figures "
                     "to compare")
    lines += [
        f"- Runtime: openvino {shears[0]['fp32.onnx']['runtime_version']}",
        "",
        "| model | executed | shears bench median ms | speed-up | min ms | speed-up | OpenVINO Python median ms "
        "| speed-up | min ms | speed-up | test top-1 | Δ top-1 |",
        "| --- | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for model in models:
        record = shears[0][model]
        acc = accuracy[model]["top1"]
        delta = "" if model == "fp32.onnx" else f"{100 * (acc - base_top1):+.2f} pt"
        lines.append(f"| {LABELS.get(model, model)} | {record.get('executed_precision') or '-'} | "
                     f"{median(shears, model):.3f} | {speedup(shears, model)} | "
                     f"{median(shears, model, 'min_ms'):.3f} | {speedup(shears, model, 'min_ms')} | "
                     f"{median(python, model):.3f} | {speedup(python, model)} | "
                     f"{median(python, model, 'min_ms'):.3f} | {speedup(python, model, 'min_ms')} | "
                     f"{acc:.4f} | {delta} |")
    if args.shears_note:
        lines += ["", f"Shears INT8: {args.shears_note}."]
    elif "shears-int8.onnx" in models and "nncf-int8.onnx" in models:
        lines += ["", "Shears INT8 vs NNCF INT8, same rounds: latency "
                      f"{ratio(shears, 'nncf-int8.onnx', to='shears-int8.onnx'):.2f}x NNCF's by median, "
                      f"{ratio(shears, 'nncf-int8.onnx', 'min_ms', 'shears-int8.onnx'):.2f}x by minimum "
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
