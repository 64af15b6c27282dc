#!/usr/bin/env python3
"""Renders BENCHMARKS-inference.md from the JSON files tools/bench_inference.sh collects.

Each runtime's figure is the median over rounds of its per-round median latency; the ratio
columns are medians of the per-round ratios (both sides measured back to back in that round),
with their range over rounds, which is the noise of a shared machine.
"""
import argparse
import glob
import json
import os
import statistics

RUNTIMES = ["openvino", "openvino-python", "native", "onnxruntime-python"]


def load(work, runtime, threads):
    """Rounds in order; each round maps model file name → record."""
    rounds = []
    for path in sorted(glob.glob(os.path.join(work, f"{runtime}-{threads}-*.json")),
                       key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0])):
        with open(path) as f:
            rounds.append({os.path.basename(r["model"]): r for r in json.load(f)})
    return rounds


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("work")
    for name in ("baseline-source", "cpu", "cores", "date", "load"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()

    lines = [
        "## Model latency (batch 1)",
        "",
        "Written by `tools/bench_inference.sh`; do not edit by hand. Median latency in ms; "
        "each round runs the four measurements back to back, and every figure is the median over rounds "
        "(ratios: median of per-round ratios, with their range).",
        "",
        f"- Baseline: {args.baseline_source}; half width: untrained ResNet-20 with stage widths 8/16/32",
        f"- Machine: {args.cpu}, {args.cores} cores (nproc); load average {args.load} (before → after)",
        f"- Date: {args.date}",
    ]
    versions = {}
    tables = {"openvino": [], "native": []}
    speedups = []
    for threads in (1, 2):
        data = {rt: load(args.work, rt, threads) for rt in RUNTIMES}
        rounds = min(len(v) for v in data.values())
        if rounds == 0:
            continue
        for rt in RUNTIMES:
            versions[rt] = next(iter(data[rt][0].values()))["runtime_version"]
        models = list(data["openvino"][0])
        for model in models:
            def median(rt):
                return statistics.median(data[rt][i][model]["median_ms"] for i in range(rounds))

            def ratio(a, b):
                per = [data[a][i][model]["median_ms"] / data[b][i][model]["median_ms"] for i in range(rounds)]
                return statistics.median(per), min(per), max(per)

            r, lo, hi = ratio("openvino", "openvino-python")
            tables["openvino"].append(f"| {model} | {threads} | {median('openvino'):.3f} | "
                                      f"{median('openvino-python'):.3f} | {r:.2f} ({lo:.2f}–{hi:.2f}) | "
                                      f"{'yes' if abs(r - 1) <= 0.10 else 'no'} |")
            r, lo, hi = ratio("native", "onnxruntime-python")
            tables["native"].append(f"| {model} | {threads} | {median('native'):.3f} | "
                                    f"{median('onnxruntime-python'):.3f} | {r:.2f} ({lo:.2f}–{hi:.2f}) | "
                                    f"{'yes' if r <= 2 else 'no'} |")
        half = models[-1]
        for rt in RUNTIMES:
            per = [data[rt][i][half]["ratio_to_first"] for i in range(rounds)]
            speedups.append(f"| {rt} | {threads} | {1 / statistics.median(per):.2f}x |")

    lines += [
        "- Runtimes: " + ", ".join(f"{rt} {v}" for rt, v in versions.items()),
        "",
        "### shears bench (OpenVINO C API) vs OpenVINO's Python API — target: within 10%",
        "",
        "| model | threads | shears ms | OpenVINO Python ms | ratio (range) | within 10% |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
        *tables["openvino"],
        "",
        "### Native backend (Shears' kernels) vs onnxruntime's Python API — target: within 2x (aim 1.2x)",
        "",
        "| model | threads | native ms | onnxruntime ms | ratio (range) | within 2x |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
        *tables["native"],
        "",
        "### What thinning buys: half width vs baseline (speed-up, same run)",
        "",
        "| runtime | threads | speed-up |",
        "| --- | ---: | ---: |",
        *speedups,
        "",
        "### Where the time goes (`shears layers` half width vs baseline, OpenVINO, 1 thread)",
        "",
        "```",
        open(os.path.join(args.work, "layers.txt")).read().rstrip(),
        "```",
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
