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

/// What trainability keeps of one training run: its final numbers, and its curve (the
/// history's test accuracies) and loss_auc, from which epochs_to(target) and reached follow
/// for any target (docs/measures.md, "Trainability that does not saturate").
public struct TrialOutcome: Equatable, Sendable {
    public var learningRate: Double
    public var trial: Int
    public var testAccuracy: Double
    public var trainAccuracy: Double
    public var diverged: Bool
    public var collapsed: Bool
    /// The mean training loss over the epochs run; nil for a run that diverged.
    public var lossAUC: Double?
    /// The test accuracy at each evaluated epoch (the history's rows), in order.
    public var curve: [CurvePoint]

    /// One evaluated epoch of a run.
    public struct CurvePoint: Equatable, Sendable {
        public var epoch: Int
        public var testAccuracy: Double
        public init(epoch: Int, testAccuracy: Double) {
            self.epoch = epoch
            self.testAccuracy = testAccuracy
        }
    }

    public init(
        learningRate: Double, trial: Int, testAccuracy: Double, trainAccuracy: Double, diverged: Bool, collapsed: Bool,
        lossAUC: Double? = nil, curve: [CurvePoint] = []
    ) {
        self.learningRate = learningRate
        self.trial = trial
        self.testAccuracy = testAccuracy
        self.trainAccuracy = trainAccuracy
        self.diverged = diverged
        self.collapsed = collapsed
        self.lossAUC = lossAUC
        self.curve = curve
    }

    /// The outcome of a finished run.
    public init(_ run: TrainingResult, learningRate: Double, trial: Int) {
        let losses = run.epochLosses
        self.init(
            learningRate: learningRate, trial: trial, testAccuracy: run.testAccuracy, trainAccuracy: run.trainAccuracy,
            diverged: run.diverged != nil, collapsed: run.collapsed,
            lossAUC: run.diverged == nil && !losses.isEmpty ? losses.reduce(0, +) / Double(losses.count) : nil,
            curve: run.history.map { CurvePoint(epoch: $0.epoch, testAccuracy: $0.testAccuracy) })
    }

    /// The first evaluated epoch whose test accuracy reaches `target`; nil when none does.
    public func epochsTo(_ target: Double) -> Int? {
        curve.first { $0.testAccuracy >= target }?.epoch
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
    // 3: the precision check (docs/measures.md, "Precision"); 4: the probe bounds V_k's float32
    // error by mean |D^k (F32 - F64)| (more nets computed in float64).
    public static let version = 4
}

/// Everything that determines the per-net measures of a family, as the store keeps it
/// (docs/store.md, "Schema"): the spec, the planes, the grid, whether units are observed and
/// the C2C tolerances. Built in one place from typed settings, never by hand.
public struct FamilyKey: Hashable, Sendable {
    public var spec: MLPSpec
    public var options: VariabilityOptions

    public init(spec: MLPSpec, options: VariabilityOptions) {
        self.spec = spec
        self.options = options
    }

    /// The key as stored: `numerics=4 input=2 depth=8 ... grid=64 units=1 tol=0.001,0.01`.
    public var text: String {
        var parts = [spec.storeKey]
        if spec.input != 2 || options.through != nil { parts.append("planes=\(options.planes)") }
        if let data = options.through { parts.append("through=\(data.fingerprint)") }
        parts += [
            "grid=\(options.resolution)", "units=\(options.observeUnits ? 1 : 0)",
            "tol=\(options.tolerance),\(options.looseTolerance)",
        ]
        return parts.joined(separator: " ")
    }

    public static func == (a: FamilyKey, b: FamilyKey) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

extension MLPSpec {
    /// Everything that determines the nets of the family, as a readable key.
    public var storeKey: String {
        var parts = [
            "numerics=\(Numerics.version)", "input=\(input)", "depth=\(depth)", "width=\(width)",
            "act=\(activation.name)",
        ]
        if case .leaky(let a) = activation { parts.append("slope=\(a)") }
        // A custom activation by its hash: a changed body or captured value is a new family.
        if let c = activation.custom { parts.append("act_hash=\(c.fingerprint)") }
        parts += ["act_ratio=\(actRatio)", "init=\(initScheme.rawValue)", "bias=\(biasStd)", "seed=\(seed)"]
        if let alpha = branchScale { parts.append("branch=\(alpha)") }
        if let widths { parts.append("widths=" + widths.map(String.init).joined(separator: ",")) }
        return parts.joined(separator: " ")
    }
}
