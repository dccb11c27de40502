import Foundation

/// Infinite-width theory of signal propagation (SCIENCE.md 7). With weights scaled by
/// g^2 = 1 / E[phi(z)^2], the squared length q of a unit-variance input stays 1 (zero bias),
/// and the correlation c of two inputs follows c' = g^2 E[phi(u) phi(v)], corr(u, v) = c.
public enum MeanFieldTheory {
    /// One step of the correlation map at criticality (zero bias, q = 1).
    public static func correlationMap(_ act: Activation, _ c: Double) -> Double {
        let c = max(-1, min(1, c))
        switch act {
        case .linear: return c
        case .relu: return ((1 - c * c).squareRoot() + (Double.pi - acos(c)) * c) / Double.pi
        case .abs: return absMap(c)
        case .leaky(let a):
            // leaky(x) = ((1 + a) x + (1 - a)|x|) / 2; the cross terms vanish by symmetry.
            return ((1 + a) * (1 + a) * c + (1 - a) * (1 - a) * absMap(c)) / (2 * (1 + a * a))
        default:
            let g2 = act.gainSquared
            return g2 * GaussianQuadrature.expectation2(correlation: c) { act.apply($0) * act.apply($1) }
        }
    }

    /// (2 / pi)(sqrt(1 - c^2) + c arcsin c) = E|u||v| for unit normals of correlation c.
    static func absMap(_ c: Double) -> Double {
        2 / Double.pi * ((1 - c * c).squareRoot() + c * asin(c))
    }

    /// One step of the length map: q' = g^2 E[phi(sqrt(q) z)^2] + s_b^2.
    public static func lengthMap(_ act: Activation, _ q: Double, biasStd: Double = 0) -> Double {
        let g2 = act.gainSquared
        let second: Double
        switch act {
        case .linear, .relu, .abs, .leaky: second = q / g2  // positively homogeneous of degree 1
        default: second = GaussianQuadrature.expectation { let v = act.apply(q.squareRoot() * $0); return v * v }
        }
        return g2 * second + biasStd * biasStd
    }

    /// One row per layer: (layer, q_l, c_l), starting from (q0, c0) at layer 0.
    public struct Step: Equatable, Sendable {
        public var layer: Int
        public var length: Double
        public var correlation: Double
    }

    public static func iterate(_ act: Activation, depth: Int, initialCorrelation c0: Double = 0,
                               initialLength q0: Double = 1, biasStd: Double = 0) -> [Step] {
        var steps = [Step(layer: 0, length: q0, correlation: c0)]
        var q = q0, c = c0
        for l in 1...max(1, depth) {
            c = correlationMap(act, c)
            q = lengthMap(act, q, biasStd: biasStd)
            steps.append(Step(layer: l, length: q, correlation: c))
        }
        return steps
    }

    /// Probability that a zero-bias ReLU net of `layers` hidden layers of width `width` is
    /// dead (some layer all zero) at a given input: 1 - (1 - 2^-N)^H.
    public static func deadProbability(width: Int, layers: Int) -> Double {
        1 - pow(1 - pow(2, -Double(width)), Double(layers))
    }
}
