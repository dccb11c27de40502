/// Landscapes side by side: what they share said once on top, each panel's own label and
/// note under it, and one colour bar.
enum HeatmapDrawing {
    static let margin = 24.0, gap = 28.0

    static func panelSize(_ count: Int) -> Double {
        count == 1 ? 360 : (count <= 4 ? 280 : (count <= 8 ? 220 : 150))
    }

    static func draw(_ figure: HeatmapFigure) -> SVGCanvas {
        let panels = figure.drawn, labels = figure.labels, bounds = figure.bounds, T = FigureDrawing.Text(figure.font)
        let (columns, rows) = FigureDrawing.grid(panels.count)
        let size = panelSize(panels.count), barWidth = T.line(120)
        let width = margin + Double(columns) * (size + gap) + barWidth
        // A long title wraps onto a second line rather than being cut.
        let titleLines =
            figure.title.map {
                TextMetrics.wrap($0, size: T.title, width: width - 2 * margin, maxLines: 2, bold: true)
            } ?? []
        let header = (titleLines + [labels.common]).filter { !$0.isEmpty }
        let top = margin + Double(header.count) * T.line(26)
        // A panel's own label wraps onto a second line rather than being cut (the room
        // below every panel grows by a line when any label needs it).
        let room = size + gap / 2
        let wrapped = labels.own.map { TextMetrics.wrap($0, size: T.label, width: room, maxLines: 2) }
        let labelLines = Double(wrapped.map(\.count).max() ?? 1)
        let notes = panels.indices.map { index in
            TextMetrics.wrap(figure.drawnNote(index), size: T.note, width: room, maxLines: 2)
        }
        let noteLines = Double(notes.map(\.count).max() ?? 1)
        let cellHeight = size + T.line(52) + (labelLines - 1) * T.line(20) + (noteLines - 1) * T.line(18)
        let height = top + Double(rows) * cellHeight + margin
        let canvas = SVGCanvas(width: Int(width.rounded(.up)), height: Int(height.rounded(.up)))
        for (k, line) in header.enumerated() {
            let isTitle = k < titleLines.count, size = isTitle ? T.title : T.label
            canvas.text(
                TextMetrics.fit(line, size: size, width: width - 2 * margin, bold: isTitle),
                x: margin, y: margin + T.line(14) + Double(k) * T.line(26), size: size, bold: isTitle)
        }
        for (index, panel) in panels.enumerated() {
            let x = margin + Double(index % columns) * (size + gap), y = top + Double(index / columns) * cellHeight
            canvas.image(cells(panel, bound: bounds[index]), x: x, y: y, width: size, height: size)
            FigureDrawing.frame(canvas, x: x, y: y, size: size)
            drawMarks(panel.marks, on: canvas, x: x, y: y, size: size, text: T)
            for (k, line) in (wrapped[index]).enumerated() {
                canvas.text(line, x: x, y: y + size + T.line(20) + Double(k) * T.line(20), size: T.label)
            }
            for (k, line) in notes[index].enumerated() {
                canvas.text(
                    line, x: x, y: y + size + T.line(40) + (labelLines - 1) * T.line(20) + Double(k) * T.line(18),
                    size: T.note, color: .darkGrey)
            }
        }
        let relative = figure.scale == .pattern || (figure.scale == .each && panels.count > 1)
        ColourBar.draw(
            on: canvas, bound: bounds.first ?? 0, relative: relative, centred: figure.scale == .pattern, text: T,
            x: width - barWidth + 8, y: top, height: min(size, 280))
        return canvas
    }

    /// Each mark as a ringed dot (white and black, visible on any colour) with its label
    /// beside it, inside the panel.
    static func drawMarks(
        _ marks: [PanelMark], on canvas: SVGCanvas, x: Double, y: Double, size: Double, text T: FigureDrawing.Text
    ) {
        for mark in marks {
            let px = x + (mark.x + 1) / 2 * size, py = y + (1 - mark.y) / 2 * size
            canvas.circle(x: px, y: py, radius: 6, fill: .white, stroke: .black, strokeWidth: 2)
            canvas.circle(x: px, y: py, radius: 2.5, fill: .black)
            let right = px + 9 + TextMetrics.width(mark.label, size: T.label) <= x + size
            let labelX = right ? px + 9 : px - 9 - TextMetrics.width(mark.label, size: T.label)
            canvas.text(mark.label, x: labelX, y: py + T.label * 0.35, size: T.label, bold: true)
        }
    }

    /// One pixel per grid cell, row i = y drawn bottom-up.
    static func cells(_ panel: HeatmapPanel, bound: Double) -> PixelImage {
        let r = max(1, panel.resolution)
        var image = PixelImage(width: r, height: r)
        for i in 0..<r where (i + 1) * r <= panel.values.count {
            for j in 0..<r { image[j, r - 1 - i] = Palette.diverging(panel.values[i * r + j], bound: bound) }
        }
        return image
    }
}

/// The diverging palette's key: ±bound, or ±max when each panel has its own scale.
enum ColourBar {
    /// `centred`: the panels are drawn about their own means (the pattern scale).
    static func draw(
        on canvas: SVGCanvas, bound: Double, relative: Bool, centred: Bool = false, text T: FigureDrawing.Text,
        x: Double, y: Double, height: Double
    ) {
        let steps = 64
        var strip = PixelImage(width: 1, height: steps)
        for k in 0..<steps { strip[0, k] = Palette.diverging(1 - 2 * (Double(k) + 0.5) / Double(steps), bound: 1) }
        canvas.image(strip, x: x, y: y, width: 18, height: height)
        canvas.rect(x: x, y: y, width: 18, height: height, fill: nil, stroke: .grey)
        for (v, ty) in [(1.0, y), (0, y + height / 2), (-1.0, y + height)] {
            canvas.line(x1: x + 18, y1: ty, x2: x + 23, y2: ty, color: .black, width: 1)
            let label =
                relative ? (v > 0 ? "+max" : (v < 0 ? "−max" : (centred ? "mean" : "0"))) : Ticks.label(v * bound)
            canvas.text(label, x: x + 26, y: ty + T.line(5), size: T.tick)
        }
        if relative {
            canvas.text(
                centred ? "pattern" : "own scale", x: x, y: y + height + T.line(24), size: T.note, color: .darkGrey)
        }
    }
}
