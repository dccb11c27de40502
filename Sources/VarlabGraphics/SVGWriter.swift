/// Figures as SVG documents (valid XML; text is escaped).
public enum SVGWriter {
    public static func svg(_ figure: Figure) -> String {
        let (w, h) = FigureDrawing.size(of: figure)
        let canvas = SVGCanvas()
        FigureDrawing.draw(figure, on: canvas)
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" font-family="Helvetica, Arial, sans-serif">
        \(canvas.body)</svg>

        """
    }
}

final class SVGCanvas: Canvas {
    var body = ""

    func fillRect(x: Double, y: Double, width: Double, height: Double, color: RGB) {
        body += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(color.hex)\"/>\n"
    }

    func line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, width: Double) {
        body += "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color.hex)\" stroke-width=\"\(f(width))\"/>\n"
    }

    func circle(x: Double, y: Double, radius: Double, fill: RGB, stroke: RGB?) {
        let s = stroke.map { " stroke=\"\($0.hex)\" stroke-width=\"0.8\"" } ?? ""
        body += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(radius))\" fill=\"\(fill.hex)\"\(s)/>\n"
    }

    func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor, color: RGB) {
        body += "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(color.hex)\">\(escape(text))</text>\n"
    }

    private func f(_ v: Double) -> String {
        // Far-off or non-finite coordinates (wild data) are clamped: Int(_:) would trap.
        guard v.isFinite else { return "0" }
        let r = (max(-1e9, min(1e9, v)) * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    private func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most control characters.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
