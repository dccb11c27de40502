import VarlabCore

/// The result of spearman() and pearson(): the coefficient with its p-value and percentile
/// bootstrap interval, and with `given:` the partial coefficient (docs/measures.md,
/// "Correlations you can trust").
public struct CorrelationReport: TypedResult {
    /// The coefficient with its interval and, given a third variable, the partial one.
    public var estimate: CorrelationInterval

    /// "spearman" or "pearson".
    public var method: String { estimate.method.rawValue }

    /// Its fields, declared once.
    public static let schema = Schema<CorrelationReport>(
        "correlation result",
        [
            Field(
                "r", .real, "correlation coefficient, with a 95% percentile bootstrap interval over the pairs",
                uncertainty: .interval
            ) { r in
                .interval(r.estimate.correlation.coefficient, low: r.estimate.low, high: r.estimate.high)
            },
            .number("p", .real, "two-sided p-value (t test on n - 2 degrees of freedom)") {
                $0.estimate.correlation.pValue
            },
            .number("n", .count, "number of pairs") { Double($0.estimate.correlation.count) },
            Field(
                "partial_r", .real,
                "the coefficient given the third column (given:), with its bootstrap interval; nan when that column "
                    + "explains x or y completely",
                uncertainty: .interval
            ) { r in
                r.estimate.partial.map { .interval($0.coefficient, low: $0.low, high: $0.high) }
                    ?? .absent("no given: column")
            },
            .text("method", "spearman or pearson", role: .setting) { $0.method },
            .number("resamples", .count, "bootstrap resamples of the pairs", role: .setting) {
                Double($0.estimate.resamples)
            },
            .number("seed", .count, "seed of the resampling", role: .setting) { Double($0.estimate.seed) },
        ])

    /// The printed result, with its interval and how it was made.
    public var summary: String {
        let e = estimate
        var text =
            "\(method) r = \(Self.fixed(e.correlation.coefficient)) (95% bootstrap CI \(Self.fixed(e.low)) to "
            + "\(Self.fixed(e.high))), p = \(ValueFormatter.number(e.correlation.pValue)), n = \(e.correlation.count)"
        if let p = e.partial {
            text +=
                "; given the third column: partial r = \(Self.fixed(p.coefficient)) (\(Self.fixed(p.low)) to "
                + "\(Self.fixed(p.high)))"
        }
        return text + "\n  made with \(e.resamples) resamples of the pairs, seed \(e.seed)"
    }

    static func fixed(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "undefined" }
}
