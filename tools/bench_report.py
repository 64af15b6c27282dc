#!/usr/bin/env python3
"""Renders BENCHMARKS.md from rounds of `shears bench kernels --json` and tools/bench_numpy_gemm.py.

Per shape: the median GFLOP/s over rounds for each side, their ratio, and the range of the
per-round ratios (the noise of a shared machine). The headline is the geometric mean of the
ratio over ResNet-20's four convolution shapes, the figure the kernels are judged by.
"""
import argparse
import json
import math
import statistics

RESNET_SHAPES = [(16, 27, 131072), (16, 144, 131072), (32, 288, 32768), (64, 576, 8192)]


def by_shape(path):
    with open(path) as f:
        return {(r["m"], r["k"], r["n"]): r for r in json.load(f)["gemm"]}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shears", nargs="+", required=True)
    p.add_argument("--numpy", nargs="+", required=True)
    for name in ("cpu", "cores", "swift", "date", "load"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()
    shears = [by_shape(f) for f in args.shears]
    numpy = [by_shape(f) for f in args.numpy]
    rounds = min(len(shears), len(numpy))

    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tools/bench.sh); do not edit by hand. GFLOP/s = 2·M·N·K / t, "
        "median of repeated calls; Shears and numpy (OpenBLAS, float32 `matmul`) alternate for "
        f"{rounds} rounds in the same run and each column is the median over rounds.",
        "",
        f"- Machine: {args.cpu}, {args.cores} cores (nproc); load average {args.load} (before → after)",
        f"- Toolchain: {args.swift}",
        f"- Date: {args.date}",
        "",
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
        lines.append(f"| {row['title']} | {s:.1f} | {n:.1f} | {ratio:.2f} | "
                     f"{min(per_round):.2f}–{max(per_round):.2f} |")
    geo = math.exp(sum(map(math.log, resnet_ratios)) / len(resnet_ratios))
    lines += [
        "",
        f"**Geometric mean of the ratio over ResNet-20's four convolution shapes: {geo:.2f}x numpy** "
        "(target ≥ 0.6x, aim 0.9x).",
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
