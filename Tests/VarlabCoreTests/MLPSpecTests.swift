import Testing
import VarlabCore

@Suite struct MLPSpecTests {
    @Test func widthTableAtBudget2000() {
        let depths = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]
        let expected = [499, 42, 30, 24, 19, 16, 12, 10, 8, 7, 6, 5]
        #expect(depths.map { MLPSpec.width(depth: $0, budget: 2000) } == expected)
    }

    @Test func widthIsTheLargestThatFits() {
        for depth in 1...40 {
            for budget in [50, 300, 2000, 10_000] {
                let n = MLPSpec.width(depth: depth, budget: budget)
                let fits = MLPSpec.parameterCount(depth: depth, width: n) <= budget
                let nextFits = MLPSpec.parameterCount(depth: depth, width: n + 1) <= budget
                #expect(n == 1 || fits)
                #expect(!nextFits)
            }
        }
    }

    @Test func parameterCountMatchesMaterialisedNet() {
        let spec = MLPSpec(depth: 5, width: 7, activation: .abs)
        let net = MLP(spec: spec)
        #expect(net.parameterCount == spec.parameterCount)
        #expect(net.activationCount == spec.activationCount)
    }

    @Test func activationRatioPlacesLayers() {
        var spec = MLPSpec(depth: 8, width: 4, actRatio: 0.5)
        #expect(spec.activatedLayers == [1, 3, 5, 7])
        spec.actRatio = 1
        #expect(spec.activatedLayers == Array(0..<8))
        spec.actRatio = 0.01
        #expect(spec.activatedLayers == [4])  // at least one, in the middle
        spec = MLPSpec(depth: 10, width: 4, actRatio: 0.25)  // m = floor(2.5 + 0.5) = 3
        #expect(spec.activatedLayers == [1, 5, 8])
        #expect(spec.activationCount == 12)
    }

    @Test func gainsKeepTheSecondMomentAtOne() {
        #expect(Activation.relu.gainSquared == 2)
        #expect(abs(1 / Activation.tanh.gainSquared - 0.394294) < 1e-5)
        #expect(abs(Activation.leaky(slope: 0.1).gainSquared - 2 / 1.01) < 1e-12)
        // The quadrature agrees with the closed forms where both exist.
        let relu =
            1
            / VarlabCore.GaussianQuadrature.expectation {
                let v = max($0, 0)
                return v * v
            }
        #expect(abs(relu - 2) < 1e-6)
    }

    @Test func scaledInitHasTheRightVariance() {
        let spec = MLPSpec(depth: 2, width: 400, activation: .relu, biasStd: 0.1, seed: 3)
        let net = MLP(spec: spec)
        let w = net.layers[1].weights.map(Double.init)
        let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        #expect(abs(variance / (2.0 / 400) - 1) < 0.02)  // g^2 / fan_in for relu
        let b = net.layers[1].bias.map(Double.init)
        #expect(abs((b.reduce(0) { $0 + $1 * $1 } / Double(b.count)).squareRoot() - 0.1) < 0.015)
    }

    @Test func torchInitIsUniformInItsBounds() {
        let net = MLP(spec: MLPSpec(depth: 2, width: 50, initScheme: .torch))
        let bound = Float(1 / 50.0.squareRoot())
        #expect(net.layers[1].weights.allSatisfy { abs($0) <= bound })
        #expect(net.layers[1].bias.allSatisfy { abs($0) <= bound })
        #expect(net.layers[1].weights.contains { abs($0) > bound * 0.9 })
    }
}
