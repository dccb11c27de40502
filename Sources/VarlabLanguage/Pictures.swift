import VarlabCore
import VarlabGraphics

/// What values look like: the figure of a landscape, a net, a list of them, a dataset or a
/// trained net. show(), save() and every host (terminal, notebook) draw through here, so a
/// value has one picture wherever it is seen.
public enum Pictures {
    /// The facts about a net that label its picture; equal ones are said once per figure.
    public static func details(of n: NetValue) -> [PanelDetail] {
        let act =
            n.spec?.activation.description
            ?? Set(n.net.hidden.map(\.activation.description)).sorted().joined(separator: "/")
        var facts = [
            PanelDetail("act", act), PanelDetail("depth", "L=\(n.net.depth)"),
            PanelDetail("width", "n=\(Architecture.widthText(n.net.hidden.map(\.outputs)))"),
        ]
        if let spec = n.spec {
            facts += [
                PanelDetail("init", "init \(spec.initScheme.rawValue)"),
                PanelDetail("bias", "bias \(ValueFormatter.number(spec.biasStd))"),
            ]
        }
        if n.net.branch != nil { facts.append(PanelDetail("residual", "residual")) }
        if n.origin == .trained { facts.append(PanelDetail("trained", "trained")) }
        return facts
    }

    /// Pictures that need no computation: what a host draws when it echoes a value.
    public static func immediate(_ value: Value) -> Figure? {
        switch value {
        case .figure(let f): return f
        case .landscape(let l): return .heatmaps(HeatmapFigure(panels: [panel(l)]))
        case .dataset(let d) where d.dataset.dimension == 2: return .decision(DecisionFigure(panels: [panel(d)]))
        case .list(let items) where !items.isEmpty && items.count <= maximumPanels:
            // Landscapes side by side, as show() draws them (it had echoed "[landscape(...), ...]").
            let panels = items.compactMap { item -> HeatmapPanel? in
                if case .landscape(let l) = item { return panel(l) } else { return nil }
            }
            return panels.count == items.count ? .heatmaps(HeatmapFigure(panels: panels)) : nil
        default: return nil
        }
    }

    /// The picture of any value that has one (nets are drawn on landscape()'s grid, so the V3
    /// under a picture is the one landscape() reports); nil when it has none.
    static func figure(
        for value: Value, c: CallContext, grid: Int, scale: ColourScale, pick: MemberPick = .first
    ) throws -> Figure? {
        if let f = immediate(value) {
            guard case .heatmaps(var h) = f else { return f }
            h.scale = scale
            return .heatmaps(h)
        }
        try checkTwoDimensional(value, c: c)
        switch value {
        case .net(let n):
            return .heatmaps(HeatmapFigure(panels: [try netPanel(n, grid: grid, pick: pick, c: c)], scale: scale))
        case .result(let r as TrainingReport):
            return .decision(DecisionFigure(panels: [try panel(r, grid: grid, c: c)]))
        case .list(let items) where !items.isEmpty:
            return try list(items, c: c, grid: grid, scale: scale, pick: pick)
        default:
            return nil
        }
    }

    static let maximumPanels = 256

    /// A list: trained nets and datasets as decision views, anything else (landscapes, nets,
    /// sweep rows) as landscapes side by side.
    static func list(_ items: [Value], c: CallContext, grid: Int, scale: ColourScale, pick: MemberPick) throws -> Figure
    {
        guard items.count <= maximumPanels else {
            throw c.error("\(c.builtin.name): at most \(maximumPanels) pictures at once, got \(items.count)")
        }
        if items.allSatisfy({
            if case .result(_ as TrainingReport) = $0 { true } else if case .dataset = $0 { true } else { false }
        }) {
            return .decision(
                DecisionFigure(
                    panels: try items.map { item in
                        if case .dataset(let d) = item { return panel(d) }
                        guard case .result(let r as TrainingReport) = item else {
                            throw c.error("\(c.builtin.name): cannot draw a \(item.typeName)")
                        }
                        return try panel(r, grid: grid, c: c)
                    }))
        }
        let panels = try items.map { item -> HeatmapPanel in
            switch item {
            case .landscape(let l): return panel(l)
            case .net, .record:
                let (_, nets) = try MeasureBuiltins.rows(c, .list([item]), argument: FigureBuiltins.shown)
                return try netPanel(nets[0], grid: grid, pick: pick, c: c)
            default:
                throw c.argumentError(
                    FigureBuiltins.shown,
                    "is a list with a \(item.typeName) in it; pictures are made of landscapes, nets, rows of "
                        + "sweep(), trained nets or datasets"
                )
            }
        }
        return .heatmaps(HeatmapFigure(panels: panels, scale: scale))
    }

    /// A net's panel: the member `pick` chooses, its caption saying which.
    static func netPanel(_ n: NetValue, grid: Int, pick: MemberPick, c: CallContext) throws -> HeatmapPanel {
        let (member, note) = pick.member(of: n, grid: grid)
        var drawn = panel(try MeasureBuiltins.landscape(of: member, grid: grid, c: c))
        if let note { drawn.note = (drawn.note.map { $0 + "  " } ?? "") + "(\(note))" }
        return drawn
    }

    /// Side-by-side panels whose sizes differ so much that one shared scale leaves some pale
    /// (a panel's largest |f| under a third of the figure's) are drawn each on its own scale
    /// unless the call asked for one; the note says so.
    /// (A flat panel is not pale: no scale would show it anything.)
    static func paleUnderSharedScale(_ panels: [HeatmapPanel]) -> Int {
        let bounds = panels.map(\.symmetricBound), shared = bounds.max() ?? 0
        return shared > 0 ? bounds.filter { $0 > 0 && $0 < shared / 3 }.count : 0
    }

    /// A strip of nets or sweep rows (members of different families), where sizes differ by
    /// design; a list of landscapes, such as one layer's units, is compared on one scale.
    static func drawsSeveralNets(_ value: Value) -> Bool {
        guard case .list(let items) = value else { return false }
        return items.contains {
            switch $0 {
            case .net, .record: true
            default: false
            }
        }
    }

    static func panel(_ l: LandscapeValue) -> HeatmapPanel {
        let flat = l.landscape.maximum == l.landscape.minimum
        var panel = HeatmapPanel(
            resolution: l.landscape.resolution, values: l.landscape.values, name: l.name, details: l.details,
            note: flat
                ? "flat at \(ValueFormatter.number(l.landscape.maximum))" : "V3 \(ValueFormatter.number(l.measures.v3))"
        )
        panel.marks = l.markedPoints.map { PanelMark(x: $0.x, y: $0.y, label: $0.label) }
        return panel
    }

    /// Points and decision views are pictures of the square: data of more features has none.
    static func checkTwoDimensional(_ value: Value, c: CallContext) throws {
        let data: DatasetValue?
        switch value {
        case .dataset(let d): data = d
        case .result(let r as TrainingReport): data = r.data
        case .list(let items):
            for item in items { try checkTwoDimensional(item, c: c) }
            return
        default: data = nil
        }
        if let d = data?.dataset, d.dimension != 2 {
            throw c.error(
                "\(c.builtin.name): '\(d.name)' has \(d.dimension) features; pictures of points and decisions "
                    + "are of 2-D data "
                    + "(a net's landscape on a plane through its inputs is drawn: show(landscape(net)))")
        }
    }

    static func panel(_ d: DatasetValue) -> DecisionPanel {
        DecisionPanel(
            name: d.dataset.name, note: "\(d.dataset.train.count) training points",
            points: LabelledPoint.sample(d.dataset.train, limit: 1500))
    }

    /// A trained net's decision view over its test points, each marked with the net's sign.
    static func panel(_ r: TrainingReport, grid: Int, c: CallContext) throws -> DecisionPanel {
        let l = try MeasureBuiltins.landscape(of: r.net, grid: grid, c: c)
        let test = r.data.dataset.test
        let outputs = Training.outputs(r.net.net, test)
        let points = LabelledPoint.sample(test, limit: 600, outputs: outputs)
        // The counts match the accuracy: every test point's, then what the picture draws (it
        // had said "16 of 589 points wrong" beside an accuracy over 10000).
        let wrong = (0..<test.count).filter { (outputs[$0] > 0) != (test.labels[$0] > 0) }.count
        let drawn =
            points.count == test.count
            ? "" : "; \(points.count) drawn, \(points.filter(\.misclassified).count) of them wrong"
        return DecisionPanel(
            resolution: l.landscape.resolution, values: l.landscape.values, name: r.data.dataset.name,
            details: details(of: r.net).filter { $0.key != "trained" },
            note: "test acc \(ValueFormatter.number(r.result.testAccuracy)): \(wrong) of \(test.count) wrong\(drawn)",
            points: points)
    }
}
