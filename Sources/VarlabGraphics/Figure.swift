/// A picture as data: what to draw, not how. The SVG layout (FigureDrawing), the PNG
/// rasteriser (PNGRenderer, from that SVG) and the terminal renderers draw the same figures.
public enum Figure: Sendable {
    /// Landscapes side by side (nets, unit grids), with labels and a colour bar.
    case heatmaps(HeatmapFigure)
    /// Sign regions of trained nets with the f = 0 contour and labelled points, or a
    /// dataset's points alone.
    case decision(DecisionFigure)
    case chart(Chart)

    public var title: String? {
        switch self {
        case .heatmaps(let f): f.title ?? (f.panels.count == 1 ? f.panels[0].caption : nil)
        case .decision(let f): f.title ?? (f.panels.count == 1 ? f.panels[0].caption : nil)
        case .chart(let chart): chart.title
        }
    }
}

/// One fact about what a panel shows ("act" → "relu", "depth" → "L=16"). Facts that are the
/// same in every panel of a figure are said once above them; the rest label each panel.
public struct PanelDetail: Sendable, Equatable {
    public var key: String
    public var text: String
    public init(_ key: String, _ text: String) {
        self.key = key
        self.text = text
    }
}

/// A panel's words: its name, its facts and its own note, as PanelLabels splits them.
public protocol LabelledPanel {
    var name: String { get }
    var details: [PanelDetail] { get }
    var note: String? { get }
}

extension LabelledPanel {
    /// Name, details and note on one line: what a single panel's caption reads.
    public var caption: String {
        ([name] + details.map(\.text) + [note ?? ""]).filter { !$0.isEmpty }.joined(separator: "  ")
    }
}

/// The size of a figure's text: normal, large, or slides (for a projected figure shrunk to
/// a slide: a 4-panel strip's captions stay about 18 px once scaled to 1024 px wide).
public enum FontSize: String, CaseIterable, Sendable {
    case normal, large, slides

    public var scale: Double {
        switch self {
        case .normal: 1
        case .large: 1.4
        case .slides: 1.8
        }
    }
}

extension Figure {
    /// The same figure with its text at `font`.
    public func with(font: FontSize) -> Figure {
        edited({ $0.font = font }, { $0.font = font }, { $0.font = font })
    }

    /// The same figure with a title above it (a chart's replaces its own).
    public func with(title: String) -> Figure {
        edited({ $0.title = title }, { $0.title = title }, { $0.title = title })
    }

    /// The figure with one edit for each kind, whichever it is.
    private func edited(
        _ heatmaps: (inout HeatmapFigure) -> Void, _ decision: (inout DecisionFigure) -> Void,
        _ chart: (inout Chart) -> Void
    ) -> Figure {
        switch self {
        case .heatmaps(var f):
            heatmaps(&f)
            return .heatmaps(f)
        case .decision(var f):
            decision(&f)
            return .decision(f)
        case .chart(var c):
            chart(&c)
            return .chart(c)
        }
    }
}

/// How side-by-side landscapes are coloured: one scale for all (comparable sizes), each on
/// its own (comparable patterns), or each centred on its own mean and scaled to its own
/// range (pattern: a landscape riding on a large offset still shows its shape).
public enum ColourScale: String, CaseIterable, Sendable {
    case shared, each, pattern

    /// Whether each panel has a bound of its own.
    public var isPerPanel: Bool { self != .shared }
}
