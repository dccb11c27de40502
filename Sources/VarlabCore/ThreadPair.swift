import Foundation
import Synchronization

/// Two threads for work that comes in pieces of microseconds (the kernels of one training
/// step): the caller runs part 0 of a job while a helper thread runs part 1. A dispatch
/// queue costs more than such a piece, so the helper spins between jobs, and whichever
/// thread is free first claims part 1: when the helper is napping or the machine is busy,
/// the caller simply runs both parts itself, and where pairing has been measured slower it
/// does so for a while on purpose (PairSchedule). Each part always does the same arithmetic,
/// so results never depend on which thread ran it. The helper stops when the pair is released.
final class ThreadPair {
    /// What the two threads share; the helper holds only this, so releasing the pair stops it.
    /// `@unchecked Sendable`: `job`, the one plain variable, is handed over by the atomics
    /// (written before `posted` is released, read only after `claimed` is acquired).
    private final class Shared: @unchecked Sendable {
        let posted = Atomic<Int>(0)  // the newest job's number
        let claimed = Atomic<Int>(0)  // the newest job whose part 1 someone took
        let finished = Atomic<Int>(0)  // the newest job whose part 1 the helper finished
        let stopping = Atomic<Bool>(false)
        let exited = DispatchSemaphore(value: 0)
        /// Written by the caller before it posts a job, read by the helper only after claiming it.
        var job: ((Int) -> Void)?

        func claim(_ n: Int) -> Bool {
            claimed.compareExchange(expected: n - 1, desired: n, ordering: .acquiringAndReleasing).exchanged
        }

        /// The helper: waits for a job (spinning for about a training step, then yielding,
        /// then napping), claims its part 1 if the caller has not, runs it and says so.
        func serve() {
            var seen = 0, idle = 0
            while !stopping.load(ordering: .acquiring) {
                let n = posted.load(ordering: .acquiring)
                guard n != seen else {
                    idle += 1
                    if idle > 22_000 { usleep(200) } else if idle > 20_000 { sched_yield() }
                    continue
                }
                seen = n
                idle = 0
                if claim(n) {
                    job?(1)
                    finished.store(n, ordering: .releasing)
                }
            }
            exited.signal()
        }
    }

    private let shared = Shared()
    private var jobs = 0
    private var schedule = PairSchedule()

    init() {
        let shared = shared
        let thread = Thread { shared.serve() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        shared.stopping.store(true, ordering: .releasing)
        // A helper that never got a thread cannot say it stopped; it holds only `shared`,
        // so giving up the wait after a while is safe.
        _ = shared.exited.wait(timeout: .now() + 5)
    }

    /// Runs body(0) here and body(1) on whichever thread claims it first, or both here when
    /// the schedule has found that faster; returns when both ran.
    func run(_ body: @escaping (Int) -> Void) {
        let start = DispatchTime.now().uptimeNanoseconds
        if schedule.pairsNext {
            runPaired(body)
        } else {
            body(0)
            body(1)
        }
        schedule.record(nanoseconds: DispatchTime.now().uptimeNanoseconds &- start)
    }

    private func runPaired(_ body: @escaping (Int) -> Void) {
        jobs += 1
        shared.job = body
        shared.posted.store(jobs, ordering: .releasing)
        body(0)
        if shared.claim(jobs) {
            body(1)
        } else {
            // Yield after a while: on a busy machine the helper may be waiting for this core.
            var spins = 0
            while shared.finished.load(ordering: .acquiring) != jobs {
                spins += 1
                if spins > 4000 { sched_yield() }
            }
        }
        shared.job = nil
    }
}
