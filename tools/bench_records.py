"""What the Python reference benchmarks share: the model hash and the latency statistics of one
record, in the keys and rounding of `shears bench --json` (numpy's percentile and std defaults,
as Sources/Bench/LatencyStatistics.swift)."""
import hashlib

import numpy as np


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def latency_fields(samples, first_median):
    """median/mean/min/max/p90/p99/std in ms and the ratio of this median to the first model's."""
    s = np.array(samples)
    median = float(np.median(s))
    return {
        "iterations": len(s),
        "median_ms": round(median, 4), "mean_ms": round(float(s.mean()), 4),
        "min_ms": round(float(s.min()), 4), "max_ms": round(float(s.max()), 4),
        "p90_ms": round(float(np.percentile(s, 90)), 4), "p99_ms": round(float(np.percentile(s, 99)), 4),
        "std_ms": round(float(s.std()), 4),
        "ratio_to_first": round(median / first_median, 4) if first_median > 0 else 0.0,
    }
