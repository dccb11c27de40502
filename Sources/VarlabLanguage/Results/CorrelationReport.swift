import VarlabCore

/// The result of spearman() and pearson().
public struct CorrelationReport: TypedResult {
    public var correlation: Correlation
    public var method: String

    public static let schema = Schema<CorrelationReport>(
        "correlation result",
        [
            .number("r", .real, "correlation coefficient") { $0.correlation.coefficient },
            .number("p", .real, "two-sided p-value") { $0.correlation.pValue },
            .number("n", .count, "number of pairs") { Double($0.correlation.count) },
            .text("method", "spearman or pearson", role: .setting) { $0.method },
        ])

    public var summary: String {
        let f = ValueFormatter.self
        return
            "\(method) r = \(String(format: "%.3f", correlation.coefficient)), p = "
            + "\(f.number(correlation.pValue)), n = \(correlation.count)"
    }
}
