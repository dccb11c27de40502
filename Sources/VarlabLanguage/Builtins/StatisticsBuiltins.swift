import VarlabCore

/// Correlations between columns of a table.
enum StatisticsBuiltins {
    static var all: [Builtin] {
        [
            correlation(
                "spearman", "Spearman's rank correlation (ties get mean ranks) with a two-sided p-value.",
                Statistics.spearman),
            correlation("pearson", "Pearson's correlation with a two-sided p-value (t test).", Statistics.pearson),
        ]
    }

    static let xs = BuiltinArgument.numbers("xs", "numbers")
    static let ys = BuiltinArgument.numbers("ys", "numbers, as many as xs")

    static func correlation(_ name: String, _ doc: String, _ f: @escaping @Sendable ([Double], [Double]) -> Correlation)
        -> Builtin
    {
        Builtin(
            name, topic: "statistics", doc, arguments: [xs, ys],
            example: "\(name)(t.v3, t.acc)", returns: CorrelationReport.schema.info
        ) { c in
            let xs = try c[Self.xs], ys = try c[Self.ys]
            guard xs.count == ys.count else {
                throw c.error("\(name): xs has \(xs.count) numbers but ys has \(ys.count)")
            }
            guard xs.count >= 3 else { throw c.error("\(name): needs at least 3 pairs, got \(xs.count)") }
            let r = f(xs, ys)
            guard r.coefficient.isFinite else { throw c.error("\(name): undefined when a column is constant") }
            return .result(CorrelationReport(correlation: r, method: name))
        }
    }
}
