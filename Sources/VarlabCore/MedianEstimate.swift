import Foundation

/// The median of a sample with a distribution-free 95% interval (order statistics), and the
/// 10% and 90% quantiles: robust summaries for heavy-tailed values such as V3 over random
/// nets (docs/measures.md, "Variability of an architecture").
public struct MedianEstimate: Equatable, Sendable {
    /// The median.
    public var median: Double
    /// The lower end of the distribution-free 95% interval of the median.
    public var low: Double
    /// The upper end of that interval.
    public var high: Double
    /// The 10% quantile.
    public var q10: Double
    /// The 90% quantile.
    public var q90: Double

    /// The median of the values, its interval and quantiles.
    public init(_ values: [Double]) {
        let x = values.sorted()
        median = MedianEstimate.quantile(x, 0.5)
        q10 = MedianEstimate.quantile(x, 0.1)
        q90 = MedianEstimate.quantile(x, 0.9)
        let (j, k) = MedianEstimate.orderStatisticRanks(count: x.count)
        low = x.isEmpty ? .nan : x[j - 1]
        high = x.isEmpty ? .nan : x[k - 1]
    }

    /// Linear interpolation between order statistics (NumPy's default, "type 7").
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        let next = min(i + 1, sorted.count - 1)
        return sorted[i] + (h - Double(i)) * (sorted[next] - sorted[i])
    }

    /// 1-based ranks (j, k) with P(x_(j) <= median <= x_(k)) >= 95% for any continuous
    /// distribution: j is the largest rank with P(Binomial(n, 1/2) < j) <= 2.5%, k = n + 1 - j.
    /// Fewer than 6 values give the whole range.
    public static func orderStatisticRanks(count n: Int) -> (Int, Int) {
        guard n >= 6 else { return (1, max(1, n)) }
        // Cumulative binomial(n, 1/2) in logs, so n can be large.
        let logHalf = Double(n) * log(0.5)
        var cumulative = 0.0
        var j = 0
        for i in 0...n {
            let logTerm = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + logHalf
            if cumulative + exp(logTerm) > 0.025 { break }
            cumulative += exp(logTerm)
            j = i + 1
        }
        j = max(1, j)
        return (j, n + 1 - j)
    }
}
