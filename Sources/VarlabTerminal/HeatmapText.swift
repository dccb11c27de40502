import VarlabGraphics

/// Heat maps in the terminal: two pixels per character cell with the upper-half block
/// (foreground = top pixel, background = bottom pixel), a diverging palette centred at 0,
/// one colour bar, what the panels share on one line and each panel's own label under it.
/// Plain mode prints ASCII shades instead, diverging too: heavy round marks for negative,
/// blank at zero, heavy square marks for positive, so a flat landscape is a solid block,
/// never an empty one.
public enum HeatmapText {
    static let shades = Array("@Oo=- .:+*#")

    /// Panels side by side, as many per row as `terminalWidth` allows; grids of many units
    /// get small panels.
    public static func render(_ figure: HeatmapFigure, mode: ColorMode, terminalWidth: Int) -> String {
        let panels = figure.drawn
        guard !panels.isEmpty else { return "" }
        let single = panels.count == 1
        let largest = single ? 48 : (panels.count <= 4 ? 32 : 16)
        let size = max(10, min(largest, (terminalWidth - 4) / (single ? 1 : 2) - 2))
        let perRow = max(1, min(panels.count, (terminalWidth - 2) / (size + 2)))
        // A row with one panel may label it across the whole terminal.
        let labelWidth = perRow == 1 ? max(size, terminalWidth - 1) : size
        let labels = figure.labels, bounds = figure.bounds
        var out: [String] = []
        if let title = figure.title { out.append(ANSI(mode: mode).bold(title)) }
        if !labels.common.isEmpty { out.append(labels.common) }
        for start in stride(from: 0, to: panels.count, by: perRow) {
            let indices = Array(start..<min(panels.count, start + perRow))
            let blocks = indices.map { block(panels[$0], size: size, bound: bounds[$0], mode: mode) }
            for line in 0..<(blocks.first?.count ?? 0) {
                out.append(blocks.map { $0[line] }.joined(separator: "  "))
            }
            // Labels and notes wrap at spaces onto a second line rather than being cut.
            let own = indices.map { words(labels.own[$0], width: labelWidth) }
            let notes = indices.map { words(figure.drawnNote($0), width: labelWidth) }
            for column in [own, notes] {
                for line in 0..<(column.map(\.count).max() ?? 1) {
                    out.append(column.map { pad(line < $0.count ? $0[line] : "", size) }.joined(separator: "  "))
                }
            }
        }
        let relative = figure.scale == .pattern || (figure.scale == .each && !single)
        out.append(
            colourBar(
                bound: bounds[0], relative: relative, centred: figure.scale == .pattern, ansi: ANSI(mode: mode),
                grid: panels[0].resolution, width: terminalWidth))
        return out.joined(separator: "\n")
    }

    /// `text` broken at spaces into at most `maxLines` lines of `width` characters, the last
    /// one cut with "…" if the text runs on (never empty: a blank text is one blank line).
    static func words(_ text: String, width: Int, maxLines: Int = 2) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty || current.count + 1 + word.count <= width {
                current += (current.isEmpty ? "" : " ") + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines - 1)) + [lines[(maxLines - 1)...].joined(separator: " ")]
        }
        return lines.map { $0.count > width ? String($0.prefix(max(0, width - 1))) + "…" : $0 }
    }

    /// Items after a lead, joined by ", " and broken into lines of at most `width` characters
    /// (continuation lines indented under the first item).
    static func wrapped(_ lead: String, _ items: [String], width: Int) -> String {
        var lines: [String] = [], line = lead
        for (i, item) in items.enumerated() {
            let piece = item + (i == items.count - 1 ? "" : ",")
            if line.count > lead.count, line.count + 1 + piece.count > width {
                lines.append(line)
                line = String(repeating: " ", count: lead.count) + piece
            } else {
                line += (line.count > lead.count ? " " : "") + piece
            }
        }
        return (lines + [line]).joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// The colour at display pixel (px, py) of a size x size image; py = 0 is the top.
    static func colour(_ panel: HeatmapPanel, px: Int, py: Int, size: Int, bound: Double) -> (UInt8, UInt8, UInt8) {
        let x = -1 + 2 * (Double(px) + 0.5) / Double(size), y = 1 - 2 * (Double(py) + 0.5) / Double(size)
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
                    let t = bound == 0 ? 0.5 : (panel.value(x: x, y: y) / bound + 1) / 2
                    guard t.isFinite else {
                        line.append("?")
                        continue
                    }
                    line.append(shades[min(shades.count - 1, max(0, Int(t * Double(shades.count))))])
                }
                lines.append(line)
            }
            return marked(lines, panel.marks, size: size, plain: true)
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
        return marked(lines, panel.marks, size: size, plain: false)
    }

    /// The marks' labels (their first character) written over the cells where they fall.
    static func marked(_ lines: [String], _ marks: [PanelMark], size: Int, plain: Bool) -> [String] {
        guard !marks.isEmpty else { return lines }
        var rows = lines
        for mark in marks {
            let px = min(size - 1, max(0, Int((mark.x + 1) / 2 * Double(size)))),
                row = min(
                    rows.count - 1, max(0, Int((1 - mark.y) / 2 * Double(size) / 2)))
            let symbol = String(mark.label.first ?? "*")
            if plain {
                var chars = Array(rows[row])
                if px < chars.count { chars[px] = Character(symbol) }
                rows[row] = String(chars)
            } else {
                // A colour row is one "▀" cell per pixel, each behind its escape codes.
                var cells = rows[row].components(separatedBy: "▀")
                if px < cells.count - 1 {
                    cells[px] += "\u{1B}[0m\u{1B}[1m"
                    rows[row] = cells.enumerated().map { i, c in
                        i == px ? c + symbol : (i == cells.count - 1 ? c : c + "▀")
                    }.joined()
                }
            }
        }
        return rows
    }

    static func colourBar(
        bound: Double, relative: Bool, centred: Bool = false, ansi: ANSI, grid: Int, width: Int = 80
    ) -> String {
        let low = relative ? "-max" : Ticks.label(-bound), high = relative ? "+max" : Ticks.label(bound)
        let note =
            centred
            ? "each picture's pattern: its mean ± its own max, "
            : (relative ? "each picture on its own scale ±max, " : "")
        let label = "(\(note)grid \(grid)x\(grid) over [-1,1]²)"
        if ansi.mode == .plain {
            // Each shade with where its band starts, so a printed page can be read back.
            let starts = shades.indices.map { k -> String in
                let fraction = 2 * Double(k) / Double(shades.count) - 1
                let from = Ticks.label(relative ? fraction : fraction * bound)
                return "\(shades[k] == " " ? "' '" : String(shades[k])) \(from)"
            }
            return "\(low) \(String(shades)) \(high)   \(label)\n"
                + wrapped(relative ? "shades from (x each picture's max): " : "shades from: ", starts, width: width)
        }
        var bar = ""
        for k in 0..<24 {
            let c = Palette.diverging(bound * (2 * (Double(k) + 0.5) / 24 - 1), bound: bound)
            bar += ansi.background((c.r, c.g, c.b)) + " "
        }
        return low + " " + bar + ANSI.reset + " " + high + "   " + label
    }
}
