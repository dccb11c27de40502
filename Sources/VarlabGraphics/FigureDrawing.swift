import Foundation

/// Lays out a figure once for every canvas: heat maps with captions and a colour bar,
/// charts with axes, ticks, labels, legend and error bars.
public enum FigureDrawing {
    public static func size(of figure: Figure) -> (width: Int, height: Int) {
        switch figure {
        case .heatmaps(let panels):
            let columns = min(panels.count, 4), rows = (panels.count + 3) / 4
            return (columns * (panelSize + gap) + gap + colourBarWidth, rows * (panelSize + captionHeight + gap) + gap + 10)
        case .chart:
            return (720, 460)
        }
    }

    static let panelSize = 256, gap = 24, captionHeight = 40, colourBarWidth = 90

    public static func draw(_ figure: Figure, on canvas: Canvas) {
        let (w, h) = size(of: figure)
        canvas.fillRect(x: 0, y: 0, width: Double(w), height: Double(h), color: .white)
        switch figure {
        case .heatmaps(let panels): drawHeatmaps(panels, on: canvas, width: w)
        case .chart(let chart): drawChart(chart, on: canvas, width: w, height: h)
        }
    }

    // MARK: heat maps

    /// Each panel is coloured on its own scale, ±max|f|: variability does not depend on
    /// the size of f, so neither do the pictures. A flat (collapsed) landscape shows as one
    /// uniform colour. With several panels the bar reads in units of each panel's max.
    static func drawHeatmaps(_ panels: [HeatmapPanel], on canvas: Canvas, width: Int) {
        for (index, panel) in panels.enumerated() {
            let x0 = Double(gap + (index % 4) * (panelSize + gap))
            let y0 = Double(gap + (index / 4) * (panelSize + captionHeight + gap))
            drawPanel(panel, bound: panel.symmetricBound, on: canvas, x0: x0, y0: y0)
            canvas.text(panel.caption, x: x0 + Double(panelSize) / 2, y: y0 + Double(panelSize) + 18, size: 12, anchor: .middle, color: .black)
            if panels.count > 1 {
                canvas.text("scale ±\(Ticks.label(panel.symmetricBound))", x: x0 + Double(panelSize) / 2, y: y0 + Double(panelSize) + 34,
                            size: 11, anchor: .middle, color: .grey)
            }
        }
        let single = panels.count == 1
        drawColourBar(bound: single ? panels[0].symmetricBound : 1, relative: !single, on: canvas,
                      x: Double(width - colourBarWidth + 16), y: Double(gap), height: Double(panelSize))
    }

    static func drawPanel(_ panel: HeatmapPanel, bound: Double, on canvas: Canvas, x0: Double, y0: Double) {
        let r = panel.resolution
        let cell = Double(panelSize) / Double(r)
        for i in 0..<r {
            for j in 0..<r {
                // Row i is y; y grows upwards, so the last row is drawn at the top.
                let y = y0 + Double(r - 1 - i) * cell
                canvas.fillRect(x: x0 + Double(j) * cell, y: y, width: cell + 0.02, height: cell + 0.02,
                                color: Palette.diverging(panel.values[i * r + j], bound: bound))
            }
        }
        for p in panel.points {
            let px = x0 + (p.x + 1) / 2 * Double(panelSize), py = y0 + (1 - p.y) / 2 * Double(panelSize)
            canvas.circle(x: px, y: py, radius: 2.4, fill: p.positive ? Palette.positive : Palette.negative,
                          stroke: p.positive ? Palette.negative : Palette.positive)
        }
        let frame = RGB.grey, s = Double(panelSize)
        canvas.line(x1: x0, y1: y0, x2: x0 + s, y2: y0, color: frame, width: 1)
        canvas.line(x1: x0, y1: y0 + s, x2: x0 + s, y2: y0 + s, color: frame, width: 1)
        canvas.line(x1: x0, y1: y0, x2: x0, y2: y0 + s, color: frame, width: 1)
        canvas.line(x1: x0 + s, y1: y0, x2: x0 + s, y2: y0 + s, color: frame, width: 1)
    }

    static func drawColourBar(bound: Double, relative: Bool, on canvas: Canvas, x: Double, y: Double, height: Double) {
        let steps = 64
        for k in 0..<steps {
            let v = bound * (1 - 2 * (Double(k) + 0.5) / Double(steps))
            canvas.fillRect(x: x, y: y + Double(k) * height / Double(steps), width: 14, height: height / Double(steps) + 0.02,
                            color: Palette.diverging(v, bound: bound))
        }
        for (v, ty) in [(bound, y), (0, y + height / 2), (-bound, y + height)] {
            canvas.line(x1: x + 14, y1: ty, x2: x + 18, y2: ty, color: .black, width: 1)
            let label = relative ? (v > 0 ? "+max" : (v < 0 ? "-max" : "0")) : Ticks.label(v)
            canvas.text(label, x: x + 21, y: ty + 4, size: 11, anchor: .start, color: .black)
        }
    }

    // MARK: charts

    static func drawChart(_ chart: Chart, on canvas: Canvas, width: Int, height: Int) {
        let left = 78.0, right = Double(width) - 150, top = 44.0, bottom = Double(height) - 58
        let b = chart.bounds
        let padY = (b.yHigh - b.yLow) * 0.05
        let y0 = b.yLow - padY, y1 = b.yHigh + padY
        func px(_ x: Double) -> Double { left + (chart.mapX(x) - b.xLow) / (b.xHigh - b.xLow) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (chart.mapY(y) - y0) / (y1 - y0) * (bottom - top) }
        canvas.text(chart.title, x: (left + right) / 2, y: 26, size: 15, anchor: .middle, color: .black)
        for t in (chart.logX ? Ticks.logarithmic(b.xLow, b.xHigh) : Ticks.nice(b.xLow, b.xHigh)) {
            let x = left + (t - b.xLow) / (b.xHigh - b.xLow) * (right - left)
            canvas.line(x1: x, y1: top, x2: x, y2: bottom, color: .lightGrey, width: 1)
            canvas.text(Ticks.label(t, log: chart.logX), x: x, y: bottom + 17, size: 11, anchor: .middle, color: .black)
        }
        for t in (chart.logY ? Ticks.logarithmic(y0, y1) : Ticks.nice(y0, y1)) {
            let y = bottom - (t - y0) / (y1 - y0) * (bottom - top)
            canvas.line(x1: left, y1: y, x2: right, y2: y, color: .lightGrey, width: 1)
            canvas.text(Ticks.label(t, log: chart.logY), x: left - 6, y: y + 4, size: 11, anchor: .end, color: .black)
        }
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, color: .black, width: 1.2)
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, color: .black, width: 1.2)
        canvas.text(chart.xLabel + (chart.logX ? " (log)" : ""), x: (left + right) / 2, y: Double(height) - 16, size: 13, anchor: .middle, color: .black)
        canvas.text(chart.yLabel + (chart.logY ? " (log)" : ""), x: 12, y: top - 14, size: 13, anchor: .start, color: .black)
        for (k, series) in chart.series.enumerated() {
            let color = RGB.series[k % RGB.series.count]
            let pts = series.points.filter { chart.mapX($0.x).isFinite && chart.mapY($0.y).isFinite }.sorted { $0.x < $1.x }
            for (a, c) in zip(pts, pts.dropFirst()) {
                canvas.line(x1: px(a.x), y1: py(a.y), x2: px(c.x), y2: py(c.y), color: color, width: 2)
            }
            for p in pts {
                if let lo = p.low, let hi = p.high, chart.mapY(lo).isFinite, chart.mapY(hi).isFinite {
                    canvas.line(x1: px(p.x), y1: py(lo), x2: px(p.x), y2: py(hi), color: color, width: 1.2)
                    canvas.line(x1: px(p.x) - 4, y1: py(lo), x2: px(p.x) + 4, y2: py(lo), color: color, width: 1.2)
                    canvas.line(x1: px(p.x) - 4, y1: py(hi), x2: px(p.x) + 4, y2: py(hi), color: color, width: 1.2)
                }
                canvas.circle(x: px(p.x), y: py(p.y), radius: 3.5, fill: color, stroke: .white)
            }
            let ly = top + 10 + Double(k) * 20
            canvas.line(x1: right + 16, y1: ly, x2: right + 40, y2: ly, color: color, width: 2)
            canvas.circle(x: right + 28, y: ly, radius: 3.5, fill: color, stroke: .white)
            canvas.text(series.name, x: right + 46, y: ly + 4, size: 12, anchor: .start, color: .black)
        }
    }
}
