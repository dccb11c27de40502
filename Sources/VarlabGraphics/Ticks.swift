import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten.
public enum Ticks {
    public static func nice(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else { return [low] }
        let raw = (high - low) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        // The candidate step whose tick count comes closest to the one asked for.
        func ticksFor(_ step: Double) -> Int { Int(floor(high / step) - ceil(low / step)) + 1 }
        let candidates = [0.5, 1.0, 2, 5, 10].map { $0 * magnitude }
        let step = candidates.min { Swift.abs(ticksFor($0) - count) < Swift.abs(ticksFor($1) - count) } ?? magnitude
        var ticks: [Double] = []
        var t = ceil(low / step) * step
        while t <= high + step * 1e-9 {
            ticks.append(Swift.abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks
    }

    /// A tick label: few digits, no trailing zeros; log axes print 10^t.
    public static func label(_ value: Double, log: Bool = false) -> String {
        let v = log ? pow(10, value) : value
        if v == v.rounded(), Swift.abs(v) < 1e6 { return String(Int(v)) }
        let s = String(format: "%.3g", v)
        return s.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e")
    }
}
