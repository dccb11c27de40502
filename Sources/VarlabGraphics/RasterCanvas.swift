/// A pixel canvas (RGB, row-major from the top-left) that figures draw into for PNG.
public final class RasterCanvas: Canvas {
    public let width: Int, height: Int
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height * 3)
    }

    public func pixel(x: Int, y: Int) -> RGB {
        let k = (y * width + x) * 3
        return RGB(pixels[k], pixels[k + 1], pixels[k + 2])
    }

    /// A coordinate as a pixel index; non-finite or far-off values land outside the canvas
    /// (Int(_:) would trap on them).
    static func pixel(_ v: Double) -> Int {
        guard v.isFinite else { return -1 }
        return Int(max(-100_000, min(100_000, v.rounded())))
    }

    private func set(_ x: Int, _ y: Int, _ c: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let k = (y * width + x) * 3
        pixels[k] = c.r; pixels[k + 1] = c.g; pixels[k + 2] = c.b
    }

    public func fillRect(x: Double, y: Double, width w: Double, height h: Double, color: RGB) {
        let x0 = max(0, RasterCanvas.pixel(x)), y0 = max(0, RasterCanvas.pixel(y))
        let x1 = min(width, RasterCanvas.pixel(x + w)), y1 = min(height, RasterCanvas.pixel(y + h))
        guard x1 > x0, y1 > y0 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { set(xx, yy, color) } }
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, width w: Double) {
        guard [x1, y1, x2, y2].allSatisfy(\.isFinite) else { return }
        let length = min(100_000, max(abs(x2 - x1), abs(y2 - y1)))
        let steps = max(1, Int(length * 2))
        let half = max(0, Int((w - 1) / 2 + 0.5))
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            let x = RasterCanvas.pixel(x1 + (x2 - x1) * t), y = RasterCanvas.pixel(y1 + (y2 - y1) * t)
            for dy in -half...half { for dx in -half...half { set(x + dx, y + dy, color) } }
        }
    }

    public func circle(x: Double, y: Double, radius: Double, fill: RGB, stroke: RGB?) {
        let r = Int(radius.rounded(.up)) + 1
        let cx = RasterCanvas.pixel(x), cy = RasterCanvas.pixel(y)
        for dy in -r...r {
            for dx in -r...r {
                let d = (Double(dx * dx + dy * dy)).squareRoot()
                if d <= radius - 0.8 { set(cx + dx, cy + dy, fill) } else if d <= radius + 0.2 { set(cx + dx, cy + dy, stroke ?? fill) }
            }
        }
    }

    public func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor, color: RGB) {
        let scale = max(1, Int((size / 6).rounded()))
        let advance = (BitmapFont.width + 1) * scale
        let total = text.count * advance - scale
        var left = RasterCanvas.pixel(x)
        switch anchor {
        case .start: break
        case .middle: left -= total / 2
        case .end: left -= total
        }
        // y is the baseline, as in SVG.
        let top = RasterCanvas.pixel(y) - BitmapFont.height * scale
        for (i, ch) in text.enumerated() {
            let glyph = BitmapFont.glyph(ch)
            for (row, bits) in glyph.enumerated() {
                for col in 0..<BitmapFont.width where bits & (1 << (BitmapFont.width - 1 - col)) != 0 {
                    fillRect(x: Double(left + i * advance + col * scale), y: Double(top + row * scale),
                             width: Double(scale), height: Double(scale), color: color)
                }
            }
        }
    }
}
