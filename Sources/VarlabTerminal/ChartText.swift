import Foundation
import VarlabGraphics

/// Charts in the terminal, drawn with braille dots (2 x 4 per character cell): axes with
/// ticks, one coloured line per series, error bars, and a legend.
public enum ChartText {
    public static func render(_ chart: Chart, mode: ColorMode, terminalWidth: Int, plotRows: Int = 14) -> String {
        let labelWidth = 9
        let cols = max(20, min(72, terminalWidth - labelWidth - 2)), rows = max(3, plotRows)
        let w = cols * 2, h = rows * 4
        var dots = [[UInt8]](repeating: [UInt8](repeating: 0, count: cols), count: rows)
        var owner = [[Int]](repeating: [Int](repeating: -1, count: cols), count: rows)
        let b = chart.bounds
        let padY = (b.yHigh - b.yLow) * 0.05
        let y0 = b.yLow - padY, y1 = b.yHigh + padY
        // Off-canvas (or non-finite) positions become -1 and are skipped by plot().
        func index(_ v: Double) -> Int { v.isFinite ? Int(max(-1, min(100_000, v.rounded()))) : -1 }
        func dx(_ x: Double) -> Int { index((chart.mapX(x) - b.xLow) / (b.xHigh - b.xLow) * Double(w - 1)) }
        func dy(_ y: Double) -> Int { index((y1 - chart.mapY(y)) / (y1 - y0) * Double(h - 1)) }
        func plot(_ x: Int, _ y: Int, _ series: Int) {
            guard x >= 0, y >= 0, x < w, y < h else { return }
            let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
            dots[y / 4][x / 2] |= bits[y % 4][x % 2]
            owner[y / 4][x / 2] = series
        }
        // Without colour (NO_COLOR, the projector setting) series differ as monochrome charts
        // do: each its own dash pattern, and its own marker at every point.
        let monochrome = mode == .plain && chart.series.count > 1
        var marks = [[Int]](repeating: [Int](repeating: -1, count: cols), count: rows)
        for (k, series) in chart.series.enumerated() {
            let pts = series.points.filter { chart.mapX($0.x).isFinite && chart.mapY($0.y).isFinite }.sorted {
                $0.x < $1.x
            }
            let (on, off) = monochrome ? ChartText.dashes[k % ChartText.dashes.count] : (1, 0)
            var travelled = 0
            for (a, c) in zip(pts, pts.dropFirst()) {
                let (xa, ya, xc, yc) = (dx(a.x), dy(a.y), dx(c.x), dy(c.y))
                guard min(xa, ya, xc, yc) >= 0 else { continue }
                let steps = max(abs(xc - xa), abs(yc - ya), 1)
                for s in 0...steps where travelled + s < 0 || (travelled + s) % (on + off) < on {
                    plot(xa + (xc - xa) * s / steps, ya + (yc - ya) * s / steps, k)
                }
                travelled += steps
            }
            if monochrome {
                for p in pts where dx(p.x) >= 0 && dy(p.y) >= 0 && dx(p.x) < w && dy(p.y) < h {
                    marks[dy(p.y) / 4][dx(p.x) / 2] = k
                }
            }
            for p in pts {
                if let lo = p.low, let hi = p.high, chart.mapY(lo).isFinite, chart.mapY(hi).isFinite {
                    for y in min(dy(lo), dy(hi))...max(dy(lo), dy(hi)) { plot(dx(p.x), y, k) }
                }
                for (ox, oy) in [(0, 0), (1, 0), (0, 1), (1, 1), (-1, 0), (0, -1)] {
                    plot(dx(p.x) + ox, dy(p.y) + oy, k)
                }
            }
        }
        let ansi = ANSI(mode: mode)
        let colours = RGB.series.map { ($0.r, $0.g, $0.b) }
        let yTicks = chart.logY ? Ticks.logarithmic(y0, y1) : Ticks.nice(y0, y1, count: 4)
        var tickRow: [Int: String] = [:]
        for (t, label) in zip(yTicks, Ticks.labels(yTicks, log: chart.logY)) {
            tickRow[index((y1 - t) / (y1 - y0) * Double(h - 1)) / 4] = label
        }
        var lines = [ansi.bold(chart.title)]
        for r in 0..<rows {
            let tick = tickRow[r] ?? ""
            var line = String(repeating: " ", count: max(0, labelWidth - tick.count)) + tick + " ┤"
            for c in 0..<cols {
                var ch = dots[r][c] == 0 ? " " : String(UnicodeScalar(0x2800 + UInt32(dots[r][c]))!)
                if marks[r][c] >= 0 { ch = ChartText.markers[marks[r][c] % ChartText.markers.count] }
                if dots[r][c] != 0, owner[r][c] >= 0, mode != .plain {
                    line += ansi.foreground(colours[owner[r][c] % colours.count]) + ch + ANSI.reset
                } else {
                    line += ch
                }
            }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: cols))
        var axis = [Character](repeating: " ", count: cols + 2)
        let xTicks = chart.logX ? Ticks.logarithmic(b.xLow, b.xHigh) : Ticks.nice(b.xLow, b.xHigh, count: 5)
        for (t, text) in zip(xTicks, Ticks.labels(xTicks, log: chart.logX)) {
            let label = Array(text)
            let at = index((t - b.xLow) / (b.xHigh - b.xLow) * Double(cols - 1)) - label.count / 2 + 2
            if at >= 0, at + label.count <= axis.count,
                axis[max(0, at - 1)..<min(axis.count, at + label.count + 1)].allSatisfy({ $0 == " " })
            {
                for (i, ch) in label.enumerated() { axis[at + i] = ch }
            }
        }
        lines.append(
            String(repeating: " ", count: labelWidth) + String(axis) + "  " + chart.xLabel
                + (chart.logX ? " (log)" : ""))
        let legend = chart.series.enumerated().map { k, s in
            if monochrome { return ChartText.sample(k) + " " + s.name }
            return (mode == .plain ? "" : ansi.foreground(colours[k % colours.count])) + "━━ " + s.name
                + (mode == .plain ? "" : ANSI.reset)
        }
        let heading = chart.legendTitle.map { "   \($0): " } ?? ":  "
        lines.append(
            String(repeating: " ", count: labelWidth) + "  y: " + chart.yLabel + (chart.logY ? " (log)" : "") + heading
                + legend.joined(separator: "   "))
        if let note = chart.footnote {
            lines.append(String(repeating: " ", count: labelWidth) + "  " + ansi.dim("(\(note))"))
        }
        return lines.joined(separator: "\n")
    }

    /// Point markers and dash patterns (dots on, dots off) of series 1, 2, ... without colour.
    static let markers = ["o", "+", "x", "*", "#", "@"]
    static let dashes = [(1, 0), (4, 3), (1, 2), (7, 2), (2, 3), (3, 1)]

    /// A series' key in the legend: its marker on a stretch of line in its dash style.
    static let legendLines = ["━━", "╍╍", "┅┅", "┉┉", "╌╌", "┄┄"]
    static func sample(_ k: Int) -> String {
        let line = legendLines[k % legendLines.count]
        return line + markers[k % markers.count] + line
    }
}
