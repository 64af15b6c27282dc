#!/usr/bin/env python3
"""Times numpy's float32 matmul (OpenBLAS) on the shapes `shears bench kernels` measures.

The reference half of BENCHMARKS.md: same shapes, same method (warm-up, then the
median of repeated runs, GFLOP/s = 2*M*N*K / t), printed as one JSON object
{"gemm": [{"m":..,"k":..,"n":..,"gflops":..}, ...]} so tools/bench.sh can pair
each row with the Swift figure measured in the same run.

With --shapes-from FILE (a `shears bench kernels --json` report) the shapes are that
report's GEMM shapes plus the equivalent im2col GEMM of each of its convolution rows,
so the convolution table has a reference for every layer shape.
"""
import argparse
import json
import statistics
import time

import numpy as np

# (M, K, N): square sizes, then ResNet-20's batch-128 im2col shapes
# (A is M x K weights, B is K x N im2col columns).
SHAPES = [
    (256, 256, 256),
    (512, 512, 512),
    (1024, 1024, 1024),
    (16, 27, 131072),
    (16, 144, 131072),
    (32, 288, 32768),
    (64, 576, 8192),
]


def measure(m, k, n, min_seconds, min_repeats):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    c = np.empty((m, n), dtype=np.float32)
    np.matmul(a, b, out=c)  # warm-up: thread start, page faults
    times = []
    start = time.perf_counter()
    while len(times) < min_repeats or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append(time.perf_counter() - t0)
    return 2.0 * m * n * k / statistics.median(times) / 1e9


def shapes_from(path):
    """The GEMM shapes of a shears report, then its conv rows' im2col GEMMs, without repeats."""
    with open(path) as f:
        report = json.load(f)
    shapes = []
    for row in report["gemm"] + [conv["gemm"] for conv in report.get("conv", [])]:
        shape = (row["m"], row["k"], row["n"])
        if shape not in shapes:
            shapes.append(shape)
    return shapes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-seconds", type=float, default=0.5)
    parser.add_argument("--min-repeats", type=int, default=7)
    parser.add_argument("--shapes-from", metavar="FILE",
                        help="measure the shapes of this `shears bench kernels --json` report")
    args = parser.parse_args()
    shapes = shapes_from(args.shapes_from) if args.shapes_from else SHAPES
    rows = [
        {"m": m, "k": k, "n": n, "gflops": round(measure(m, k, n, args.min_seconds, args.min_repeats), 2)}
        for (m, k, n) in shapes
    ]
    print(json.dumps({"gemm": rows, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
