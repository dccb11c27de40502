/// An sRGB colour.
public struct RGB: Equatable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String([digits[Int($0 >> 4)], digits[Int($0 & 15)]]) }.joined()
    }

    public static let white = RGB(255, 255, 255), black = RGB(0, 0, 0), grey = RGB(128, 128, 128),
        darkGrey = RGB(70, 70, 70), lightGrey = RGB(220, 220, 220)

    /// Colours of chart lines, distinguishable in colour-blind viewing (Okabe-Ito).
    public static let series = [
        RGB(0, 114, 178), RGB(213, 94, 0), RGB(0, 158, 115), RGB(204, 121, 167),
        RGB(230, 159, 0), RGB(86, 180, 233), RGB(0, 0, 0),
    ]
}

/// A diverging palette centred at 0: blue for negative, white at 0, red for positive.
/// Blue and red are never confused with each other, and 0 stays visibly neutral.
public enum Palette {
    static let stops: [(Double, RGB)] = [
        (-1.0, RGB(5, 48, 97)), (-0.5, RGB(67, 147, 195)), (-0.15, RGB(209, 229, 240)), (0, RGB(247, 247, 247)),
        (0.15, RGB(253, 219, 199)), (0.5, RGB(214, 96, 77)), (1.0, RGB(103, 0, 31)),
    ]

    /// The colour of `value` on a scale from -bound to +bound.
    public static func diverging(_ value: Double, bound: Double) -> RGB {
        guard value.isFinite else { return RGB.grey }
        let t = bound > 0 ? max(-1, min(1, value / bound)) : 0
        for k in 1..<stops.count where t <= stops[k].0 {
            let (t0, c0) = stops[k - 1], (t1, c1) = stops[k]
            let u = (t - t0) / (t1 - t0)
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * u).rounded()) }
            return RGB(mix(c0.r, c1.r), mix(c0.g, c1.g), mix(c0.b, c1.b))
        }
        return stops[stops.count - 1].1
    }

    /// Decision views: pale regions where f > 0 and f < 0, and strong points of the same two
    /// hues for labels +1 and -1, so a point on the wrong side stands out.
    public static let positiveRegion = RGB(253, 208, 162), negativeRegion = RGB(198, 219, 239)
    public static let positivePoint = RGB(217, 95, 2), negativePoint = RGB(33, 102, 172)
}
