#!/usr/bin/env python3
"""Reference latency of ONNX models on OpenVINO's own Python API, measured the way
`shears bench` measures them (same hint, threads, batch, warm-up, iterations, models taking
turns), printed as JSON with the same field names. `make bench` runs both in one go and checks
that the medians agree within 10%.

    .venv/bin/python tools/bench_openvino_python.py model.onnx [more.onnx] --threads 1 --iterations 200
"""
import argparse
import json
import time

import numpy as np
from bench_records import latency_fields, sha256
import openvino as ov


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("models", nargs="+", help="ONNX files; the first is the reference for ratios")
    p.add_argument("--device", default="CPU")
    p.add_argument("--threads", type=int, help="INFERENCE_NUM_THREADS (default: the runtime's choice)")
    p.add_argument("--iterations", type=int, default=200, help="timed inferences per model")
    p.add_argument("--time", type=float, help="measure for this many seconds instead")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--mode", choices=["latency", "throughput"], default="latency")
    p.add_argument("--requests", type=int, help="infer requests in flight in throughput mode")
    p.add_argument("--precision", default="f32",
                   help="INFERENCE_PRECISION_HINT as `shears bench --precision` (default f32, as shears: on "
                        "AVX512-BF16 CPUs OpenVINO otherwise runs bf16); 'default' leaves the runtime's choice")
    return p.parse_args()



class Model:
    """One compiled model with its requests and a bound input, like a shears InferenceSession."""

    def __init__(self, core, path, args, data):
        model = core.read_model(path)
        model.reshape({model.inputs[0]: ov.PartialShape([args.batch, 3, 32, 32])})
        config = {"PERFORMANCE_HINT": args.mode.upper(), "PERF_COUNT": "NO"}
        if args.threads:
            config["INFERENCE_NUM_THREADS"] = str(args.threads)
        if args.precision != "default":
            config["INFERENCE_PRECISION_HINT"] = args.precision
        if args.mode == "throughput" and args.requests:
            config["PERFORMANCE_HINT_NUM_REQUESTS"] = str(args.requests)
        self.path, self.compiled = path, core.compile_model(model, args.device, config)
        self.mode, self.samples, self.wall = args.mode, [], 0.0
        count = 1
        if args.mode == "throughput":
            count = args.requests or self.compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")
        self.requests = [self.compiled.create_infer_request() for _ in range(count)]
        for r in self.requests:
            r.set_input_tensor(ov.Tensor(data))
        self.threads = int(self.compiled.get_property("INFERENCE_NUM_THREADS"))

    def step(self, count, record=True):
        """`count` synchronous inferences, or one pipelined burst; returns nothing, records ms."""
        began = time.perf_counter()
        if self.mode == "latency":
            r = self.requests[0]
            for _ in range(count):
                t = time.perf_counter()
                r.infer()
                if record:
                    self.samples.append((time.perf_counter() - t) * 1000)
        else:
            # Same loop as OpenVINOSession.runPipelined: all requests busy, collected oldest first.
            started, order, launched = {}, [], 0
            for i in range(min(len(self.requests), count)):
                started[i] = time.perf_counter()
                self.requests[i].start_async()
                order.append(i)
                launched += 1
            head = 0
            while head < len(order):
                i = order[head]
                head += 1
                self.requests[i].wait()
                if record:
                    self.samples.append((time.perf_counter() - started[i]) * 1000)
                if launched < count:
                    started[i] = time.perf_counter()
                    self.requests[i].start_async()
                    order.append(i)
                    launched += 1
        if record:
            self.wall += time.perf_counter() - began


def main():
    args = parse()
    core = ov.Core()
    rng = np.random.default_rng(20240601)
    data = rng.random((args.batch, 3, 32, 32), dtype=np.float32)
    models = [Model(core, path, args, data) for path in args.models]
    for _ in range(args.warmup):
        for m in models:
            m.step(len(m.requests), record=False)
    start = time.perf_counter()
    while True:
        for m in models:
            count = 1 if m.mode == "latency" else 8 * len(m.requests)
            if args.time is None:
                count = min(count, args.iterations - len(m.samples))
            if count > 0:
                m.step(count)
        if args.time is not None:
            if time.perf_counter() - start >= args.time:
                break
        elif all(len(m.samples) >= args.iterations for m in models):
            break
    first = float(np.median(models[0].samples))
    records = []
    for m in models:
        s = np.array(m.samples)
        records.append({
            "model": m.path, "model_sha256": sha256(m.path), "backend": "openvino-python",
            "runtime_version": ov.get_version(), "device": args.device, "threads": m.threads,
            "batch": args.batch, "mode": args.mode, "requests": len(m.requests),
            **latency_fields(s, first),
            "throughput_fps": round(args.batch * len(s) / m.wall, 2) if m.wall > 0 else 0.0,
        })
    print(json.dumps(records, indent=None))


if __name__ == "__main__":
    main()
