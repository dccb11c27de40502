import Foundation
import Testing
import VarlabCore

@Suite struct TheoryTests {
    static func correlations(_ act: Activation) -> [Double] {
        MeanFieldTheory.iterate(act, depth: 20).map(\.correlation)
    }

    @Test func reluCorrelationMapMatchesPublishedValues() {
        let c = Self.correlations(.relu)
        for (layer, value) in [(1, 0.3183), (2, 0.4937), (3, 0.6048), (10, 0.8715), (20, 0.9484)] {
            #expect(abs(c[layer] - value) < 5e-5, "relu c_\(layer) = \(c[layer])")
        }
    }

    @Test func absCorrelationMapMatchesPublishedValues() {
        let c = Self.correlations(.abs)
        for (layer, value) in [(1, 0.6366), (2, 0.7706), (3, 0.8374), (10, 0.9587), (20, 0.9850)] {
            #expect(abs(c[layer] - value) < 5e-5, "abs c_\(layer) = \(c[layer])")
        }
    }

    /// Two independent inputs of an odd activation stay exactly uncorrelated (it had
    /// printed -1.2e-18 for tanh): the quadrature sums its symmetric nodes in pairs.
    @Test func oddActivationsKeepZeroCorrelationExactly() {
        for act in [Activation.tanh, .sin, .linear] {
            for step in MeanFieldTheory.iterate(act, depth: 3) {
                #expect(step.correlation == 0, "\(act) layer \(step.layer)")
            }
        }
        #expect(MeanFieldTheory.correlationMap(.sigmoid, 0) > 0)  // not odd: correlated
    }

    @Test func closedFormsAgreeWithQuadrature() {
        for act in [Activation.relu, .abs, .leaky(slope: 0.3)] {
            for c in [-0.7, 0.0, 0.4, 0.9] {
                let quad =
                    act.gainSquared * GaussianQuadrature.expectation2(correlation: c) { act.apply($0) * act.apply($1) }
                // The trapezoid rule loses accuracy at the kink, hence the loose tolerance.
                #expect(abs(MeanFieldTheory.correlationMap(act, c) - quad) < 1e-3)
            }
        }
    }

    @Test func lengthStaysAtOneWithoutBias() {
        for act in [Activation.relu, .abs, .tanh, .leaky(slope: 0.1)] {
            #expect(abs(MeanFieldTheory.iterate(act, depth: 10).last!.length - 1) < 1e-6)
        }
        #expect(abs(MeanFieldTheory.lengthMap(.relu, 1, biasStd: 0.1) - 1.01) < 1e-12)
    }

    /// 1 - (1 - 2^-N)^H against zero-bias ReLU nets drawn at random, at a fixed input.
    @Test func deadProbabilityMatchesMonteCarlo() {
        let width = 3, layers = 4, trials = 4000
        let p = MeanFieldTheory.deadProbability(width: width, layers: layers)
        var dead = 0
        for t in 0..<trials {
            let net = MLP(
                spec: MLPSpec(depth: layers, width: width, activation: .relu, biasStd: 0, seed: 99), index: UInt64(t))
            let pre = net.evaluateReference([0.3, -0.7]).preActivations
            if pre.contains(where: { layer in layer.allSatisfy { $0 <= 0 } }) { dead += 1 }
        }
        let rate = Double(dead) / Double(trials)
        let se = (p * (1 - p) / Double(trials)).squareRoot()
        #expect(abs(rate - p) < 4 * se, "Monte Carlo \(rate) vs \(p) ± \(se)")
    }

    @Test func layerProfileOfALinearNetIsExact() throws {
        // f = 2 (x + y) + 1 through one linear hidden unit: df/dW1 = 2 [x, y], |.| = 2 |p|.
        let net = MLP(layers: [
            DenseLayer(inputs: 2, outputs: 1, weights: [1, 1], bias: [0], activation: .linear),
            DenseLayer(inputs: 1, outputs: 1, weights: [2], bias: [1], activation: .linear),
        ])
        let r = 8
        let profile = try LayerProfile(net: net, resolution: r)
        let axis = Landscape.axis(r)
        var expected = 0.0
        for y in axis { for x in axis { expected += 2 * (x * x + y * y).squareRoot() } }
        #expect(abs(profile.rows[0].gradientNorm - expected / Double(r * r)) < 1e-12)
        #expect(abs(profile.rows[0].spread - 1) < 1e-12)  // h = x + y has mean 0: spread 1
    }

    /// With a bias, c' = (g^2 E[phi(u) phi(v)] + s_b^2) / q': the closed-form path of the
    /// homogeneous activations against direct quadrature of that definition.
    @Test func biasEntersTheCorrelationMap() {
        for act in [Activation.relu, .abs, .tanh] {
            for (c, q, sb) in [(0.2, 1.3, 0.3), (-0.5, 0.7, 0.1), (0.9, 1.0, 0.5)] {
                let g2 = act.gainSquared
                let cross = GaussianQuadrature.expectation2(correlation: c) {
                    act.apply(q.squareRoot() * $0) * act.apply(q.squareRoot() * $1)
                }
                let expected = (g2 * cross + sb * sb) / MeanFieldTheory.lengthMap(act, q, biasStd: sb)
                #expect(
                    abs(MeanFieldTheory.correlationMap(act, c, length: q, biasStd: sb) - expected) < 2e-3,
                    "\(act) c=\(c) q=\(q)")
            }
            // A bias pulls correlations up, and c = 1 stays 1.
            #expect(
                MeanFieldTheory.correlationMap(act, 0, length: 1, biasStd: 0.3) > MeanFieldTheory.correlationMap(act, 0)
            )
            #expect(abs(MeanFieldTheory.correlationMap(act, 1, length: 1, biasStd: 0.3) - 1) < 2e-3)
        }
        // Zero bias and q = 1: the published values are unchanged.
        #expect(abs(MeanFieldTheory.iterate(.relu, depth: 1, biasStd: 0)[1].correlation - 0.3183) < 5e-5)
    }

    @Test func deadProbabilityIsAccurateForWideLayers() {
        let p = MeanFieldTheory.deadProbability(width: 60, layers: 10)
        #expect(abs(p / (10 * pow(2, -60)) - 1) < 1e-12)  // 8.67e-18, not 0
        #expect(MeanFieldTheory.deadProbability(width: 1, layers: 1) == 0.5)
    }
}
