/// An MLP architecture: everything needed to draw random nets of one family.
/// Width is either given or derived from a parameter budget (docs/measures.md).
public struct MLPSpec: Hashable, Sendable {
    /// Input dimension d (2: the square).
    public var input: Int
    /// Hidden layers L.
    public var depth: Int
    /// Units per hidden layer n (the widest layer's when `widths` differ).
    public var width: Int
    /// What the activated hidden layers apply.
    public var activation: Activation
    /// Share of hidden layers that apply the activation (the rest are linear).
    public var actRatio: Double
    /// How weights and biases are drawn.
    public var initScheme: InitScheme
    /// Standard deviation of the biases (0: no biases).
    public var biasStd: Double
    /// Seed of the family; net i draws from the stream (seed, i).
    public var seed: UInt64
    /// The budget the width was derived from, if any (reported, never used for compute).
    public var budget: Int?
    /// Residual: h_l = h_{l-1} + branch * phi(W_l h_{l-1} + b_l) for l = 2..L (docs/measures.md,
    /// "Residual nets"); same widths, parameters and init as the plain net.
    public var residual = false
    /// The branch scale alpha of a residual net; nil means 1 / sqrt(L).
    public var branch: Double?
    /// Hidden widths layer by layer when they differ (docs/measures.md, "Architectures as
    /// data"); nil for the uniform net of `width`. `width` is then the widest layer.
    public private(set) var widths: [Int]?
    /// The relative profile the widths were scaled from to meet `budget` (reported only).
    public private(set) var shape: [Double]?

    /// alpha for a residual net, nil for a plain one.
    public var branchScale: Double? {
        residual ? (branch ?? 1 / Double(depth).squareRoot()) : nil
    }

    /// The parameter budget when none is given (10000).
    public static let defaultBudget = 10_000

    /// A uniform net of `width` units in each of `depth` hidden layers.
    public init(
        input: Int = 2, depth: Int, width: Int, activation: Activation = .relu,
        actRatio: Double = 1, initScheme: InitScheme = .scaled, biasStd: Double = 0.1,
        seed: UInt64 = RandomStream.defaultSeed, budget: Int? = nil
    ) {
        self.input = input
        self.depth = depth
        self.width = width
        self.activation = activation
        self.actRatio = actRatio
        self.initScheme = initScheme
        self.biasStd = biasStd
        self.seed = seed
        self.budget = budget
    }

    /// The widest net of this depth whose parameter count fits the budget.
    public init(
        input: Int = 2, depth: Int, budget: Int, activation: Activation = .relu,
        actRatio: Double = 1, initScheme: InitScheme = .scaled, biasStd: Double = 0.1,
        seed: UInt64 = RandomStream.defaultSeed
    ) {
        let width = MLPSpec.width(depth: depth, budget: budget, input: input)
        self.init(
            input: input, depth: depth, width: width, activation: activation,
            actRatio: actRatio, initScheme: initScheme, biasStd: biasStd, seed: seed,
            budget: budget)
    }

    /// A net of the given hidden widths, one per layer (all equal: the uniform net).
    public init(
        input: Int = 2, widths: [Int], activation: Activation = .relu, actRatio: Double = 1,
        initScheme: InitScheme = .scaled, biasStd: Double = 0.1, seed: UInt64 = RandomStream.defaultSeed,
        budget: Int? = nil, shape: [Double]? = nil
    ) {
        precondition(!widths.isEmpty && widths.allSatisfy { $0 >= 1 }, "one width of 1 or more per hidden layer")
        self.init(
            input: input, depth: widths.count, width: widths.max() ?? 1, activation: activation, actRatio: actRatio,
            initScheme: initScheme, biasStd: biasStd, seed: seed, budget: budget)
        // Equal widths are the uniform family itself: the same nets, so the same key.
        if Set(widths).count > 1 { self.widths = widths }
        self.shape = shape
    }

    /// The net of profile `shape` (one relative width per hidden layer) that meets the budget
    /// as closely as whole widths allow; nil if even the smallest such net does not fit.
    public init?(
        input: Int = 2, shape: [Double], budget: Int, activation: Activation = .relu, actRatio: Double = 1,
        initScheme: InitScheme = .scaled, biasStd: Double = 0.1, seed: UInt64 = RandomStream.defaultSeed
    ) {
        guard let widths = MLPSpec.widths(shape: shape, budget: budget, input: input) else { return nil }
        self.init(
            input: input, widths: widths, activation: activation, actRatio: actRatio, initScheme: initScheme,
            biasStd: biasStd, seed: seed, budget: budget, shape: shape)
    }

    /// The widths of the `shape` rule: the widest layer gets the largest whole width k such that
    /// the net with n_l = max(1, round(k a_l / max a)) has at most `budget` parameters (P grows
    /// with k, so a binary search finds it). All a_l equal, it is the uniform rule. nil if k = 1
    /// does not fit or the shape is not positive numbers.
    public static func widths(shape: [Double], budget: Int, input: Int = 2) -> [Int]? {
        guard let top = shape.max(), !shape.isEmpty, shape.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        func widths(_ k: Int) -> [Int] { shape.map { max(1, Int((Double(k) * $0 / top).rounded())) } }
        guard parameterEstimate(widths: widths(1), input: input) <= Double(budget) else { return nil }
        var low = 1, high = max(1, budget)
        while low < high {
            let mid = low + (high - low + 1) / 2
            if parameterEstimate(widths: widths(mid), input: input) <= Double(budget) {
                low = mid
            } else {
                high = mid - 1
            }
        }
        return widths(low)
    }

    /// P = sum over layers of (fan-in + 1) x fan-out, the output layer's fan-out 1, in floating
    /// point (never overflows, so user sizes are checked before any Int arithmetic).
    public static func parameterEstimate(widths: [Int], input d: Int = 2) -> Double {
        var total = 0.0, fanIn = Double(d)
        for n in widths.map(Double.init) + [1] {
            total += (fanIn + 1) * n
            fanIn = n
        }
        return total
    }

    /// The hidden widths, layer by layer.
    public var layerWidths: [Int] { widths ?? Array(repeating: width, count: depth) }

    /// P(L, n) = (d n + n) + (L - 1)(n^2 + n) + (n + 1).
    public static func parameterCount(depth: Int, width n: Int, input d: Int = 2) -> Int {
        (d * n + n) + (depth - 1) * (n * n + n) + (n + 1)
    }

    /// P(L, n) in floating point: exact for any realistic size, and never overflows, so
    /// budgets and widths from users can be checked before any Int arithmetic.
    public static func parameterEstimate(depth: Int, width n: Int, input d: Int = 2) -> Double {
        let n = Double(n), d = Double(d)
        return (d * n + n) + Double(depth - 1) * (n * n + n) + (n + 1)
    }

    /// The largest n >= 1 with P(L, n) <= budget (n = 1 if even that does not fit).
    public static func width(depth: Int, budget: Int, input: Int = 2) -> Int {
        // P grows monotonically in n, so a binary search finds the boundary.
        var low = 1, high = max(1, budget)
        while low < high {
            let mid = low + (high - low + 1) / 2
            if parameterEstimate(depth: depth, width: mid, input: input) <= Double(budget) {
                low = mid
            } else {
                high = mid - 1
            }
        }
        return low
    }

    /// Weights and biases of every layer.
    public var parameterCount: Int {
        guard let widths else { return MLPSpec.parameterCount(depth: depth, width: width, input: input) }
        return zip([input] + widths, widths + [1]).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// 0-based indices of the hidden layers that apply the activation; the others are linear.
    /// m = max(1, floor(r L + 0.5)) layers at floor((i + 0.5) L / m), i = 0..m-1.
    public var activatedLayers: [Int] {
        let m = max(1, min(depth, Int((actRatio * Double(depth) + 0.5).rounded(.down))))
        return (0..<m).map { i in Int(((Double(i) + 0.5) * Double(depth) / Double(m)).rounded(.down)) }
    }

    /// The activation each hidden layer actually applies.
    public var layerActivations: [Activation] {
        var acts = [Activation](repeating: .linear, count: depth)
        for i in activatedLayers { acts[i] = activation }
        return acts
    }

    /// m n: the number of nonlinear units in the net.
    public var activationCount: Int {
        activation.isLinear ? 0 : activatedLayers.reduce(0) { $0 + layerWidths[$1] }
    }

    /// The same family with another seed.
    public func with(seed: UInt64) -> MLPSpec {
        var copy = self
        copy.seed = seed
        return copy
    }
}
