/// When a ThreadPair should use its second thread. On a machine whose second core is not
/// always free (a shared virtual machine), handing half of each piece to a helper was
/// measured up to 2.7x slower than doing all of it on one thread, in a third of the runs;
/// elsewhere it is 1.1-1.2x faster. So the pair times itself: it runs `probe` pieces paired,
/// then `probe` pieces alone, keeps the faster way for `exploit` pieces, and probes again.
/// A piece's arithmetic is the same whichever way it runs, so this changes only the time.
public struct PairSchedule: Sendable {
    /// Pieces timed each way before choosing.
    public static let probe = 256
    /// Pieces run the chosen way before timing again.
    public static let exploit = 4096
    /// Pairing must beat running alone by this factor: alone, the second core stays free.
    public static let margin = 0.97

    private enum Phase: Sendable {
        case probingPaired, probingAlone
        case using(paired: Bool)
    }
    private var phase = Phase.probingPaired
    private var pieces = 0
    private var pairedNanoseconds: UInt64 = 0, aloneNanoseconds: UInt64 = 0

    /// A schedule that starts by timing the paired way.
    public init() {}

    /// Whether the next piece should be handed half to the helper.
    public var pairsNext: Bool {
        switch phase {
        case .probingPaired: true
        case .probingAlone: false
        case .using(let paired): paired
        }
    }

    /// Records how long the piece just run (as pairsNext said) took.
    public mutating func record(nanoseconds: UInt64) {
        pieces += 1
        switch phase {
        case .probingPaired:
            pairedNanoseconds &+= nanoseconds
            if pieces == Self.probe { next(.probingAlone) }
        case .probingAlone:
            aloneNanoseconds &+= nanoseconds
            if pieces == Self.probe {
                next(.using(paired: Double(pairedNanoseconds) < Self.margin * Double(aloneNanoseconds)))
            }
        case .using:
            if pieces == Self.exploit {
                pairedNanoseconds = 0
                aloneNanoseconds = 0
                next(.probingPaired)
            }
        }
    }

    private mutating func next(_ phase: Phase) {
        self.phase = phase
        pieces = 0
    }
}
