#!/usr/bin/env python3
"""Test top-1 of ONNX models on the CIFAR-10 test images, run by OpenVINO's Python API the way
`shears bench` compiles them (CPU, batch 1, INFERENCE_PRECISION_HINT f32; int8 where the model
carries QDQ), so the accuracy printed beside a latency is that of the executed graph. Images are
normalised with the mean and std `shears export` writes into each model's doc_string. Prints one
JSON object: {"images": N, "models": {path: {"top1": ..., "correct": ...}}}.

    .venv/bin/python tools/eval_onnx_top1.py model.onnx [more.onnx] --data data/cifar-10-batches-bin
"""
import argparse
import json

import numpy as np
import onnx
import openvino as ov
from quantize_reference import images, normalisation


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("models", nargs="+")
    p.add_argument("--data", default="data/cifar-10-batches-bin", help="CIFAR-10 binary batches directory")
    p.add_argument("--threads", type=int, default=1)
    return p.parse_args()


def main():
    args = parse()
    core = ov.Core()
    results, count = {}, None
    for path in args.models:
        mean, std = normalisation(onnx.load(path, load_external_data=False))
        x, labels = images(args.data, ["test_batch.bin"], 10 ** 9, mean, std, allow_fewer=True)
        model = core.read_model(path)
        model.reshape({model.inputs[0]: ov.PartialShape([1, 3, 32, 32])})
        compiled = core.compile_model(model, "CPU", {"INFERENCE_PRECISION_HINT": "f32",
                                                     "INFERENCE_NUM_THREADS": str(args.threads)})
        request = compiled.create_infer_request()
        predictions = np.array([int(np.argmax(request.infer({0: x[i:i + 1]})[compiled.outputs[0]]))
                                for i in range(len(x))])
        correct = int((predictions == labels).sum())
        results[path] = {"top1": round(correct / len(x), 4), "correct": correct}
        count = len(x)
    print(json.dumps({"images": count, "models": results}))


if __name__ == "__main__":
    main()
