import Foundation
import Testing
import VarlabCore

@Suite struct LandscapeTests {
    /// f(x, y) = v1 relu(x - 0.5 y + 0.1) + v2 relu(-x + 0.2) + 0.3 over a 1-hidden-layer net.
    static let handNet = MLP(layers: [
        DenseLayer(inputs: 2, outputs: 2, weights: [1, -0.5, -1, 0], bias: [0.1, 0.2], activation: .relu),
        DenseLayer(inputs: 2, outputs: 1, weights: [2, -1.5], bias: [0.3], activation: .linear),
    ])

    static func handFunction(_ x: Double, _ y: Double) -> Double {
        2 * max(0, x - 0.5 * y + 0.1) - 1.5 * max(0, -x + 0.2) + 0.3
    }

    @Test func handNetLandscapeMatchesTheFormula() {
        for r in [5, 16, 64] {
            let fast = Landscape(net: Self.handNet, resolution: r)
            let exact = Landscape(resolution: r, function: Self.handFunction)
            for (a, b) in zip(fast.values, exact.values) { #expect(abs(a - b) < 1e-6) }
        }
    }

    @Test func handNetVariabilityMatchesDirectComputation() {
        let r = 16
        let landscape = Landscape(resolution: r, function: Self.handFunction)
        let m = LandscapeMeasures(landscape)
        let f = landscape.values
        let rms = (f.reduce(0) { $0 + $1 * $1 } / Double(f.count)).squareRoot()
        // Second differences written out by hand: F[j+2] - 2F[j+1] + F[j].
        var sx = 0.0, sy = 0.0
        for i in 0..<r {
            for j in 0..<(r - 2) {
                sx += abs(f[i * r + j + 2] - 2 * f[i * r + j + 1] + f[i * r + j])
                sy += abs(f[(j + 2) * r + i] - 2 * f[(j + 1) * r + i] + f[j * r + i])
            }
        }
        let v2 = (sx + sy) / Double(r * (r - 2)) / 2 / rms
        #expect(abs(m.v(2) - v2) < 1e-12)
        #expect(abs(m.rms - rms) < 1e-12)
    }

    @Test func quadraticHasZeroV3AndCubicAKnownOne() {
        let r = 64
        let quadratic = LandscapeMeasures(Landscape(resolution: r) { x, y in 3 * x * x - 2 * x * y + y * y + x - 0.5 })
        #expect(quadratic.v3 < 1e-12)
        #expect(quadratic.v(4) < 1e-12)
        let cubic = Landscape(resolution: r) { x, _ in x * x * x }
        let h = 2.0 / Double(r - 1)
        let rms = (cubic.values.reduce(0) { $0 + $1 * $1 } / Double(r * r)).squareRoot()
        // D_x^3 x^3 = 6 h^3 everywhere, D_y^3 = 0.
        let expected = (6 * h * h * h + 0) / 2 / rms
        #expect(abs(LandscapeMeasures(cubic).v3 / expected - 1) < 1e-9)
    }

    /// The one-pass differences against the binomial-coefficient formula, on random fields.
    @Test func onePassOrdersMatchTheCoefficientFormula() {
        var rng = RandomStream(seed: 31)
        for r in [5, 8, 33] {
            let l = Landscape(resolution: r, values: (0..<(r * r)).map { _ in rng.normal() })
            let m = LandscapeMeasures(l)
            for k in 1...4 {
                let direct = LandscapeMeasures.variability(l, order: k, rms: m.rms)
                #expect(abs(m.v(k) - direct) <= 1e-12 * max(1, direct))
            }
        }
    }

    @Test func variabilityIsScaleInvariant() {
        let a = LandscapeMeasures(Landscape(resolution: 32) { x, y in sin(3 * x) * cos(2 * y) })
        let b = LandscapeMeasures(Landscape(resolution: 32) { x, y in -7.5 * sin(3 * x) * cos(2 * y) })
        for k in 1...4 { #expect(abs(a.v(k) - b.v(k)) < 1e-12) }
    }

    @Test func constantLandscapesCollapse() {
        let constant = LandscapeMeasures(Landscape(resolution: 16) { _, _ in 4.2 })
        #expect(constant.isCollapsed())
        #expect(constant.spread < 1e-9)
        let zero = LandscapeMeasures(Landscape(resolution: 16) { _, _ in 0 })
        #expect(zero.isCollapsed() && zero.v3 == 0 && zero.rms == 0)
        let nearlyFlat = LandscapeMeasures(Landscape(resolution: 16) { x, _ in 1 + 0.005 * x })
        #expect(!nearlyFlat.isCollapsed(tolerance: 1e-3) && nearlyFlat.isCollapsed(tolerance: 1e-2))
    }

    @Test func unitMeasuresOfAHandNet() {
        // Units: x - 2 (dead on the square), x (a kink), x + 2 (always on), y (a kink).
        let net = MLP(layers: [
            DenseLayer(
                inputs: 2, outputs: 4, weights: [1, 0, 1, 0, 1, 0, 0, 1], bias: [-2, 0, 2, 0], activation: .relu),
            DenseLayer(inputs: 4, outputs: 1, weights: [1, 1, 1, 1], bias: [0], activation: .linear),
        ])
        let probe = LandscapeProbe(net: net, resolution: 64, observe: true)
        let units = LandscapeMeasures(probe.landscape, observation: probe.observation)
        #expect(units.value("dead") == 0.25)
        #expect(units.value("kinks") == 0.5)
        #expect(units.value("dead_layers") == 0)
        #expect(units.value("patterns") == 4)  // the signs of x and y: four quadrants
    }

    /// The probe skips observing nets it cannot classify; its units must still be exactly
    /// what a full observation gives, for every activation (an act_ratio net included).
    @Test func probeUnitsEqualAFullObservationForEveryActivation() {
        for act in Activation.all {
            for (depth, ratio) in [(1, 1.0), (3, 1.0), (4, 0.5)] {
                let net = MLP(
                    spec: MLPSpec(depth: depth, width: 7, activation: act, actRatio: ratio, seed: 5), index: 2)
                let probe = LandscapeProbe(net: net, resolution: 16, observe: true)
                let full = BatchForward(net).evaluateGrid(resolution: 16, observe: true).observation
                #expect(full != nil)
                #expect(
                    probe.measures.declared == LandscapeMeasures(probe.landscape, observation: full).declared,
                    "\(act.name) L=\(depth) r=\(ratio)")
                #expect(probe.measures.unitsObserved)
                #expect((probe.observation == nil) == (!act.isLinear && !UnitMeasures.areDefined(for: [act])))
            }
        }
    }

    @Test func deadLayerGivesAConstantReluNet() {
        let net = MLP(layers: [
            DenseLayer(inputs: 2, outputs: 2, weights: [1, 0, 0, 1], bias: [0, 0], activation: .relu),
            DenseLayer(inputs: 2, outputs: 2, weights: [-1, -1, -1, -1], bias: [-0.5, -0.5], activation: .relu),
            DenseLayer(inputs: 2, outputs: 1, weights: [3, 3], bias: [0.7], activation: .linear),
        ])
        let probe = LandscapeProbe(net: net, resolution: 20, observe: true)
        let m = LandscapeMeasures(probe.landscape, observation: probe.observation)
        #expect(m.value("dead_layers") == 1)
        #expect(m.isCollapsed())
        #expect(probe.landscape.values.allSatisfy { abs($0 - 0.7) < 1e-6 })
    }
}
