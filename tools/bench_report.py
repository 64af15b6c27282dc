#!/usr/bin/env python3
"""Renders BENCHMARKS.md from rounds of shears' and numpy's benchmark JSON (tools/bench.sh).

Inputs, one file per round and side (round i of each side ran back to back, so they saw
the same machine load):
  --shears    `shears bench kernels --json`   (GEMM shapes and convolution layers)
  --numpy     tools/bench_numpy_gemm.py        (numpy/OpenBLAS matmul on the same GEMM shapes
                                               and on each convolution's im2col GEMM shape)
  --training  `shears bench training --json`  (optional: ResNet-20 training steps)
  --fragments DIR: every DIR/*.md, in name order, appended as further sections (optional).

Per shape: the median over rounds for each side, their ratio, and the range of the per-round
ratios (the noise of a shared machine). Headlines: the geometric mean of the GEMM ratio over
ResNet-20's four convolution shapes (issue 2: >= 0.6x), and training's equivalent GFLOP/s as a
fraction of numpy's geometric-mean rate on those shapes in the same round (issue 3: >= 0.4).
"""
import argparse
import glob
import json
import math
import os
import statistics

RESNET_SHAPES = [(16, 27, 131072), (16, 144, 131072), (32, 288, 32768), (64, 576, 8192)]
SQUARE_1024 = (1024, 1024, 1024)


def load(path):
    with open(path) as f:
        return json.load(f)


def gemm_by_shape(report):
    return {(r["m"], r["k"], r["n"]): r for r in report["gemm"]}


def geomean(values):
    return math.exp(sum(map(math.log, values)) / len(values))


def ratio_range(values):
    return f"{min(values):.2f}–{max(values):.2f}"


def gemm_section(shears, numpy, rounds):
    lines = [
        "## GEMM (row-major, C = A·B)",
        "",
        "| shape | Shears GFLOP/s | numpy GFLOP/s | ratio | ratio range over rounds |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    resnet_ratios = []
    for key, row in shears[0].items():
        s = statistics.median(r[key]["gflops"] for r in shears)
        n = statistics.median(r[key]["gflops"] for r in numpy)
        per_round = [shears[i][key]["gflops"] / numpy[i][key]["gflops"] for i in range(rounds)]
        ratio = s / n
        if key in RESNET_SHAPES:
            resnet_ratios.append(ratio)
        lines.append(f"| {row['title']} | {s:.1f} | {n:.1f} | {ratio:.2f} | {ratio_range(per_round)} |")
    lines += [
        "",
        f"**Geometric mean of the ratio over ResNet-20's four convolution shapes: {geomean(resnet_ratios):.2f}x "
        "numpy** (target ≥ 0.6x, aim 0.9x).",
        "",
    ]
    return lines


def conv_section(kernels, numpy, rounds):
    """Convolution layers against numpy's GEMM on the same im2col shape (GEMM only: no im2col)."""
    convs = [report.get("conv", []) for report in kernels]
    if not convs[0]:
        return [], None
    lines = [
        "## Convolution layers (ResNet-20, batch 128)",
        "",
        "Forward is `conv2dForward`; forward+backward adds `conv2dBackward` (dWeight and dInput; dWeight only "
        "for the stem), whose FLOPs count twice the forward's. The reference is numpy's matmul on the "
        "layer's whole-batch im2col GEMM (K × C·R·S × N·P·Q), which does no im2col and no layout copies: "
        "a ratio of 1 means the whole convolution runs at OpenBLAS's bare GEMM rate.",
        "",
        "| layer shape | layers | fwd ms | fwd GFLOP/s | fwd+bwd ms | fwd+bwd GFLOP/s | numpy GEMM GFLOP/s "
        "| fwd ratio | fwd+bwd ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    step_ms = 0.0
    for index, row in enumerate(convs[0]):
        per_round = [c[index] for c in convs]
        key = (row["gemm"]["m"], row["gemm"]["k"], row["gemm"]["n"])
        reference = [numpy[i][key]["gflops"] for i in range(rounds)]
        fwd_ms = statistics.median(r["forward_ms"] for r in per_round)
        both_ms = statistics.median(r["forward_backward_ms"] for r in per_round)
        fwd = statistics.median(r["forward_gflops"] for r in per_round)
        both = statistics.median(r["forward_backward_gflops"] for r in per_round)
        n = statistics.median(reference)
        step_ms += row["count"] * both_ms
        lines.append(f"| {row['title']} | {row['count']} | {fwd_ms:.2f} | {fwd:.1f} | {both_ms:.2f} | {both:.1f} "
                     f"| {n:.1f} | {fwd / n:.2f} | {both / n:.2f} |")
    lines += [
        "",
        f"Sum over ResNet-20's 21 convolutions (layers × fwd+bwd ms): **{step_ms:.0f} ms per training step** "
        "at batch 128.",
        "",
    ]
    return lines, step_ms


def training_section(training, numpy, rounds, conv_step_ms):
    t0 = training[0]
    resnet_rate = [geomean([numpy[i][s]["gflops"] for s in RESNET_SHAPES]) for i in range(rounds)]
    square_rate = [numpy[i][SQUARE_1024]["gflops"] for i in range(rounds)]
    fraction = [training[i]["gflops"] / resnet_rate[i] for i in range(rounds)]
    fraction_square = [training[i]["gflops"] / square_rate[i] for i in range(rounds)]
    step_ms = statistics.median(t["step_ms"]["median"] for t in training)
    images = statistics.median(t["images_per_second"] for t in training)
    loop_images = statistics.median(t["loop_images_per_second"] for t in training)
    gflops = statistics.median(t["gflops"] for t in training)
    rss = max(t["peak_rss_mb"] for t in training)
    lines = [
        f"## Training throughput ({t0['arch']}, batch {t0['batch']})",
        "",
        f"`shears bench training`: {t0['warmup']} warm-up then {t0['steps']} timed SGD steps (forward, softmax "
        "cross-entropy, backward, Nesterov momentum with weight decay) through the training loop on random "
        "images; the median step per round, then the median over rounds. Equivalent FLOPs are 6 per "
        f"multiply-accumulate ({t0['macs_per_image']:,} MACs per image, {t0['mflop_per_image']:.1f} MFLOP per "
        "training image); batch-norm, ReLU and the update are not counted. The reference rate is numpy's "
        "geometric-mean GFLOP/s on ResNet-20's four convolution GEMM shapes, measured in the same round.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| step time (median) | {step_ms:.0f} ms |",
        f"| images/s (median step) | {images:.1f} |",
        f"| images/s (whole loop, batch assembly included) | {loop_images:.1f} |",
        f"| equivalent GFLOP/s | {gflops:.1f} |",
        f"| numpy GFLOP/s, geometric mean of the four ResNet-20 GEMM shapes | {statistics.median(resnet_rate):.1f} |",
        f"| **fraction of numpy's ResNet-shape rate** (range over rounds) | **{statistics.median(fraction):.2f}** "
        f"({ratio_range(fraction)}) |",
        f"| fraction of numpy's 1024² rate ({statistics.median(square_rate):.1f} GFLOP/s) | "
        f"{statistics.median(fraction_square):.2f} |",
        f"| peak RSS (max over rounds) | {rss:.0f} MB |",
    ]
    if conv_step_ms is not None:
        lines.append(f"| convolutions' share of the step (from the table above) | {conv_step_ms / step_ms:.0%} |")
    lines += [
        "",
        "Targets (issue 3): at least 0.4 of numpy's rate (aim 0.7), peak RSS at most 1 GB (1024 MB).",
        "",
    ]
    return lines


def numpy_version():
    try:
        import numpy
        return numpy.__version__
    except ImportError:
        return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shears", nargs="+", required=True)
    p.add_argument("--numpy", nargs="+", required=True)
    p.add_argument("--training", nargs="*", default=[])
    p.add_argument("--fragments", metavar="DIR")
    p.add_argument("--numpy-blas", default="unknown", help="numpy's BLAS as threadpoolctl reports it")
    for name in ("cpu", "cores", "swift", "date", "load"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()
    kernels = [load(f) for f in args.shears]
    shears = [gemm_by_shape(r) for r in kernels]
    numpy = [gemm_by_shape(load(f)) for f in args.numpy]
    training = [load(f) for f in args.training]
    rounds = min(len(shears), len(numpy))

    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tools/bench.sh); do not edit by hand. GFLOP/s = 2·M·N·K / t, "
        "median of repeated calls; Shears and numpy (OpenBLAS, float32 `matmul`) alternate for "
        f"{rounds} round{'' if rounds == 1 else 's'} in the same run and each column is the median over rounds.",
        "",
        f"- Machine: {args.cpu}, {args.cores} cores (nproc); load average {args.load} (before → after)",
        f"- Toolchain: {args.swift}",
        f"- numpy reference: numpy {numpy_version()} on {args.numpy_blas}",
        f"- Date: {args.date}",
        "",
    ]
    lines += gemm_section(shears, numpy, rounds)
    conv_lines, conv_step_ms = conv_section(kernels[:rounds], numpy, rounds)
    lines += conv_lines
    if training:
        lines += training_section(training[:rounds], numpy, min(rounds, len(training)), conv_step_ms)
    if args.fragments:
        for path in sorted(glob.glob(os.path.join(args.fragments, "*.md"))):
            with open(path) as f:
                lines += [f.read().rstrip("\n"), ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
