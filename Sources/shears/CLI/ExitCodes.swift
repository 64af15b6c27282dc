import Pruning
import Queue

// Library errors that mean bad input (exit 2) rather than a failed job (exit 1).
// One line per error enum, added as modules gain them.
import Bench
import Data
import Network
import ONNX
import Training
import Tuning

extension DataError: InputError {}
extension SafeTensorsError: InputError {}
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
