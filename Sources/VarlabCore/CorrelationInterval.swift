/// A correlation with a percentile bootstrap interval and, given a third column, the partial
/// correlation controlling for it (docs/measures.md, "Correlations you can trust"). With 12
/// architectures a coefficient alone says little, and depth drives both variability and
/// accuracy: the interval and the partial coefficient say how much of it is real.
public struct CorrelationInterval: Equatable, Sendable {
    /// Which coefficient: Spearman's (of ranks) or Pearson's.
    public enum Method: String, Sendable, CaseIterable { case spearman, pearson }

    /// The coefficient that was computed.
    public var method: Method
    /// The coefficient, its p-value and the number of pairs.
    public var correlation: Correlation
    /// The 2.5% and 97.5% percentiles of the coefficient over resamples of the pairs.
    public var low: Double, high: Double
    /// Bootstrap resamples of the pairs behind the interval.
    public var resamples: Int
    /// Resamples whose coefficient was undefined (a resample with a constant column): left out.
    public var undefined: Int
    /// The seed of the resampling.
    public var seed: UInt64
    /// The coefficient given the third column, with its own bootstrap interval.
    public var partial: Partial?

    /// A partial coefficient given a third variable, with its own interval.
    public struct Partial: Equatable, Sendable {
        public var coefficient: Double, low: Double, high: Double
    }

    /// The default number of resamples (docs: at least 2000).
    public static let defaultResamples = 2000

    /// Computes the coefficient, its bootstrap interval and, given `given`, the partial one.
    public init(
        _ method: Method, _ x: [Double], _ y: [Double], given z: [Double]? = nil,
        resamples: Int = defaultResamples, seed: UInt64 = RandomStream.defaultSeed
    ) {
        self.method = method
        self.resamples = resamples
        self.seed = seed
        correlation = method == .spearman ? Statistics.spearman(x, y) : Statistics.pearson(x, y)
        let n = min(x.count, y.count, z?.count ?? Int.max)
        // One stream of indices, drawn once: the plain and partial intervals see the same resamples.
        var rng = RandomStream(seed: seed, stream: 0xB007_5712)
        var plain: [Double] = [], given: [Double] = []
        var undefined = 0
        for _ in 0..<resamples {
            let pick = (0..<n).map { _ in rng.index(below: n) }
            let xs = pick.map { x[$0] }, ys = pick.map { y[$0] }
            let r = Self.coefficient(method, xs, ys)
            guard r.isFinite else {
                undefined += 1
                continue
            }
            plain.append(r)
            if let z {
                let g = Self.partialCoefficient(method, xs, ys, pick.map { z[$0] })
                if g.isFinite { given.append(g) }
            }
        }
        self.undefined = undefined
        (low, high) = Self.percentiles(plain)
        if let z {
            let (a, b) = Self.percentiles(given)
            partial = Partial(coefficient: Self.partialCoefficient(method, x, y, z), low: a, high: b)
        }
    }

    static func coefficient(_ method: Method, _ x: [Double], _ y: [Double]) -> Double {
        (method == .spearman ? Statistics.spearman(x, y) : Statistics.pearson(x, y)).coefficient
    }

    /// The correlation of x and y with z taken out: the Pearson correlation of the residuals
    /// of x and y after a least-squares line on z (on the ranks of all three for Spearman).
    public static func partialCoefficient(_ method: Method, _ x: [Double], _ y: [Double], _ z: [Double]) -> Double {
        let (a, b, c) =
            method == .spearman ? (Statistics.ranks(x), Statistics.ranks(y), Statistics.ranks(z)) : (x, y, z)
        return Statistics.pearson(residuals(a, on: c), residuals(b, on: c)).coefficient
    }

    /// y minus its least-squares line on x (y itself when x is constant).
    public static func residuals(_ y: [Double], on x: [Double]) -> [Double] {
        let mx = Statistics.mean(x), my = Statistics.mean(y)
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        return zip(x, y).map { a, b in b - my - slope * (a - mx) }
    }

    /// The 2.5% and 97.5% percentiles (linear interpolation between order statistics).
    static func percentiles(_ values: [Double]) -> (Double, Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let sorted = values.sorted()
        func at(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let i = Int(position), f = position - Double(i)
            return i + 1 < sorted.count ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i]
        }
        return (at(0.025), at(0.975))
    }
}
