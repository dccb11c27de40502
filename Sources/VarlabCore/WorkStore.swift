/// A place that keeps finished units of work, so a re-run, a resumed run or the assembly of
/// shards computes only what is missing (docs/store.md). The core only asks and tells; the
/// host decides where the units live (varlab's is an SQLite file).
public protocol WorkStore: AnyObject, Sendable {
    /// The measures of the listed nets of a family that the store has.
    func nets(_ family: String, _ indices: [Int]) throws -> [Int: LandscapeMeasures]
    func saveNets(_ family: String, _ items: [(Int, LandscapeMeasures)]) throws
    /// The outcomes of the listed (learning rate, trial) jobs of an experiment that the store has.
    func trials(_ experiment: String, _ jobs: [Int]) throws -> [Int: TrialOutcome]
    func saveTrials(_ experiment: String, _ items: [(Int, TrialOutcome)]) throws
}

/// What trainability keeps of one training run.
public struct TrialOutcome: Equatable, Sendable {
    public var learningRate: Double
    public var trial: Int
    public var testAccuracy: Double
    public var trainAccuracy: Double
    public var diverged: Bool
    public var collapsed: Bool

    public init(
        learningRate: Double, trial: Int, testAccuracy: Double, trainAccuracy: Double, diverged: Bool, collapsed: Bool
    ) {
        self.learningRate = learningRate
        self.trial = trial
        self.testAccuracy = testAccuracy
        self.trainAccuracy = trainAccuracy
        self.diverged = diverged
        self.collapsed = collapsed
    }
}

/// Shard I of N: this process computes the units whose index is I modulo N.
public struct Shard: Equatable, Sendable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public func owns(_ unit: Int) -> Bool { unit % count == index }
}

/// How many units of a call came from the store, were computed, or were left to other shards.
public struct WorkTally: Equatable, Sendable {
    public var stored = 0
    public var computed = 0
    public var skipped = 0

    public init() {}

    public var total: Int { stored + computed + skipped }
    public var isPartial: Bool { skipped > 0 }
}

/// The numerics a store's units were made with; bumped whenever a change alters any
/// stored number, so old units are not mixed with new ones.
public enum Numerics {
    // 3: the precision check (docs/measures.md, "Precision"); 4: the check bounds V_k's error
    // and asks float64 to hold under weight noise (more nets computed in float64).
    public static let version = 4
}

extension MLPSpec {
    /// Everything that determines the nets of the family, as a readable key.
    public var storeKey: String {
        var parts = [
            "numerics=\(Numerics.version)", "input=\(input)", "depth=\(depth)", "width=\(width)",
            "act=\(activation.name)",
        ]
        if case .leaky(let a) = activation { parts.append("slope=\(a)") }
        parts += ["act_ratio=\(actRatio)", "init=\(initScheme.rawValue)", "bias=\(biasStd)", "seed=\(seed)"]
        if let alpha = branchScale { parts.append("branch=\(alpha)") }
        return parts.joined(separator: " ")
    }
}
