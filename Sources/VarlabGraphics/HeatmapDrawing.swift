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
        let header = [figure.title, labels.common].compactMap { $0 }.filter { !$0.isEmpty }
        let top = margin + Double(header.count) * T.line(26)
        let cellHeight = size + T.line(52)
        let width = margin + Double(columns) * (size + gap) + barWidth
        let height = top + Double(rows) * cellHeight + margin
        let canvas = SVGCanvas(width: Int(width.rounded(.up)), height: Int(height.rounded(.up)))
        for (k, line) in header.enumerated() {
            canvas.text(
                TextMetrics.fit(line, size: T.title, width: width - 2 * margin, bold: k == 0),
                x: margin, y: margin + T.line(14) + Double(k) * T.line(26), size: k == 0 ? T.title : T.label,
                bold: k == 0 && figure.title != nil)
        }
        for (index, panel) in panels.enumerated() {
            let x = margin + Double(index % columns) * (size + gap), y = top + Double(index / columns) * cellHeight
            canvas.image(cells(panel, bound: bounds[index]), x: x, y: y, width: size, height: size)
            FigureDrawing.frame(canvas, x: x, y: y, size: size)
            let own = labels.own[index], room = size + gap - 6
            canvas.text(TextMetrics.fit(own, size: T.label, width: room), x: x, y: y + size + T.line(20), size: T.label)
            var note = panel.note ?? ""
            if figure.scale == .pattern || (figure.scale == .each && panels.count > 1) {
                note += (note.isEmpty ? "" : "  ") + figure.scaleNote(index)
            }
            canvas.text(
                TextMetrics.fit(note, size: T.note, width: room), x: x, y: y + size + T.line(40),
                size: T.note, color: .darkGrey)
        }
        let relative = figure.scale == .pattern || (figure.scale == .each && panels.count > 1)
        ColourBar.draw(
            on: canvas, bound: bounds.first ?? 0, relative: relative, centred: figure.scale == .pattern, text: T,
            x: width - barWidth + 8, y: top, height: min(size, 280))
        return canvas
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
