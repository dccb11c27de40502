import Testing
import VarlabCore

/// The pair's choice between two threads and one (docs/measures.md, "Both cores").
@Suite struct PairScheduleTests {
    /// Runs `pieces` pieces that take `paired` or `alone` ns, returning how each was run.
    static func run(_ pieces: Int, paired: UInt64, alone: UInt64) -> [Bool] {
        var schedule = PairSchedule()
        return (0..<pieces).map { _ in
            let pairs = schedule.pairsNext
            schedule.record(nanoseconds: pairs ? paired : alone)
            return pairs
        }
    }

    @Test func probesPairedThenAloneThenKeepsTheFaster() {
        let probe = PairSchedule.probe, exploit = PairSchedule.exploit
        let slowPair = Self.run(2 * probe + exploit + 1, paired: 27, alone: 10)
        #expect(slowPair[..<probe].allSatisfy { $0 })
        #expect(slowPair[probe..<(2 * probe + exploit)].allSatisfy { !$0 })
        #expect(slowPair[2 * probe + exploit])  // probes again, paired first
        let fastPair = Self.run(2 * probe + exploit, paired: 8, alone: 10)
        #expect(fastPair[probe..<(2 * probe)].allSatisfy { !$0 })
        #expect(fastPair[(2 * probe)...].allSatisfy { $0 })
    }

    /// A pair must win by the margin: alone, the second core is left to others.
    @Test func aTieGoesToOneThread() {
        let probe = PairSchedule.probe
        let tie = Self.run(2 * probe + 10, paired: 99, alone: 100)
        #expect(tie[(2 * probe)...].allSatisfy { !$0 })
    }

    /// Each probe measures afresh: a pair that got slower is dropped at the next probe.
    @Test func aLaterProbeForgetsTheEarlierOne() {
        let probe = PairSchedule.probe, exploit = PairSchedule.exploit
        var schedule = PairSchedule()
        var used: [Bool] = []
        for i in 0..<(2 * (2 * probe + exploit)) {
            let pairs = schedule.pairsNext
            let round = i / (2 * probe + exploit)
            schedule.record(nanoseconds: pairs ? (round == 0 ? 5 : 50) : 10)
            used.append(pairs)
        }
        let second = 2 * probe + exploit
        #expect(used[(2 * probe)..<second].allSatisfy { $0 })
        #expect(used[(second + 2 * probe)...].allSatisfy { !$0 })
    }
}
