import Foundation

/// A picture as data: what to draw, not how. The terminal renderer and the SVG/PNG writers
/// draw the same figures.
public enum Figure: Sendable {
    /// Heat maps side by side, with captions (landscapes, decision landscapes).
    case heatmaps([HeatmapPanel])
    case chart(Chart)

    public var title: String? {
        switch self {
        case .heatmaps(let panels): panels.count == 1 ? panels[0].caption : nil
        case .chart(let chart): chart.title
        }
    }
}

/// One labelled point drawn over a heat map (a dataset on a decision landscape).
public struct LabelledPoint: Sendable, Equatable {
    public var x: Double, y: Double
    public var positive: Bool
    public init(x: Double, y: Double, positive: Bool) {
        self.x = x
        self.y = y
        self.positive = positive
    }
}

/// A square field of values on [-1, 1]^2: values[i * resolution + j], row i is y (bottom
/// row first, as in the landscape), column j is x.
public struct HeatmapPanel: Sendable {
    public var resolution: Int
    public var values: [Double]
    public var caption: String
    public var points: [LabelledPoint]

    public init(resolution: Int, values: [Double], caption: String, points: [LabelledPoint] = []) {
        self.resolution = resolution
        self.values = values
        self.caption = caption
        self.points = points
    }

    public var range: (low: Double, high: Double) {
        let finite = values.filter(\.isFinite)
        return (finite.min() ?? 0, finite.max() ?? 0)
    }

    /// The symmetric range of a diverging palette centred at 0.
    public var symmetricBound: Double {
        let r = range
        return max(Swift.abs(r.low), Swift.abs(r.high))
    }

    /// The value at a point of the square, nearest grid cell.
    public func value(x: Double, y: Double) -> Double {
        let j = Int(((x + 1) / 2 * Double(resolution - 1)).rounded())
        let i = Int(((y + 1) / 2 * Double(resolution - 1)).rounded())
        let ci = min(max(i, 0), resolution - 1), cj = min(max(j, 0), resolution - 1)
        return values[ci * resolution + cj]
    }
}

/// A line/scatter chart with optional error bars.
public struct Chart: Sendable {
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
    public var series: [Series]
    public var logX: Bool
    public var logY: Bool

    public init(title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool = false, logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logX = logX
        self.logY = logY
    }

    /// The data's extent including error bars, widened when flat; log axes use log10.
    public var bounds: (xLow: Double, xHigh: Double, yLow: Double, yHigh: Double) {
        let pts = series.flatMap(\.points)
        let xs = pts.map { mapX($0.x) }.filter(\.isFinite)
        let ys = pts.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y].map(mapY) }.filter(\.isFinite)
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1, y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if x1 - x0 < 1e-12 { x0 -= 1; x1 += 1 }
        if y1 - y0 < 1e-12 { let pad = max(Swift.abs(y0) * 0.1, 1e-3); y0 -= pad; y1 += pad }
        return (x0, x1, y0, y1)
    }

    public func mapX(_ x: Double) -> Double { logX ? (x > 0 ? log10(x) : .nan) : x }
    public func mapY(_ y: Double) -> Double { logY ? (y > 0 ? log10(y) : .nan) : y }
}
