/// Decision views: pale sign regions, the f = 0 contour in black, data points in the two
/// label colours, misclassified ones ringed. No colour bar: only the sign matters.
enum DecisionDrawing {
    static let margin = 24.0, gap = 28.0

    static func draw(_ figure: DecisionFigure) -> SVGCanvas {
        let panels = figure.panels, labels = figure.labels, T = FigureDrawing.Text(figure.font)
        let (columns, rows) = FigureDrawing.grid(panels.count)
        let size = panels.count == 1 ? 400.0 : (panels.count <= 4 ? 300 : 220)
        let header = [figure.title, labels.common].compactMap { $0 }.filter { !$0.isEmpty }
        let top = margin + Double(header.count) * T.line(26)
        // Captions and notes wrap onto a second line rather than being cut, and stop short
        // of the next panel (two captions had run together on slides).
        let room = size + gap / 2
        let captions = labels.own.map { TextMetrics.wrap($0, size: T.label, width: room, maxLines: 2) }
        let notes = panels.map { TextMetrics.wrap($0.note ?? "", size: T.note, width: room, maxLines: 2) }
        let captionLines = Double(captions.map(\.count).max() ?? 1), noteLines = Double(notes.map(\.count).max() ?? 1)
        let cellHeight = size + T.line(52) + (captionLines - 1) * T.line(20) + (noteLines - 1) * T.line(18)
        let withNet = panels.contains { $0.values != nil }
        let width = max(margin + Double(columns) * (size + gap), legendWidth(withNet: withNet, text: T) + 2 * margin)
        let height = top + Double(rows) * cellHeight + T.line(40) + margin
        let canvas = SVGCanvas(width: Int(width.rounded(.up)), height: Int(height.rounded(.up)))
        for (k, line) in header.enumerated() {
            let bold = k == 0 && figure.title != nil
            canvas.text(
                TextMetrics.fit(line, size: bold ? T.title : T.label, width: width - 2 * margin, bold: bold), x: margin,
                y: margin + T.line(14) + Double(k) * T.line(26), size: bold ? T.title : T.label, bold: bold)
        }
        // The panels are centred under the legend when it is the wider (a single panel had
        // sat at the left of the figure).
        let panelsWidth = Double(columns) * (size + gap) - gap
        let left = max(margin, (width - panelsWidth) / 2)
        for (index, panel) in panels.enumerated() {
            let x = left + Double(index % columns) * (size + gap), y = top + Double(index / columns) * cellHeight
            drawPanel(panel, on: canvas, x: x, y: y, size: size)
            for (k, line) in captions[index].enumerated() {
                canvas.text(line, x: x, y: y + size + T.line(20) + Double(k) * T.line(20), size: T.label)
            }
            let notesTop = y + size + T.line(40) + (captionLines - 1) * T.line(20)
            for (k, line) in notes[index].enumerated() {
                canvas.text(line, x: x, y: notesTop + Double(k) * T.line(18), size: T.note, color: .darkGrey)
            }
        }
        legend(
            on: canvas, x: max(margin, (width - legendWidth(withNet: withNet, text: T)) / 2),
            y: height - margin - T.line(8), withNet: withNet, text: T)
        return canvas
    }

    static func drawPanel(_ panel: DecisionPanel, on canvas: SVGCanvas, x: Double, y: Double, size: Double) {
        if let values = panel.values, panel.resolution >= 2 {
            let r = panel.resolution
            var image = PixelImage(width: r, height: r)
            for i in 0..<r {
                for j in 0..<r {
                    image[j, r - 1 - i] = values[i * r + j] > 0 ? Palette.positiveRegion : Palette.negativeRegion
                }
            }
            canvas.image(image, x: x, y: y, width: size, height: size)
            let segments = Contour.zero(values: values, resolution: r).map {
                (
                    x + ($0.x1 + 1) / 2 * size, y + (1 - $0.y1) / 2 * size, x + ($0.x2 + 1) / 2 * size,
                    y + (1 - $0.y2) / 2 * size
                )
            }
            canvas.segments(segments, color: .black, width: 2.2)
        } else {
            canvas.rect(x: x, y: y, width: size, height: size, fill: RGB(250, 250, 250))
        }
        // Correct points first, so the ringed mistakes are drawn on top.
        for p in panel.points.sorted(by: { !$0.misclassified && $1.misclassified }) {
            let px = x + (p.x + 1) / 2 * size, py = y + (1 - p.y) / 2 * size
            canvas.circle(
                x: px, y: py, radius: 3.6, fill: p.positive ? Palette.positivePoint : Palette.negativePoint,
                stroke: .white, strokeWidth: 0.8)
            if p.misclassified { canvas.circle(x: px, y: py, radius: 6.5, fill: nil, stroke: .black, strokeWidth: 1.6) }
        }
        FigureDrawing.frame(canvas, x: x, y: y, size: size)
    }

    static let legendTexts = ["label +1", "label −1"], netLegendTexts = ["f > 0", "f < 0", "f = 0", "misclassified"]

    static func legendWidth(withNet: Bool, text T: FigureDrawing.Text) -> Double {
        (legendTexts + (withNet ? netLegendTexts : [])).map { T.line(42) + TextMetrics.width($0, size: T.note) }.reduce(
            0, +)
    }

    static func legend(on canvas: SVGCanvas, x: Double, y: Double, withNet: Bool, text T: FigureDrawing.Text) {
        var cx = x
        func entry(_ text: String, _ draw: (Double) -> Void) {
            draw(cx)
            canvas.text(text, x: cx + T.line(20), y: y + T.line(5), size: T.note)
            cx += T.line(20) + TextMetrics.width(text, size: T.note) + T.line(22)
        }
        entry(legendTexts[0]) { canvas.circle(x: $0 + 7, y: y, radius: 5, fill: Palette.positivePoint) }
        entry(legendTexts[1]) { canvas.circle(x: $0 + 7, y: y, radius: 5, fill: Palette.negativePoint) }
        guard withNet else { return }
        entry("f > 0") {
            canvas.rect(x: $0, y: y - 7, width: 14, height: 14, fill: Palette.positiveRegion, stroke: .grey)
        }
        entry("f < 0") {
            canvas.rect(x: $0, y: y - 7, width: 14, height: 14, fill: Palette.negativeRegion, stroke: .grey)
        }
        entry("f = 0") { canvas.line(x1: $0, y1: y, x2: $0 + 14, y2: y, color: .black, width: 2.2) }
        entry("misclassified") {
            canvas.circle(x: $0 + 7, y: y, radius: 6, fill: nil, stroke: .black, strokeWidth: 1.6)
        }
    }
}
