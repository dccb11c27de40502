import Foundation

/// A line chart with optional error bars: one series per value of a `by` column.
public struct Chart: Sendable {
    public var font: FontSize = .normal
    public struct Point: Sendable, Equatable {
        public var x: Double, y: Double
        public var low: Double?, high: Double?
        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// The legend's heading: the column the series split on.
    public var legendTitle: String?
    public var series: [Series]
    public var logX: Bool
    public var logY: Bool
    /// How the data were made, printed small under the chart.
    public var footnote: String?

    public init(
        title: String, xLabel: String, yLabel: String, legendTitle: String? = nil, series: [Series],
        logX: Bool = false, logY: Bool = false, footnote: String? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.legendTitle = legendTitle
        self.series = series
        self.logX = logX
        self.logY = logY
        self.footnote = footnote
    }

    /// The data's extent including error bars, widened when flat; log axes use log10.
    public var bounds: (xLow: Double, xHigh: Double, yLow: Double, yHigh: Double) {
        let pts = series.flatMap(\.points)
        let xs = pts.map { mapX($0.x) }.filter(\.isFinite)
        let ys = pts.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y].map(mapY) }.filter(\.isFinite)
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1, y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if x1 - x0 < 1e-12 {
            x0 -= 1
            x1 += 1
        }
        if y1 - y0 < 1e-12 {
            let pad = max(Swift.abs(y0) * 0.1, 1e-3)
            y0 -= pad
            y1 += pad
        }
        return (x0, x1, y0, y1)
    }

    public func mapX(_ x: Double) -> Double { logX ? (x > 0 ? log10(x) : .nan) : x }
    public func mapY(_ y: Double) -> Double { logY ? (y > 0 ? log10(y) : .nan) : y }
}
