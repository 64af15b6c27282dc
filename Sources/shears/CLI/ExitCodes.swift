import Pruning

// Library errors that mean bad input (exit 2) rather than a failed job (exit 1).
// One line per error enum, added as modules gain them.
import Datasets
import Network
import ONNX
import Training
import Tuning
import YAML

extension DataError: InputError {}
extension SafeTensorsError: InputError {}
extension NetworkError: InputError {}
extension TrainingError: InputError {}
extension ONNXError: InputError {}
extension ScheduleError: InputError {}
extension PositionedError: InputError {}
extension PruningError: InputError {}
extension TuningError: InputError {}
