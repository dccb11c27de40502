/// One labelled point drawn on a decision view; `predicted` is the net's sign there, when
/// a net is drawn, so misclassified points can be marked.
public struct LabelledPoint: Sendable, Equatable {
    public var x: Double, y: Double
    public var positive: Bool
    public var predicted: Bool?
    public init(x: Double, y: Double, positive: Bool, predicted: Bool? = nil) {
        self.x = x
        self.y = y
        self.positive = positive
        self.predicted = predicted
    }

    public var misclassified: Bool { predicted.map { $0 != positive } ?? false }
}

/// What a classifier does on the square: where f > 0 and f < 0, the f = 0 contour, and the
/// data. `values` is nil for a dataset on its own.
public struct DecisionPanel: Sendable, LabelledPanel {
    public var resolution: Int
    public var values: [Double]?
    public var name: String
    public var details: [PanelDetail]
    public var note: String?
    public var points: [LabelledPoint]

    public init(
        resolution: Int = 0, values: [Double]? = nil, name: String, details: [PanelDetail] = [], note: String? = nil,
        points: [LabelledPoint]
    ) {
        self.resolution = resolution
        self.values = values
        self.name = name
        self.details = details
        self.note = note
        self.points = points
    }

    /// The sign of f at a point of the square (nearest grid cell); nil without a net.
    public func positive(x: Double, y: Double) -> Bool? {
        guard let values, resolution > 0 else { return nil }
        let j = Int(((x + 1) / 2 * Double(resolution - 1)).rounded()),
            i = Int(((y + 1) / 2 * Double(resolution - 1)).rounded())
        let ci = min(max(i, 0), resolution - 1), cj = min(max(j, 0), resolution - 1)
        return values[ci * resolution + cj] > 0
    }

    public var misclassified: Int { points.filter(\.misclassified).count }
}

public struct DecisionFigure: Sendable {
    public var panels: [DecisionPanel]
    public var font: FontSize = .normal
    /// Said above the panels, in bold (`title:` of show and save).
    public var title: String?
    public init(panels: [DecisionPanel]) { self.panels = panels }
    public var labels: PanelLabels { PanelLabels(panels) }
}
