/// An MLP architecture: everything needed to draw random nets of one family.
/// Width is either given or derived from a parameter budget (docs/measures.md).
public struct MLPSpec: Hashable, Sendable {
    public var input: Int
    public var depth: Int
    public var width: Int
    public var activation: Activation
    public var actRatio: Double
    public var initScheme: InitScheme
    public var biasStd: Double
    public var seed: UInt64
    /// The budget the width was derived from, if any (reported, never used for compute).
    public var budget: Int?
    /// Residual: h_l = h_{l-1} + branch * phi(W_l h_{l-1} + b_l) for l = 2..L (docs/measures.md,
    /// "Residual nets"); same widths, parameters and init as the plain net.
    public var residual = false
    /// The branch scale alpha of a residual net; nil means 1 / sqrt(L).
    public var branch: Double?

    /// alpha for a residual net, nil for a plain one.
    public var branchScale: Double? {
        residual ? (branch ?? 1 / Double(depth).squareRoot()) : nil
    }

    public static let defaultBudget = 10_000

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

    public var parameterCount: Int { MLPSpec.parameterCount(depth: depth, width: width, input: input) }

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
    public var activationCount: Int { activation.isLinear ? 0 : activatedLayers.count * width }

    public func with(seed: UInt64) -> MLPSpec {
        var copy = self
        copy.seed = seed
        return copy
    }
}
