import Runtime
import Foundation
import Support

/// An error that says the machine or a service failed — a full disk, a read-only run
/// directory, Redis gone, a runtime that will not load — rather than the trial. Recording such a
/// trial as failed would lose it for good (`--resume` never repeats a recorded trial) and
/// teach the optimiser a false infeasible region, so the sweep stops instead and the trial
/// runs again on resume. Trial outcomes (diverged, a schedule the network rejects) are not these.
public protocol InfrastructureFailure: Error {
    var isInfrastructure: Bool { get }
}

extension AtomicFile.Failure: InfrastructureFailure {
    public var isInfrastructure: Bool { true }
}

extension LedgerError: InfrastructureFailure {
    public var isInfrastructure: Bool {
        switch self {
        case .cannotOpen, .cannotWrite: return true
        case .badLine, .runExists, .configurationMismatch: return false
        }
    }
}

extension BenchError: InfrastructureFailure {
    public var isInfrastructure: Bool {
        switch self {
        case .openVINONotFound, .openVINOLoadFailed, .openVINOUntrusted, .missingSymbol: return true
        default: return false
        }
    }
}

/// Whether `error` is the machine's fault (see `InfrastructureFailure`); Foundation's own file
/// errors (creating a directory on a full or read-only disk) count too.
public func isInfrastructureFailure(_ error: Error) -> Bool {
    if let failure = error as? InfrastructureFailure { return failure.isInfrastructure }
    let ns = error as NSError
    return ns.domain == NSPOSIXErrorDomain
        || (ns.domain == NSCocoaErrorDomain && (ns.code == CocoaError.fileWriteOutOfSpace.rawValue
            || ns.code == CocoaError.fileWriteVolumeReadOnly.rawValue || ns.code == CocoaError.fileWriteNoPermission.rawValue
            || ns.code == CocoaError.fileWriteUnknown.rawValue))
}

/// The sweep stopped because of an infrastructure failure during a trial; nothing was recorded
/// for the trial, so `--resume` runs it again. (A failed job: exit status 1.)
public struct SweepStopped: Error, CustomStringConvertible {
    public var trial: Int
    public var reason: String

    public var description: String {
        let what = trial == TrialRequest.baselineID ? "the baseline" : "trial \(trial)"
        return "sweep stopped during \(what): \(reason)\n"
            + "hint: nothing was recorded for \(what); fix the cause and run the same command with --resume"
    }
}

/// A stage that wants to know when a trial is safely in the ledger: the Redis dispatcher keeps
/// an agent's result until then, so a coordinator killed in between finds it on resume
/// instead of training the trial again.
public protocol TrialRecordingObserver: AnyObject {
    func trialRecorded(_ trial: Int) throws
}
