/// Charts: a title band of its own, axis titles (the y title turned along the axis), tick
/// labels sized from the font's metrics, error bars, and a legend headed by the column the
/// lines split on, outside the plot. Nothing overlaps whatever the label lengths.
enum ChartDrawing {
    static let width = 960.0, height = 600.0, margin = 20.0

    static func draw(_ chart: Chart) -> SVGCanvas {
        let canvas = SVGCanvas(width: Int(width), height: Int(height))
        let T = FigureDrawing.Text(chart.font)
        let b = chart.bounds
        let padY = (b.yHigh - b.yLow) * 0.05, padX = (b.xHigh - b.xLow) * 0.03
        let x0 = b.xLow - padX, x1 = b.xHigh + padX, y0 = b.yLow - padY, y1 = b.yHigh + padY
        let xTicks = chart.logX ? Ticks.logarithmic(x0, x1) : Ticks.nice(x0, x1)
        let yTicks = chart.logY ? Ticks.logarithmic(y0, y1) : Ticks.nice(y0, y1)
        let xLabels = Ticks.labels(xTicks, log: chart.logX), yLabels = Ticks.labels(yTicks, log: chart.logY)
        let yTickWidth = yLabels.map { TextMetrics.width($0, size: T.tick) }.max() ?? 0
        let legendWidth = legendSize(chart)
        let notes =
            chart.footnote.map { TextMetrics.wrap($0, size: T.note, width: width - 2 * margin, maxLines: 3) } ?? []
        let top = margin + T.title + T.line(24)
        let bottom = height - margin - Double(notes.count) * T.line(20) - T.axisTitle - T.tick - T.line(30)
        // A y title longer than the axis wraps onto a second line beside it (on slides
        // "v3: mean V3 over random nets" had been cut to "v3: mean V3 over…").
        let yTitleLines = TextMetrics.wrap(
            chart.yLabel + (chart.logY ? " (log scale)" : ""), size: T.axisTitle, width: bottom - top, maxLines: 2)
        let yTitleWidth = Double(yTitleLines.count) * T.axisTitle + Double(yTitleLines.count - 1) * T.line(6)
        let left = margin + yTitleWidth + T.line(14) + yTickWidth + 10
        let right = width - margin - (legendWidth > 0 ? legendWidth + 24 : 0)
        func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (right - left) }
        func py(_ v: Double) -> Double { bottom - (v - y0) / (y1 - y0) * (bottom - top) }

        canvas.text(
            TextMetrics.fit(chart.title, size: T.title, width: width - 2 * margin, bold: true), x: width / 2,
            y: margin + T.title,
            size: T.title, anchor: .middle, bold: true)
        for (t, label) in zip(xTicks, xLabels) {
            canvas.line(x1: px(t), y1: top, x2: px(t), y2: bottom, color: .lightGrey, width: 1)
            canvas.text(label, x: px(t), y: bottom + T.tick + T.line(8), size: T.tick, anchor: .middle)
        }
        for (t, label) in zip(yTicks, yLabels) {
            canvas.line(x1: left, y1: py(t), x2: right, y2: py(t), color: .lightGrey, width: 1)
            canvas.text(label, x: left - 8, y: py(t) + T.line(5), size: T.tick, anchor: .end)
        }
        canvas.rect(
            x: left, y: top, width: right - left, height: bottom - top, fill: nil, stroke: .black, strokeWidth: 1.2)
        let xTitle = chart.xLabel + (chart.logX ? " (log scale)" : "")
        canvas.text(
            TextMetrics.fit(xTitle, size: T.axisTitle, width: right - left), x: (left + right) / 2,
            y: bottom + T.tick + T.line(14) + T.axisTitle + T.line(8),
            size: T.axisTitle, anchor: .middle)
        for (k, line) in yTitleLines.enumerated() {
            canvas.text(
                line, x: margin + T.axisTitle + Double(k) * (T.axisTitle + T.line(6)), y: (top + bottom) / 2,
                size: T.axisTitle, anchor: .middle, rotated: true)
        }
        for (k, line) in notes.enumerated() {
            canvas.text(
                line, x: margin, y: height - margin - Double(notes.count - 1 - k) * T.line(20), size: T.note,
                color: .darkGrey)
        }
        for (k, series) in chart.series.enumerated() {
            drawSeries(
                series, color: RGB.series[k % RGB.series.count], chart: chart, on: canvas, px: { px(chart.mapX($0)) },
                py: { py(chart.mapY($0)) })
        }
        if legendWidth > 0 { drawLegend(chart, on: canvas, x: right + 24, y: top) }
        return canvas
    }

    static func drawSeries(
        _ series: Chart.Series, color: RGB, chart: Chart, on canvas: SVGCanvas,
        px: (Double) -> Double, py: (Double) -> Double
    ) {
        let pts = series.points.filter { chart.mapX($0.x).isFinite && chart.mapY($0.y).isFinite }.sorted { $0.x < $1.x }
        canvas.polyline(pts.map { (px($0.x), py($0.y)) }, color: color, width: 2.4)
        for p in pts {
            if let lo = p.low, let hi = p.high, chart.mapY(lo).isFinite, chart.mapY(hi).isFinite {
                canvas.line(x1: px(p.x), y1: py(lo), x2: px(p.x), y2: py(hi), color: color, width: 1.5)
                canvas.line(x1: px(p.x) - 5, y1: py(lo), x2: px(p.x) + 5, y2: py(lo), color: color, width: 1.5)
                canvas.line(x1: px(p.x) - 5, y1: py(hi), x2: px(p.x) + 5, y2: py(hi), color: color, width: 1.5)
            }
            canvas.circle(x: px(p.x), y: py(p.y), radius: 4.5, fill: color, stroke: .white, strokeWidth: 1.2)
        }
    }

    /// The legend's width; 0 (no legend) for a single unnamed line.
    static func legendSize(_ chart: Chart) -> Double {
        guard chart.series.count > 1 || chart.legendTitle != nil else { return 0 }
        let T = FigureDrawing.Text(chart.font)
        let names = chart.series.map { 44 + TextMetrics.width($0.name, size: T.label) }.max() ?? 0
        let title = TextMetrics.width(chart.legendTitle ?? "", size: T.label, bold: true)
        return min(T.line(260), max(names, title + 4))
    }

    static func drawLegend(_ chart: Chart, on canvas: SVGCanvas, x: Double, y: Double) {
        let T = FigureDrawing.Text(chart.font), room = legendSize(chart)
        var ly = y + T.label
        if let title = chart.legendTitle {
            canvas.text(
                TextMetrics.fit(title, size: T.label, width: room, bold: true), x: x, y: ly, size: T.label, bold: true)
            ly += T.line(26)
        }
        for (k, series) in chart.series.enumerated() {
            let color = RGB.series[k % RGB.series.count]
            canvas.line(x1: x, y1: ly - 5, x2: x + 28, y2: ly - 5, color: color, width: 2.4)
            canvas.circle(x: x + 14, y: ly - 5, radius: 4.5, fill: color, stroke: .white, strokeWidth: 1.2)
            canvas.text(TextMetrics.fit(series.name, size: T.label, width: room - 40), x: x + 38, y: ly, size: T.label)
            ly += T.line(24)
        }
    }
}
