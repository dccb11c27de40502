import Foundation

/// A square field of values on [-1, 1]^2: values[i * resolution + j], row i is y (bottom
/// row first, as in the landscape), column j is x.
public struct HeatmapPanel: Sendable, LabelledPanel {
    public var resolution: Int
    public var values: [Double]
    /// What the panel is ("unit 3"); may be empty when the details say it all.
    public var name: String
    public var details: [PanelDetail]
    /// Always shown under this panel (its own measure: "V3 0.0279").
    public var note: String?
    /// Points marked on the panel (a plane's three points), each with its label.
    public var marks: [PanelMark] = []

    public init(resolution: Int, values: [Double], name: String = "", details: [PanelDetail] = [], note: String? = nil)
    {
        self.resolution = resolution
        self.values = values
        self.name = name
        self.details = details
        self.note = note
    }

    public var range: (low: Double, high: Double) {
        let finite = values.filter(\.isFinite)
        return (finite.min() ?? 0, finite.max() ?? 0)
    }

    /// The mean of the finite values.
    public var mean: Double {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? 0 : finite.reduce(0, +) / Double(finite.count)
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

/// A labelled point on a panel, at (x, y) in [-1, 1]^2.
public struct PanelMark: Sendable, Equatable {
    /// Where, in the panel's coordinates.
    public var x: Double, y: Double
    /// Its label ("3", "a").
    public var label: String

    /// A mark at (x, y) with its label.
    public init(x: Double, y: Double, label: String) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// Landscapes side by side, on one colour scale unless asked otherwise.
public struct HeatmapFigure: Sendable {
    public var panels: [HeatmapPanel]
    public var scale: ColourScale
    public var title: String?
    public var font: FontSize = .normal

    public init(panels: [HeatmapPanel], scale: ColourScale = .shared, title: String? = nil) {
        self.panels = panels
        self.scale = scale
        self.title = title
    }

    /// The panels as drawn: under the pattern scale each is centred on its own mean.
    public var drawn: [HeatmapPanel] {
        guard scale == .pattern else { return panels }
        return panels.map { p in
            var centred = p
            let mean = p.mean
            centred.values = p.values.map { $0 - mean }
            return centred
        }
    }

    /// The colour bound of each drawn panel: the largest |f| of all panels when shared.
    public var bounds: [Double] {
        switch scale {
        case .each, .pattern: return drawn.map(\.symmetricBound)
        case .shared:
            let top = panels.map(\.symmetricBound).max() ?? 0
            return panels.map { _ in top }
        }
    }

    /// What a panel's own note adds about its scale: "±0.3", or "f = 0.52 ± 0.01" (its mean
    /// and range) under the pattern scale; nothing on a shared scale.
    public func scaleNote(_ index: Int) -> String {
        switch scale {
        case .shared: return ""
        case .each: return "±" + Ticks.label(bounds[index])
        case .pattern: return "f = " + Ticks.label(panels[index].mean) + " ± " + Ticks.label(bounds[index])
        }
    }

    /// The note under panel `index` as drawn: its own note, then its scale where panels have
    /// scales of their own (a single panel's "each" scale is the colour bar's).
    public func drawnNote(_ index: Int) -> String {
        let note = panels[index].note ?? ""
        guard scale == .pattern || (scale == .each && panels.count > 1) else { return note }
        return note + (note.isEmpty ? "" : "  ") + scaleNote(index)
    }

    public var labels: PanelLabels { PanelLabels(panels) }
}
