#!/usr/bin/env python3
"""Reference latency of ONNX models on onnxruntime's Python API (CPU execution provider),
measured the way `shears bench` measures them (threads pinned, fixed input, warm-up, then a
count of synchronous batch-`B` inferences, models taking turns), printed as JSON with the same
field names as `shears bench --json`. `tools/bench_inference.sh` runs it beside the native
backend to report their ratio.

    .venv/bin/python tools/bench_onnxruntime_python.py model.onnx [more.onnx] --threads 1 --iterations 200
"""
import argparse
import json
import time

import numpy as np
from bench_records import latency_fields, sha256
import onnxruntime as ort


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("models", nargs="+", help="ONNX files; the first is the reference for ratios")
    p.add_argument("--threads", type=int, default=1, help="intra_op_num_threads (inter-op is 1)")
    p.add_argument("--iterations", type=int, default=200, help="timed inferences per model")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--batch", type=int, default=1)
    return p.parse_args()



def main():
    args = parse()
    rng = np.random.default_rng(20240601)
    data = rng.random((args.batch, 3, 32, 32), dtype=np.float32)
    sessions = []
    for path in args.models:
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        # Bound input and output, so the timed call is the inference alone (no numpy conversion).
        binding = session.io_binding()
        binding.bind_cpu_input(session.get_inputs()[0].name, data)
        binding.bind_output(session.get_outputs()[0].name)
        sessions.append((path, session, binding, []))
    for _ in range(args.warmup):
        for _, session, binding, _ in sessions:
            session.run_with_iobinding(binding)
    for _ in range(args.iterations):
        for _, session, binding, samples in sessions:
            t = time.perf_counter()
            session.run_with_iobinding(binding)
            samples.append((time.perf_counter() - t) * 1000)
    first = float(np.median(sessions[0][3]))
    records = []
    for path, _, _, samples in sessions:
        s = np.array(samples)
        records.append({
            "model": path, "model_sha256": sha256(path), "backend": "onnxruntime-python",
            "runtime_version": ort.__version__, "device": "CPU", "threads": args.threads,
            "batch": args.batch, "mode": "latency", "requests": 1,
            **latency_fields(s, first),
            "throughput_fps": round(args.batch * len(s) / (s.sum() / 1000), 2) if s.sum() > 0 else 0.0,
        })
    print(json.dumps(records, indent=None))


if __name__ == "__main__":
    main()
