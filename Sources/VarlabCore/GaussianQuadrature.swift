import Foundation

/// Expectations under the standard normal distribution by the trapezoid rule on [-10, 10],
/// which converges fast for smooth integrands times the Gaussian density.
public enum GaussianQuadrature {
    static let halfWidth = 10.0

    /// E[g(z)], z ~ N(0, 1).
    public static func expectation(points: Int = 4001, _ g: (Double) -> Double) -> Double {
        let h = 2 * halfWidth / Double(points - 1)
        var sum = 0.0
        for i in 0..<points {
            let z = -halfWidth + Double(i) * h
            let w = (i == 0 || i == points - 1) ? 0.5 : 1.0
            sum += w * g(z) * density(z)
        }
        return sum * h
    }

    /// E[g(u, v)] for standard normals u, v with correlation c. The nodes are exactly
    /// symmetric and each inner pair (v from +z2 and from -z2) is summed first, so an odd
    /// activation at c = 0 gives exactly 0 (it had printed -1.2e-18 for tanh).
    public static func expectation2(
        correlation c: Double, points: Int = 301,
        _ g: (Double, Double) -> Double
    ) -> Double {
        let h = 2 * halfWidth / Double(points - 1)
        let s = max(0, 1 - c * c).squareRoot()
        precondition(points % 2 == 1, "an odd number of nodes, one at 0")
        let middle = (points - 1) / 2
        var sum = 0.0
        for i in 0..<points {
            let z1 = Double(i - middle) * h
            let w1 = ((i == 0 || i == points - 1) ? 0.5 : 1.0) * density(z1)
            if w1 < 1e-300 { continue }
            var inner = g(z1, c * z1) * density(0)
            for j in 0..<middle {
                let z2 = Double(middle - j) * h
                let w2 = j == 0 ? 0.5 : 1.0
                inner += w2 * density(z2) * (g(z1, c * z1 + s * z2) + g(z1, c * z1 - s * z2))
            }
            sum += w1 * inner
        }
        return sum * h * h
    }

    @inline(__always) static func density(_ z: Double) -> Double {
        exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    }
}
