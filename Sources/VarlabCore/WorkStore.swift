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
    /// The learning rate of the run.
    public var learningRate: Double
    /// Which trial (its seed offset).
    public var trial: Int
    /// Final test accuracy.
    public var testAccuracy: Double
    /// Final training accuracy.
    public var trainAccuracy: Double
    /// Whether the loss became NaN or infinite.
    public var diverged: Bool
    /// Whether the trained net is constant where it is used.
    public var collapsed: Bool
    /// The mean training loss over the epochs run; nil for a run that diverged.
    public var lossAUC: Double?
    /// The test accuracy at each evaluated epoch (the history's rows), in order.
    public var curve: [CurvePoint]

    /// One evaluated epoch of a run.
    public struct CurvePoint: Equatable, Sendable {
        /// The epoch evaluated.
        public var epoch: Int
        /// Test accuracy there.
        public var testAccuracy: Double
        /// A point of a run's curve.
        public init(epoch: Int, testAccuracy: Double) {
            self.epoch = epoch
            self.testAccuracy = testAccuracy
        }
    }

    /// A finished training run.
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
    /// This shard's number, from 0.
    public var index: Int
    /// How many shards share the work.
    public var count: Int

    /// Shard `index` of `count`.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether this shard computes unit `unit` (units are dealt round-robin).
    public func owns(_ unit: Int) -> Bool { unit % count == index }
}

/// How many units of a call came from the store, were computed, or were left to other shards.
public struct WorkTally: Equatable, Sendable {
    /// Units read from the store.
    public var stored = 0
    /// Units computed.
    public var computed = 0
    /// Units left to other shards.
    public var skipped = 0

    /// No work yet.
    public init() {}

    /// Every unit the call asked for.
    public var total: Int { stored + computed + skipped }
    /// Whether other shards hold some of the units.
    public var isPartial: Bool { skipped > 0 }
}

/// The numerics a store's units were made with; bumped whenever a change alters any
/// stored number, so old units are not mixed with new ones.
public enum Numerics {
    // 3: the precision check (docs/measures.md, "Precision"); 4: the probe bounds V_k's float32
    // error by mean |D^k (F32 - F64)| (more nets computed in float64).
    /// varlab's numerics version: any change to a stored number bumps it.
    public static let version = 4
}

/// Everything that determines the per-net measures of a family, as the store keeps it
/// (docs/store.md, "Schema"): the spec, the planes, the grid, whether units are observed and
/// the C2C tolerances. Built in one place from typed settings, never by hand.
public struct FamilyKey: Hashable, Sendable {
    /// The family.
    public var spec: MLPSpec
    /// The measurement settings that change a net's numbers.
    public var options: VariabilityOptions

    /// The key of a family measured with `options`.
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

    /// Equal keys: the same text.
    public static func == (a: FamilyKey, b: FamilyKey) -> Bool { a.text == b.text }
    /// Hashes the text.
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
