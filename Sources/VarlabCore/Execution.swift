import Foundation
import Synchronization

/// Thrown by long computations when the user interrupts them.
public struct Cancelled: Error, Sendable {
    /// An interruption.
    public init() {}
}

/// How a long computation runs: on how many threads, how to notice an interrupt, and where
/// to report progress. Results never depend on `threads`.
public struct Execution: Sendable {
    /// Worker threads for nets and runs; results never depend on it.
    public var threads: Int
    /// Asked between work items: true stops the work with `Cancelled`.
    public var isCancelled: @Sendable () -> Bool
    /// Called with (done, total) as work items finish; from any thread, serialised.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Called when the computation learns how it will go on (variability: "float64" once
    /// its pilot nets all needed it), for the progress line to say.
    public var path: (@Sendable (String) -> Void)?
    /// Where finished units are kept and looked up (nil: compute everything).
    public var store: WorkStore?
    /// This process's share of the units (nil: all of them).
    public var shard: Shard?

    /// An execution on `threads` threads, with an optional store, shard and progress report.
    public init(
        threads: Int = Execution.defaultThreads, isCancelled: @escaping @Sendable () -> Bool = { false },
        progress: (@Sendable (Int, Int) -> Void)? = nil, store: WorkStore? = nil, shard: Shard? = nil
    ) {
        self.threads = max(1, threads)
        self.isCancelled = isCancelled
        self.progress = progress
        self.store = store
        self.shard = shard
    }

    /// One thread per active processor.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }
    /// One thread, no store, no progress.
    public static let serial = Execution(threads: 1)

    /// Throws `Cancelled` when the user has interrupted.
    public func checkCancelled() throws {
        if isCancelled() { throw Cancelled() }
    }

    /// Computes `body(i)` for i in 0..<count on up to `threads` threads and returns the
    /// results in index order. Work is handed out one index at a time, so the result of
    /// each index never depends on which thread computed it.
    public func map<T>(_ count: Int, reportProgress: Bool = true, _ body: (Int) throws -> T) throws -> [T] {
        let (results, error) = try mapUntilStopped(count, reportProgress: reportProgress, body)
        if let error { throw error }
        return results.map { $0! }
    }

    /// `map`, except that an interrupt (or any error) comes back beside the results finished
    /// before it, nil where an index was not (so a caller can keep the rows that finished).
    public func mapUntilStopped<T>(_ count: Int, reportProgress: Bool = true, _ body: (Int) throws -> T) throws -> (
        results: [T?], stoppedBy: (any Error)?
    ) {
        try checkCancelled()
        guard count > 0 else { return ([], nil) }
        // The clock starts now, not when the first item finishes (a table's first row).
        if reportProgress { progress?(0, count) }
        var results = [T?](repeating: nil, count: count)
        let state = Mutex(MapState())
        let workers = min(threads, count)
        withoutActuallyEscaping(body) { body in
            results.withUnsafeMutableBufferPointer { slots in
                // Each index is computed and written by exactly one worker (the mutex hands
                // them out), and the results are read only after every worker has returned:
                // the body and the slots are shared without a race.
                nonisolated(unsafe) let body = body, slots = slots
                let work: @Sendable (Int) -> Void = { _ in
                    while true {
                        let i = state.withLock { s -> Int? in
                            guard s.firstError == nil, s.next < count else { return nil }
                            s.next += 1
                            return s.next - 1
                        }
                        guard let i else { return }
                        do {
                            if self.isCancelled() { throw Cancelled() }
                            slots[i] = try body(i)
                            state.withLock { s in
                                s.done += 1
                                if reportProgress { self.progress?(s.done, count) }
                            }
                        } catch {
                            state.withLock { s in if s.firstError == nil { s.firstError = error } }
                            return
                        }
                    }
                }
                if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            }
        }
        return (results, state.withLock { $0.firstError })
    }
}

/// What the workers of `Execution.map` share: the next index, how many are done, the
/// first error.
private struct MapState {
    var next = 0, done = 0
    var firstError: (any Error)?
}
