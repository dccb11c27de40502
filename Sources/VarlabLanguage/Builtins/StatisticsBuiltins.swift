import VarlabCore

/// Correlations between columns of a table, with bootstrap intervals and partial coefficients.
enum StatisticsBuiltins {
    static var all: [Builtin] {
        [
            correlation(
                .spearman,
                "Spearman's rank correlation (ties get mean ranks) with a two-sided p-value, a 95% percentile "
                    + "bootstrap interval over the pairs (r_low, r_high), and with given: the partial rank "
                    + "correlation controlling for a third column (partial_r, partial_r_low, partial_r_high)."),
            correlation(
                .pearson,
                "Pearson's correlation with a two-sided p-value (t test), a 95% percentile bootstrap interval, and "
                    + "with given: the partial correlation controlling for a third column."),
        ]
    }

    static let xs = BuiltinArgument.numbers("xs", "numbers")
    static let ys = BuiltinArgument.numbers("ys", "numbers, as many as xs")
    static let given = BuiltinArgument.optionalNumbers(
        "given", "numbers, as many as xs: a column to control for (depth, say)")
    static let resamples = BuiltinArgument.integer(
        "resamples", default: CorrelationInterval.defaultResamples, in: 200...100_000,
        "bootstrap resamples of the pairs")
    static let seed = BuiltinArgument.seed("seed of the bootstrap's resampling")

    static func correlation(_ method: CorrelationInterval.Method, _ doc: String) -> Builtin {
        let name = method.rawValue
        return Builtin(
            name, topic: .statistics, doc, arguments: [xs, ys, given, resamples, seed],
            example: "\(name)(t.v3, t.acc)\n\(name)(t.v3, t.acc, given: t.depth)",
            returns: CorrelationReport.schema.info
        ) { c in
            let xs = try c[Self.xs], ys = try c[Self.ys], zs = try c[Self.given]
            guard xs.count == ys.count else {
                throw c.error("\(name): xs has \(xs.count) numbers but ys has \(ys.count)")
            }
            if let zs, zs.count != xs.count {
                throw c.argumentError(Self.given, "has \(zs.count) numbers but xs has \(xs.count)")
            }
            guard xs.count >= 3 else { throw c.error("\(name): needs at least 3 pairs, got \(xs.count)") }
            try MeasureBuiltins.checkWork(c, flops: Double(try c[Self.resamples]) * Double(xs.count) * 40)
            let estimate = CorrelationInterval(
                method, xs, ys, given: zs, resamples: try c[Self.resamples], seed: try c[Self.seed])
            guard estimate.correlation.coefficient.isFinite else {
                throw c.error("\(name): undefined when a column is constant")
            }
            return .result(CorrelationReport(estimate: estimate))
        }
    }
}
