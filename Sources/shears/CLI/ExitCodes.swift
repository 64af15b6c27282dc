// Library errors that mean bad input (exit 2) rather than a failed job (exit 1).
// One line per error enum, added as modules gain them.
import Datasets
import Network
import ONNX
import Pruning
import Queue
import Runtime
import Training
import Tuning
import YAML

extension DataError: InputError {}
extension SafeTensorsError: InputError {}
extension CheckpointError: InputError {}
extension NetworkError: InputError {}
extension TrainingError: InputError {}
extension ONNXError: InputError {}
extension ScheduleError: InputError {}
extension PositionedError: InputError {}
extension PruningError: InputError {}
extension TuningError: InputError {}

/// Errors whose cases split between bad input (exit 2) and a failed job (exit 1).
protocol ClassifiedError: Error {
    var isBadInput: Bool { get }
}

extension LedgerError: ClassifiedError {}
extension QueueError: ClassifiedError {}
extension BenchError: ClassifiedError {}
