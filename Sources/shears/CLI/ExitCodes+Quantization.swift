import Quantization

/// No calibration images, a simulation-only model given to export: bad input, exit 2.
extension QuantizationError: InputError {}
