import VarlabGraphics

/// Decision views in the terminal, one character cell per spot of the square (cells are
/// twice as tall as wide, so `size` columns by `size / 2` rows is square): the sign region
/// as a pale background, the f = 0 line as dark cells, and points as glyphs in their
/// label's colour, misclassified ones as crosses. Plain mode uses characters only.
public enum DecisionText {
    /// `maxLines` bounds the height of one row of panels (a watched run fits its terminal).
    public static func render(_ figure: DecisionFigure, mode: ColorMode, terminalWidth: Int, maxLines: Int? = nil)
        -> String
    {
        let panels = figure.panels
        guard !panels.isEmpty else { return "" }
        let single = panels.count == 1
        var size = max(16, min(single ? 60 : 36, (terminalWidth - 4) / (single ? 1 : 2) - 2))
        if let maxLines { size = max(12, min(size, 2 * (maxLines - 4))) }
        let perRow = max(1, min(panels.count, (terminalWidth - 2) / (size + 2)))
        // A row with one panel may label it across the whole terminal.
        let labelWidth = perRow == 1 ? max(size, terminalWidth - 1) : size
        let labels = figure.labels
        var out: [String] = []
        if !labels.common.isEmpty { out.append(labels.common) }
        for start in stride(from: 0, to: panels.count, by: perRow) {
            let indices = Array(start..<min(panels.count, start + perRow))
            let blocks = indices.map { block(panels[$0], size: size, mode: mode) }
            for line in 0..<(blocks.first?.count ?? 0) { out.append(blocks.map { $0[line] }.joined(separator: "  ")) }
            out.append(
                indices.map { HeatmapText.pad(String(labels.own[$0].prefix(labelWidth)), size) }.joined(separator: "  ")
            )
            out.append(
                indices.map { HeatmapText.pad(String((panels[$0].note ?? "").prefix(labelWidth)), size) }.joined(
                    separator: "  "))
        }
        out.append(legend(mode: mode, withNet: panels.contains { $0.values != nil }))
        return out.joined(separator: "\n")
    }

    enum Cell: Equatable { case positive, negative, boundary, blank }

    /// The region of each cell: its sign at the centre, or the boundary where a neighbour's
    /// sign differs.
    static func regions(_ panel: DecisionPanel, size: Int) -> [[Cell]] {
        let rows = size / 2
        func centre(_ r: Int, _ c: Int) -> (Double, Double) {
            (-1 + 2 * (Double(c) + 0.5) / Double(size), 1 - 2 * (Double(r) + 0.5) / Double(rows))
        }
        let sign: [[Bool?]] = (0..<rows).map { r in
            (0..<size).map { c in
                let (x, y) = centre(r, c)
                return panel.positive(x: x, y: y)
            }
        }
        return (0..<rows).map { r in
            (0..<size).map { c in
                guard let s = sign[r][c] else { return .blank }
                let neighbours = [(r + 1, c), (r, c + 1)].filter { $0.0 < rows && $0.1 < size }
                if neighbours.contains(where: { sign[$0.0][$0.1] != s }) { return .boundary }
                return s ? .positive : .negative
            }
        }
    }

    static func block(_ panel: DecisionPanel, size: Int, mode: ColorMode) -> [String] {
        let rows = size / 2
        let cells = regions(panel, size: size)
        // The point shown in each cell: a mistake wins over a correct one.
        // At most one point in five cells, so the regions stay readable; mistakes all show.
        var marks = [[LabelledPoint?]](repeating: [LabelledPoint?](repeating: nil, count: size), count: rows)
        let cap = max(1, size * rows / 5), step = max(1, (panel.points.count + cap - 1) / cap)
        for (k, p) in panel.points.enumerated() where k % step == 0 || p.misclassified {
            let c = min(size - 1, max(0, Int((p.x + 1) / 2 * Double(size)))),
                r = min(rows - 1, max(0, Int((1 - p.y) / 2 * Double(rows))))
            if marks[r][c] == nil || p.misclassified { marks[r][c] = p }
        }
        let ansi = ANSI(mode: mode)
        return (0..<rows).map { r in
            var line = ""
            for c in 0..<size {
                let region = cells[r][c], mark = marks[r][c]
                if mode == .plain {
                    if let m = mark {
                        line += m.misclassified ? "X" : (m.positive ? "+" : "o")
                        continue
                    }
                    line += region == .boundary ? "#" : (region == .negative ? "." : " ")
                    continue
                }
                let bg = background(region)
                if let m = mark {
                    let fg = m.positive ? Palette.positivePoint : Palette.negativePoint
                    let symbol = m.misclassified ? "✕" : "●"
                    line += ansi.background(bg) + ansi.foreground((fg.r, fg.g, fg.b)) + symbol
                } else {
                    line += ansi.background(bg) + " "
                }
            }
            return mode == .plain ? line : line + ANSI.reset
        }
    }

    static func background(_ region: Cell) -> (UInt8, UInt8, UInt8) {
        switch region {
        case .positive: (Palette.positiveRegion.r, Palette.positiveRegion.g, Palette.positiveRegion.b)
        case .negative: (Palette.negativeRegion.r, Palette.negativeRegion.g, Palette.negativeRegion.b)
        case .boundary: (40, 40, 40)
        case .blank: (245, 245, 245)
        }
    }

    static func legend(mode: ColorMode, withNet: Bool) -> String {
        if mode == .plain {
            return "+ label +1   o label -1" + (withNet ? "   X misclassified   (blank) f > 0   . f < 0   # f = 0" : "")
        }
        let ansi = ANSI(mode: mode)
        func glyph(_ c: RGB, _ s: String) -> String { ansi.foreground((c.r, c.g, c.b)) + s + ANSI.reset }
        func swatch(_ region: Cell) -> String { ansi.background(background(region)) + "  " + ANSI.reset }
        var s = glyph(Palette.positivePoint, "●") + " label +1   " + glyph(Palette.negativePoint, "●") + " label -1"
        if withNet {
            s +=
                "   ✕ misclassified   " + swatch(.positive) + " f > 0   " + swatch(.negative) + " f < 0   "
                + swatch(.boundary) + " f = 0"
        }
        return s
    }
}
