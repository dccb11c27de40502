import Foundation

/// Thrown by long computations when the user interrupts them.
public struct Cancelled: Error, Sendable {
    public init() {}
}

/// How a long computation runs: on how many threads, how to notice an interrupt, and where
/// to report progress. Results never depend on `threads`.
public struct Execution: Sendable {
    public var threads: Int
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

    public init(threads: Int = Execution.defaultThreads, isCancelled: @escaping @Sendable () -> Bool = { false },
                progress: (@Sendable (Int, Int) -> Void)? = nil, store: WorkStore? = nil, shard: Shard? = nil) {
        self.threads = max(1, threads)
        self.isCancelled = isCancelled
        self.progress = progress
        self.store = store
        self.shard = shard
    }

    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }
    public static let serial = Execution(threads: 1)

    public func checkCancelled() throws {
        if isCancelled() { throw Cancelled() }
    }

    /// Computes `body(i)` for i in 0..<count on up to `threads` threads and returns the
    /// results in index order. Work is handed out one index at a time, so the result of
    /// each index never depends on which thread computed it.
    public func map<T>(_ count: Int, reportProgress: Bool = true, _ body: (Int) throws -> T) throws -> [T] {
        try checkCancelled()
        guard count > 0 else { return [] }
        var results = [T?](repeating: nil, count: count)
        var firstError: Error?
        var next = 0, done = 0
        let lock = NSLock()
        let workers = min(threads, count)
        withoutActuallyEscaping(body) { body in
        results.withUnsafeMutableBufferPointer { slots in
            let slots = slots  // each index is written by exactly one worker
            let work: (Int) -> Void = { _ in
                while true {
                    lock.lock()
                    let stop = firstError != nil
                    let i = next
                    next += 1
                    lock.unlock()
                    if stop || i >= count { return }
                    do {
                        if self.isCancelled() { throw Cancelled() }
                        let value = try body(i)
                        slots[i] = value
                        lock.lock()
                        done += 1
                        let d = done
                        if reportProgress { self.progress?(d, count) }
                        lock.unlock()
                    } catch {
                        lock.lock()
                        if firstError == nil { firstError = error }
                        lock.unlock()
                        return
                    }
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        }
        }
        if let error = firstError { throw error }
        return results.map { $0! }
    }
}
