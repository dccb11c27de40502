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

    /// Ticks for a log10 axis spanning [low, high] in exponents: the powers of ten, with
    /// 2 and 5 in between when the range is short.
    public static func logarithmic(_ low: Double, _ high: Double) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else { return [low] }
        let multipliers: [Double] = high - low < 1.2 ? [1, 2, 3, 5] : (high - low < 3 ? [1, 2, 5] : [1])
        var ticks: [Double] = []
        for e in Int(floor(low))...Int(ceil(high)) {
            for m in multipliers {
                let t = Double(e) + Foundation.log10(m)
                if t >= low - 1e-9, t <= high + 1e-9 { ticks.append(t) }
            }
        }
        return ticks.count >= 2 ? ticks : nice(low, high)
    }

    /// A tick label: few digits, no trailing zeros; log axes print 10^t.
    public static func label(_ value: Double, log: Bool = false, digits: Int = 3) -> String {
        let v = log ? pow(10, value) : value
        if v == v.rounded(), Swift.abs(v) < 1e6 { return String(Int(v)) }
        let s = String(format: "%.\(digits)g", v)
        return s.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e")
    }

    /// Labels for a whole axis: as few digits as keep neighbouring ticks apart
    /// (4999.5 and 5000 are not both "5e3").
    public static func labels(_ ticks: [Double], log: Bool = false) -> [String] {
        for digits in 3...12 {
            let out = ticks.map { label($0, log: log, digits: digits) }
            if Set(out).count == out.count { return out }
        }
        return ticks.map { label($0, log: log, digits: 15) }
    }
}
