import Foundation

/// Where every figure is drawn: SVG elements in pixels from the top-left corner. The PNG
/// is rasterised from the same document, so both show exactly the same drawing.
public final class SVGCanvas {
    public let width: Int, height: Int
    private(set) var body = ""

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var document: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \
        width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="\(TextMetrics.fontFamily)">
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
        \(body)</svg>

        """
    }

    public func rect(
        x: Double, y: Double, width: Double, height: Double, fill: RGB?, stroke: RGB? = nil, strokeWidth: Double = 1
    ) {
        body +=
            "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "fill=\"\(fill?.hex ?? "none")\"\(strokeAttributes(stroke, strokeWidth))/>\n"
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, width: Double, dashed: Bool = false) {
        let dash = dashed ? " stroke-dasharray=\"4 3\"" : ""
        body +=
            "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color.hex)\" "
            + "stroke-width=\"\(f(width))\"\(dash)/>\n"
    }

    /// Connected line segments, as one element.
    public func polyline(_ points: [(Double, Double)], color: RGB, width: Double) {
        guard points.count >= 2 else { return }
        let list = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        body +=
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"\(f(width))\" "
            + "stroke-linejoin=\"round\"/>\n"
    }

    /// Separate segments as one path (a contour).
    public func segments(_ segments: [(Double, Double, Double, Double)], color: RGB, width: Double) {
        guard !segments.isEmpty else { return }
        let d = segments.map { "M\(f($0.0)) \(f($0.1))L\(f($0.2)) \(f($0.3))" }.joined()
        body +=
            "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"\(f(width))\" "
            + "stroke-linecap=\"round\"/>\n"
    }

    public func circle(x: Double, y: Double, radius: Double, fill: RGB?, stroke: RGB? = nil, strokeWidth: Double = 1) {
        body +=
            "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(radius))\" "
            + "fill=\"\(fill?.hex ?? "none")\"\(strokeAttributes(stroke, strokeWidth))/>\n"
    }

    /// Text with its baseline at y; `rotated` turns it a quarter counter-clockwise about
    /// (x, y), for a y-axis title.
    public func text(
        _ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor = .start, color: RGB = .black,
        bold: Bool = false, rotated: Bool = false
    ) {
        let weight = bold ? " font-weight=\"bold\"" : ""
        let turn = rotated ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
        body +=
            "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" text-anchor=\"\(anchor.rawValue)\" "
            + "fill=\"\(color.hex)\"\(weight)\(turn)>\(escape(text))</text>\n"
    }

    /// A raster stretched over a rectangle, cell by cell (a heat map's grid). Cells are
    /// enlarged here to about the drawn size, so every renderer shows them as squares even
    /// when it smooths images (librsvg ignores image-rendering).
    public func image(_ image: PixelImage, x: Double, y: Double, width: Double, height: Double) {
        let factor = max(
            1, min(16, Int((max(width, height) / Double(max(1, max(image.width, image.height)))).rounded(.up))))
        let data = Data(PNGEncoder.encode(image.enlarged(by: factor))).base64EncodedString()
        body +=
            "<image x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" "
            + "style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,\(data)\"/>\n"
    }

    private func strokeAttributes(_ stroke: RGB?, _ width: Double) -> String {
        stroke.map { " stroke=\"\($0.hex)\" stroke-width=\"\(f(width))\"" } ?? ""
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

public enum TextAnchor: String, Sendable { case start, middle, end }
