import Foundation

/// Infinite-width theory of signal propagation (docs/measures.md, "Theory"). With weights scaled by
/// g^2 = 1 / E[phi(z)^2], the squared length q of a unit-variance input stays 1 (zero bias),
/// and the correlation c of two inputs follows c' = g^2 E[phi(u) phi(v)], corr(u, v) = c.
public enum MeanFieldTheory {
    /// One step of the zero-bias correlation map for unit-variance inputs: c' = g^2 E[phi(u) phi(v)].
    public static func correlationMap(_ act: Activation, _ c: Double) -> Double {
        let c = max(-1, min(1, c))
        if let closed = act.definition.correlationMap { return closed(c, act.slope) }
        let g2 = act.gainSquared
        return g2 * GaussianQuadrature.expectation2(correlation: c) { act.apply($0) * act.apply($1) }
    }

    /// One step of the correlation map of two inputs of squared length q with bias std s_b:
    /// c' = (g^2 E[phi(u) phi(v)] + s_b^2) / q', with u, v of variance q and correlation c.
    /// The bias adds the same offset to both, so it pulls c' towards 1.
    public static func correlationMap(_ act: Activation, _ c: Double, length q: Double, biasStd: Double) -> Double {
        let c = max(-1, min(1, c))
        let g2 = act.gainSquared
        let cross =
            act.definition.homogeneous
            ? q * correlationMap(act, c) / g2
            : GaussianQuadrature.expectation2(correlation: c) {
                act.apply(q.squareRoot() * $0) * act.apply(q.squareRoot() * $1)
            }
        let next = lengthMap(act, q, biasStd: biasStd)
        return next > 0 ? min(1, (g2 * cross + biasStd * biasStd) / next) : 1
    }

    /// One step of the length map: q' = g^2 E[phi(sqrt(q) z)^2] + s_b^2.
    public static func lengthMap(_ act: Activation, _ q: Double, biasStd: Double = 0) -> Double {
        let g2 = act.gainSquared
        let second =
            act.definition.homogeneous
            ? q / g2
            : GaussianQuadrature.expectation {
                let v = act.apply(q.squareRoot() * $0)
                return v * v
            }
        return g2 * second + biasStd * biasStd
    }

    /// One row per layer: (layer, q_l, c_l), starting from (q0, c0) at layer 0.
    public struct Step: Equatable, Sendable {
        /// The layer, from 0 (the input).
        public var layer: Int
        /// q_l: the second moment of a pre-activation.
        public var length: Double
        /// c_l: the correlation of two inputs' pre-activations.
        public var correlation: Double
    }

    /// Iterates the length and correlation maps through `depth` layers from (1, c0).
    public static func iterate(
        _ act: Activation, depth: Int, initialCorrelation c0: Double = 0,
        initialLength q0: Double = 1, biasStd: Double = 0
    ) -> [Step] {
        var steps = [Step(layer: 0, length: q0, correlation: c0)]
        var q = q0, c = c0
        for l in 1...max(1, depth) {
            c = biasStd == 0 && q == 1 ? correlationMap(act, c) : correlationMap(act, c, length: q, biasStd: biasStd)
            q = lengthMap(act, q, biasStd: biasStd)
            steps.append(Step(layer: l, length: q, correlation: c))
        }
        return steps
    }

    /// Probability that a zero-bias ReLU net of `layers` hidden layers of width `width` is
    /// dead (some layer all zero) at a given input: 1 - (1 - 2^-N)^H.
    /// Written with expm1 and log1p so that it stays accurate when 2^-N is tiny (N = 60).
    public static func deadProbability(width: Int, layers: Int) -> Double {
        -expm1(Double(layers) * log1p(-pow(2, -Double(width))))
    }
}
