#!/usr/bin/env python3
"""Reference for `shears bench optimizer`: scikit-optimize's gp_minimize on Branin and Hartmann-6.

Same seeds (0..n-1), budgets and JSON schema as the Swift benchmark, so
`shears bench optimizer --reference <this output>` prints both side by side. Every run goes to
the largest budget; the regret at a smaller budget is the best of its first evaluations
(gp_minimize does not look at n_calls when choosing a point). gp_minimize runs with its
defaults: 10 random initial points, Matern-5/2 ARD kernel with fitted noise, gp_hedge acquisition.

Usage: .venv/bin/python tools/bench_skopt.py [--seeds 20] [--budgets 20,40,60]
                                             [--functions branin,hartmann6] [--jobs 1]
"""
import argparse
import json
import math
import multiprocessing
import sys
import time
import warnings

import os

# One BLAS thread per process: the matrices are tiny, and --jobs already uses the cores.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import numpy as np

try:
    import skopt
    from skopt import gp_minimize
except ImportError as error:  # pragma: no cover - environment problem, reported plainly
    sys.exit(f"error: scikit-optimize is not importable ({error}); run 'make setup'")

BRANIN_MIN = 0.397887
HARTMANN6_MIN = -3.32237

ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
A = np.array([
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
])
P = 1e-4 * np.array([
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
])


def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(x):
    x = np.asarray(x, dtype=float)
    return float(-np.sum(ALPHA * np.exp(-np.sum(A * (x - P) ** 2, axis=1))))


FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)], BRANIN_MIN),
    "hartmann6": (hartmann6, [(0.0, 1.0)] * 6, HARTMANN6_MIN),
}


def run(case):
    name, seed, budget = case
    function, bounds, _ = FUNCTIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "objective has been evaluated at this point before"
        result = gp_minimize(function, bounds, n_calls=budget, random_state=seed)
    return name, seed, [float(v) for v in result.func_vals]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--budgets", default="20,40,60")
    parser.add_argument("--functions", default="branin,hartmann6")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    budgets = sorted(int(b) for b in args.budgets.split(","))
    names = args.functions.split(",")
    for name in names:
        if name not in FUNCTIONS:
            sys.exit(f"error: unknown function '{name}'; known: {', '.join(FUNCTIONS)}")

    start = time.time()
    # Seed-major order, so a partial run (see the progress lines) covers every function.
    cases = [(name, seed, budgets[-1]) for seed in range(args.seeds) for name in names]
    traces = []
    with multiprocessing.Pool(args.jobs) as pool:
        # One progress line per finished run, with its whole trace so a partial run can be salvaged.
        for name, seed, values in pool.imap(run, cases):
            traces.append((name, seed, values))
            print(f"{name} gp_minimize seed {seed}: regret {min(values) - FUNCTIONS[name][2]} "
                  f"after {len(values)} {json.dumps(values)}", file=sys.stderr, flush=True)

    rows = []
    for name in names:
        per_seed = [values for (n, _, values) in sorted(traces, key=lambda t: t[1]) if n == name]
        for budget in budgets:
            regrets = [min(values[:budget]) - FUNCTIONS[name][2] for values in per_seed]
            rows.append({"function": name, "method": "gp_minimize", "budget": budget,
                         "median_regret": float(np.median(regrets)), "regrets": regrets})
    report = {"tool": f"scikit-optimize {skopt.__version__} (numpy {np.__version__})",
              "seeds": list(range(args.seeds)), "rows": rows, "timings": [],
              "seconds": time.time() - start}
    print(json.dumps(report, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
