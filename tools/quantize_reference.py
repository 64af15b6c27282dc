#!/usr/bin/env python3
"""Reference INT8 quantisation of an FP32 ONNX model by other tools, for tests and `make bench`
(never used by the shears binary): onnxruntime's `quantize_static` (QDQ format, int8 per-channel
weights, uint8 activations, min/max calibration) or NNCF's post-training quantisation (its ONNX
backend, default preset). `weights-only` stores each Conv/Gemm weight as int8 per output channel
behind a DequantizeLinear and leaves activations float: a QDQ model OpenVINO cannot run in int8
(it decompresses the weights and convolves in f32), which `shears layers` must warn about. Both calibrate on CIFAR-10 *training* images only (the first N records of
data_batch_1.bin, ...), normalised with the mean and std `shears export` writes into the model's
doc_string, so the test images stay untouched.

    .venv/bin/python tools/quantize_reference.py --tool onnxruntime|nncf|weights-only model.onnx out.onnx \
        --data data/cifar-10-batches-bin --calibration-images 300
"""
import argparse
import os
import re
import sys
import tempfile

import numpy as np
import onnx

RECORD = 3073  # CIFAR-10 binary: 1 label byte + 3x32x32 bytes


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="FP32 ONNX model (input 'input' [N,3,32,32], normalised images)")
    p.add_argument("out", help="where to write the QDQ model (temporary file + rename)")
    p.add_argument("--tool", choices=["onnxruntime", "nncf", "weights-only"], required=True)
    p.add_argument("--data", default="data/cifar-10-batches-bin", help="CIFAR-10 binary batches directory")
    p.add_argument("--calibration-images", type=int, default=300, help="training images to calibrate on")
    return p.parse_args()


def normalisation(model):
    """mean and std from the doc_string `shears export` writes; CIFAR-10's usual values otherwise."""
    doc = model.doc_string
    found = {k: re.search(k + r" = \[([^\]]*)\]", doc) for k in ("mean", "std")}
    if all(found.values()):
        return tuple(np.array([float(v) for v in found[k].group(1).split(",")], np.float32).reshape(1, 3, 1, 1)
                     for k in ("mean", "std"))
    return (np.array([0.4914, 0.4822, 0.4465], np.float32).reshape(1, 3, 1, 1),
            np.array([0.2470, 0.2435, 0.2616], np.float32).reshape(1, 3, 1, 1))


def images(directory, files, count, mean, std, allow_fewer=False):
    """The first `count` records of `files` as normalised NCHW float32, and their labels."""
    raw = []
    for name in files:
        path = os.path.join(directory, name)
        data = np.fromfile(path, np.uint8)
        if data.size % RECORD:
            sys.exit(f"error: {path}: {data.size} bytes is not whole records of {RECORD} bytes")
        raw.append(data.reshape(-1, RECORD))
        if sum(len(r) for r in raw) >= count:
            break
    records = np.concatenate(raw)[:count]
    if len(records) < count and not allow_fewer:
        sys.exit(f"error: {directory}: only {len(records)} images in {', '.join(files)}, {count} requested")
    x = records[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255
    return ((x - mean) / std).astype(np.float32), records[:, 0].astype(np.int64)


def training_images(directory, count, mean, std):
    return images(directory, [f"data_batch_{i}.bin" for i in range(1, 6)], count, mean, std)[0]


def quantize_onnxruntime(model_path, out, calibration):
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                         quantize_static)

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.items = iter([{"input": calibration[i:i + 1]} for i in range(len(calibration))])

        def get_next(self):
            return next(self.items, None)

    quantize_static(model_path, out, Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax)


def quantize_nncf(model_path, out, calibration):
    import nncf

    model = onnx.load(model_path)
    dataset = nncf.Dataset([calibration[i:i + 1] for i in range(len(calibration))], lambda x: {"input": x})
    quantized = nncf.quantize(model, dataset, subset_size=len(calibration))
    onnx.save(quantized, out)


def quantize_weights_only(model_path, out, _calibration):
    from onnx import helper, numpy_helper

    model = onnx.load(model_path)
    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    dequantize = []
    for node in graph.node:
        if node.op_type not in ("Conv", "Gemm") or node.input[1] not in initializers:
            continue
        name = node.input[1]
        w = numpy_helper.to_array(initializers[name]).astype(np.float32)
        scale = np.maximum(np.abs(w.reshape(w.shape[0], -1)).max(axis=1), 1e-12) / 127
        q = np.clip(np.round(w / scale.reshape((-1,) + (1,) * (w.ndim - 1))), -127, 127).astype(np.int8)
        graph.initializer.remove(initializers[name])
        graph.initializer.extend([numpy_helper.from_array(q, name + "_quantized"),
                                  numpy_helper.from_array(scale.astype(np.float32), name + "_scale"),
                                  numpy_helper.from_array(np.zeros(w.shape[0], np.int8), name + "_zero_point")])
        dequantize.append(helper.make_node("DequantizeLinear", [name + "_quantized", name + "_scale",
                                                                name + "_zero_point"],
                                           [name + "_dequantized"], name=name + "_DequantizeLinear", axis=0))
        node.input[1] = name + "_dequantized"
    nodes = dequantize + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, out)


def main():
    args = parse()
    model = onnx.load(args.model)
    mean, std = normalisation(model)
    calibration = training_images(args.data, args.calibration_images, mean, std)
    directory = os.path.dirname(os.path.abspath(args.out))
    fd, temporary = tempfile.mkstemp(suffix=".onnx", dir=directory)
    os.close(fd)
    try:
        quantize = {"onnxruntime": quantize_onnxruntime, "nncf": quantize_nncf,
                    "weights-only": quantize_weights_only}[args.tool]
        quantize(args.model, temporary, calibration)
        os.chmod(temporary, 0o644)
        os.replace(temporary, args.out)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


if __name__ == "__main__":
    main()
