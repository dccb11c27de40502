/// Ceilings that keep one request from exhausting a 2-core, 24 GiB machine or running for
/// days. Each can be raised with an environment variable (named in every refusal).
public struct Limits: Sendable {
    /// Parameters of one net; VARLAB_MAX_PARAMS (80 MB of float32 weights).
    public var maximumParameters = 20_000_000  // VARLAB_MAX_PARAMS (80 MB of float32 weights)
    /// Grid points per side; VARLAB_MAX_GRID.
    public var maximumGrid = 1024  // VARLAB_MAX_GRID
    /// Nets in one measurement; VARLAB_MAX_SAMPLES.
    public var maximumSamples = 1_000_000  // VARLAB_MAX_SAMPLES
    /// Floating-point operations of one request (about hours); VARLAB_MAX_WORK.
    public var maximumWork = 2e13  // VARLAB_MAX_WORK: flops of one request (~hours)
    /// Items of one list; VARLAB_MAX_LIST.
    public var maximumListLength = 10_000_000  // VARLAB_MAX_LIST
    /// Characters of one string; VARLAB_MAX_STRING.
    public var maximumStringLength = 16_000_000  // VARLAB_MAX_STRING
    /// Points of one data set; VARLAB_MAX_POINTS.
    public var maximumPoints = 10_000_000  // VARLAB_MAX_POINTS (dataset size)
    /// Epochs of one training run; VARLAB_MAX_EPOCHS.
    public var maximumEpochs = 100_000  // VARLAB_MAX_EPOCHS
    /// Trials of one trainability call; VARLAB_MAX_TRIALS.
    public var maximumTrials = 1000  // VARLAB_MAX_TRIALS
    /// Nested calls of user functions; VARLAB_MAX_DEPTH.
    public var maximumCallDepth = 200  // VARLAB_MAX_DEPTH
    /// Hidden layers of one net; VARLAB_MAX_LAYERS.
    public var maximumDepth = 10_000  // VARLAB_MAX_LAYERS

    /// The default limits (README, "Limits and reliability").
    public init() {}

    /// The defaults, with any VARLAB_MAX_* overrides from the environment.
    public static func fromEnvironment(_ env: [String: String]) -> Limits {
        var l = Limits()
        func read(_ key: String, _ apply: (Double) -> Void) {
            if let text = env[key], let v = Double(text), v > 0, v.isFinite { apply(v) }
        }
        read("VARLAB_MAX_PARAMS") { l.maximumParameters = Int(min($0, 1e12)) }
        read("VARLAB_MAX_GRID") { l.maximumGrid = Int(min($0, 1e5)) }
        read("VARLAB_MAX_SAMPLES") { l.maximumSamples = Int(min($0, 1e12)) }
        read("VARLAB_MAX_WORK") { l.maximumWork = $0 }
        read("VARLAB_MAX_LIST") { l.maximumListLength = Int(min($0, 1e12)) }
        read("VARLAB_MAX_STRING") { l.maximumStringLength = Int(min($0, 1e12)) }
        read("VARLAB_MAX_POINTS") { l.maximumPoints = Int(min($0, 1e12)) }
        read("VARLAB_MAX_EPOCHS") { l.maximumEpochs = Int(min($0, 1e12)) }
        read("VARLAB_MAX_TRIALS") { l.maximumTrials = Int(min($0, 1e9)) }
        read("VARLAB_MAX_DEPTH") { l.maximumCallDepth = Int(min($0, 5000)) }
        read("VARLAB_MAX_LAYERS") { l.maximumDepth = Int(min($0, 1e7)) }
        return l
    }
}
