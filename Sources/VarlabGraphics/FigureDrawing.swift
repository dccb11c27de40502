/// Lays out a figure once, as SVG: sizes, text sizes and the split into heat maps, decision
/// views and charts. Text is never under 14 px at the default size, so a PNG at its own
/// width reads on a projector.
public enum FigureDrawing {
    public enum TextSize {
        public static let title = 20.0, axisTitle = 17.0, label = 15.0, tick = 14.0, note = 14.0
    }

    /// The text sizes of one figure, and the text-bound distances (a line's height, the gap
    /// under a panel) scaled with them, so larger text never overlaps.
    struct Text {
        let scale: Double
        var title: Double { TextSize.title * scale }
        var axisTitle: Double { TextSize.axisTitle * scale }
        var label: Double { TextSize.label * scale }
        var tick: Double { TextSize.tick * scale }
        var note: Double { TextSize.note * scale }
        func line(_ d: Double) -> Double { d * scale }
        init(_ font: FontSize) { scale = font.scale }
    }

    public static func canvas(for figure: Figure) -> SVGCanvas {
        switch figure {
        case .heatmaps(let f): HeatmapDrawing.draw(f)
        case .decision(let f): DecisionDrawing.draw(f)
        case .chart(let c): ChartDrawing.draw(c)
        }
    }

    /// The pixel size of a figure's SVG (and of its PNG at the default width).
    public static func size(of figure: Figure) -> (width: Int, height: Int) {
        let c = canvas(for: figure)
        return (c.width, c.height)
    }

    /// Rows and columns of `count` panels: up to 4 across, 8 for grids of many small ones.
    static func grid(_ count: Int) -> (columns: Int, rows: Int) {
        let columns = count <= 4 ? max(1, count) : (count <= 8 ? 4 : min(8, count))
        return (columns, (count + columns - 1) / columns)
    }

    /// The thin grey frame around a panel's square.
    static func frame(_ canvas: SVGCanvas, x: Double, y: Double, size: Double) {
        canvas.rect(x: x, y: y, width: size, height: size, fill: nil, stroke: .grey, strokeWidth: 1)
    }
}
