import VarlabGraphics

/// Heat maps in the terminal: two pixels per character cell with the upper-half block
/// (foreground = top pixel, background = bottom pixel), a diverging palette centred at 0,
/// a colour bar, and captions. Plain mode prints ASCII shades instead, diverging too:
/// heavy round marks for negative, blank at zero, heavy square marks for positive, so a
/// flat landscape is a solid block, never an empty one.
public enum HeatmapText {
    static let shades = Array("@Oo=- .:+*#")

    /// Panels side by side, as many per row as `terminalWidth` allows.
    public static func render(_ panels: [HeatmapPanel], mode: ColorMode, terminalWidth: Int) -> String {
        guard !panels.isEmpty else { return "" }
        // Each panel on its own scale (see FigureDrawing): patterns, not sizes, compare.
        let single = panels.count == 1
        let size = max(12, min(single ? 48 : 32, (terminalWidth - 4) / (single ? 1 : 2) - 2))
        let perRow = max(1, min(panels.count, (terminalWidth - 2) / (size + 2)))
        var out: [String] = []
        let ansi = ANSI(mode: mode)
        for start in stride(from: 0, to: panels.count, by: perRow) {
            let group = Array(panels[start..<min(panels.count, start + perRow)])
            let blocks = group.map { block($0, size: size, bound: $0.symmetricBound, mode: mode) }
            for line in 0..<(blocks.first?.count ?? 0) {
                out.append(blocks.map { $0[line] }.joined(separator: "  "))
            }
            out.append(group.map { pad(String($0.caption.prefix(size)), size) }.joined(separator: "  "))
            if !single { out.append(group.map { pad("±" + Ticks.label($0.symmetricBound), size) }.joined(separator: "  ")) }
            out.append("")
        }
        if panels.allSatisfy({ $0.symmetricBound == 0 && !$0.points.isEmpty }) {
            out.append(mode == .plain ? "points: + label +1, o label -1" : "points: yellow label +1, green label -1")
        } else {
            out.append(colourBar(bound: single ? panels[0].symmetricBound : 1, relative: !single, ansi: ansi, grid: panels[0].resolution))
        }
        return out.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// The colour at display pixel (px, py) of a size x size image; py = 0 is the top.
    static func colour(_ panel: HeatmapPanel, px: Int, py: Int, size: Int, bound: Double) -> (UInt8, UInt8, UInt8) {
        let x = -1 + 2 * (Double(px) + 0.5) / Double(size), y = 1 - 2 * (Double(py) + 0.5) / Double(size)
        let halfCell = 1 / Double(size)
        if let p = panel.points.first(where: { Swift.abs($0.x - x) <= halfCell && Swift.abs($0.y - y) <= halfCell }) {
            return p.positive ? (255, 200, 0) : (0, 170, 90)
        }
        let c = Palette.diverging(panel.value(x: x, y: y), bound: bound)
        return (c.r, c.g, c.b)
    }

    static func block(_ panel: HeatmapPanel, size: Int, bound: Double, mode: ColorMode) -> [String] {
        let ansi = ANSI(mode: mode)
        var lines: [String] = []
        if mode == .plain {
            // One character per pixel across, every other pixel row: cells are twice as tall.
            for py in stride(from: 0, to: size, by: 2) {
                var line = ""
                for px in 0..<size {
                    let x = -1 + 2 * (Double(px) + 0.5) / Double(size), y = 1 - 2 * (Double(py) + 1) / Double(size)
                    let halfCell = 1 / Double(size)
                    if let p = panel.points.first(where: { Swift.abs($0.x - x) <= halfCell && Swift.abs($0.y - y) <= 2 * halfCell }) {
                        line.append(p.positive ? "+" : "o")
                        continue
                    }
                    if bound == 0 {  // a flat field (or a dataset's blank one): background only
                        line.append(panel.points.isEmpty ? "=" : " ")
                        continue
                    }
                    let v = panel.value(x: x, y: y)
                    let t = (v / bound + 1) / 2
                    guard t.isFinite else { line.append("?"); continue }
                    line.append(shades[min(shades.count - 1, max(0, Int(t * Double(shades.count))))])
                }
                lines.append(line)
            }
            return lines
        }
        for py in stride(from: 0, to: size, by: 2) {
            var line = ""
            for px in 0..<size {
                let top = colour(panel, px: px, py: py, size: size, bound: bound)
                let bottom = colour(panel, px: px, py: py + 1, size: size, bound: bound)
                line += ansi.foreground(top) + ansi.background(bottom) + "▀"
            }
            lines.append(line + ANSI.reset)
        }
        return lines
    }

    static func colourBar(bound: Double, relative: Bool, ansi: ANSI, grid: Int) -> String {
        let low = relative ? "-max" : Ticks.label(-bound), high = relative ? "+max" : Ticks.label(bound)
        let note = relative ? "each picture on its own scale ±max, " : ""
        let label = "(\(note)grid \(grid)x\(grid) over [-1,1]²)"
        if ansi.mode == .plain { return "\(low) \(String(shades)) \(high)   \(label)" }
        var bar = ""
        for k in 0..<24 {
            let c = Palette.diverging(bound * (2 * (Double(k) + 0.5) / 24 - 1), bound: bound)
            bar += ansi.background((c.r, c.g, c.b)) + " "
        }
        return low + " " + bar + ANSI.reset + " " + high + "   " + label
    }
}
