import Foundation

/// A mean with its standard error and a 95% confidence interval (Student t).
public struct Estimate: Equatable, Sendable {
    /// The mean.
    public var mean: Double
    /// Its standard error.
    public var standardError: Double
    /// The lower end of the 95% interval.
    public var low: Double
    /// The upper end of the 95% interval.
    public var high: Double
    /// How many values.
    public var count: Int

    /// An estimate with a 95% interval from Student's t.
    public init(mean: Double, standardError: Double, count: Int) {
        self.mean = mean
        self.standardError = standardError
        self.count = count
        let t = count > 1 ? Statistics.tQuantile975(degreesOfFreedom: count - 1) : 0
        low = mean - t * standardError
        high = mean + t * standardError
    }

    /// The mean of the values with its standard error and interval.
    public init(_ values: [Double]) {
        let n = values.count
        let m = Statistics.mean(values)
        // Equal values have no spread: 0 exactly, not the rounding of their mean.
        let varies = values.contains { $0 != values[0] }
        let se = n > 1 && varies ? Statistics.sampleStd(values) / Double(n).squareRoot() : 0
        self.init(mean: m, standardError: se, count: n)
    }

    /// The mean of values that cannot be negative (V_k): the t interval, cut at 0.
    public init(nonNegative values: [Double]) {
        self.init(values)
        low = max(0, low)
    }

    /// The mean of shares in [0, 1] (accuracies over a few trials), with the t interval
    /// taken on the logit scale and mapped back, so it stays inside [0, 1] however few
    /// trials: shares are first held `resolution` away from 0 and 1 (half a test point), where
    /// the logit is finite. The interval always contains the mean, so it ends at 0 or 1 only
    /// when the mean does (every trial 0 or every trial 1).
    public init(shares values: [Double], resolution: Double) {
        let eps = min(max(resolution, 1e-12), 0.25)
        let logits = values.map { x -> Double in
            let p = Swift.min(Swift.max(x, eps), 1 - eps)
            return Foundation.log(p / (1 - p))
        }
        let onLogits = Estimate(logits)
        let back = { (t: Double) in 1 / (1 + Foundation.exp(-t)) }
        self.init(values)
        low = Swift.min(mean, back(onLogits.low))
        high = Swift.max(mean, back(onLogits.high))
    }
}

/// A proportion with its Wilson score 95% interval.
public struct Proportion: Equatable, Sendable {
    /// How many trials succeeded.
    public var successes: Int
    /// How many trials.
    public var trials: Int
    /// successes / trials (0 without trials).
    public var rate: Double { trials > 0 ? Double(successes) / Double(trials) : 0 }
    /// The lower end of the Wilson interval.
    public var low: Double
    /// The upper end of the Wilson interval.
    public var high: Double

    /// A proportion with its Wilson interval at `z` (1.96: 95%).
    public init(successes: Int, trials: Int, z: Double = 1.959963984540054) {
        self.successes = successes
        self.trials = trials
        guard trials > 0 else {
            low = 0
            high = 1
            return
        }
        let n = Double(trials), p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        // At 0 or all successes the interval ends exactly at 0 or 1 (not at rounding noise).
        low = successes == 0 ? 0 : max(0, centre - half)
        high = successes == trials ? 1 : min(1, centre + half)
    }
}

/// A correlation coefficient with its two-sided p-value.
public struct Correlation: Equatable, Sendable {
    /// The coefficient, in [-1, 1].
    public var coefficient: Double
    /// Its two-sided p-value.
    public var pValue: Double
    /// How many pairs.
    public var count: Int
}

/// Means, ranks and correlations, summed in a fixed order so results never depend on threads.
public enum Statistics {
    /// The mean (0 for no values).
    public static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count)
    }

    /// Sample standard deviation (n - 1 in the denominator).
    public static func sampleStd(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    /// Pearson's r with the p-value of the t test on n - 2 degrees of freedom.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Correlation {
        let n = min(x.count, y.count)
        guard n >= 3 else { return Correlation(coefficient: .nan, pValue: .nan, count: n) }
        let mx = mean(Array(x.prefix(n))), my = mean(Array(y.prefix(n)))
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        guard sxx > 0, syy > 0 else { return Correlation(coefficient: .nan, pValue: .nan, count: n) }
        let r = max(-1, min(1, sxy / (sxx * syy).squareRoot()))
        return Correlation(coefficient: r, pValue: correlationPValue(r, n), count: n)
    }

    /// Spearman's rank correlation: Pearson's r of the ranks (ties get their mean rank).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Correlation {
        let n = min(x.count, y.count)
        return pearson(ranks(Array(x.prefix(n))), ranks(Array(y.prefix(n))))
    }

    /// Ranks from 1, ties sharing their mean rank.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    static func correlationPValue(_ r: Double, _ n: Int) -> Double {
        if Swift.abs(r) >= 1 { return 0 }
        let df = Double(n - 2)
        let t = r * (df / (1 - r * r)).squareRoot()
        return studentTwoSidedP(t: t, degreesOfFreedom: df)
    }

    /// P(|T| > |t|) for Student's t: I_{df/(df+t^2)}(df/2, 1/2).
    public static func studentTwoSidedP(t: Double, degreesOfFreedom df: Double) -> Double {
        regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    }

    /// The 97.5% quantile of Student's t, found by bisection on the exact tail probability.
    public static func tQuantile975(degreesOfFreedom df: Int) -> Double {
        var low = 0.0, high = 1000.0
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if studentTwoSidedP(t: mid, degreesOfFreedom: Double(df)) > 0.05 { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// I_x(a, b) by Lentz's continued fraction (Numerical Recipes, betacf).
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if Swift.abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if Swift.abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
