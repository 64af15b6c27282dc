// Library errors that mean bad input (exit 2) rather than a failed job (exit 1).
// One line per error enum, added as modules gain them.
import ONNX

extension ONNXError: InputError {}
