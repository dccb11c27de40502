import Foundation
import Testing
import VarlabCore

/// Residual MLPs (docs/measures.md, "Residual nets") against an independent float64
/// implementation of the definition, written here from the formula alone:
/// h_1 = phi(W_1 x + b_1); h_l = h_{l-1} + alpha phi(W_l h_{l-1} + b_l), l = 2..L;
/// f = W_{L+1} h_L + b_{L+1}.
@Suite struct ResidualTests {
    static func independentOutput(_ layers: [DenseLayer], alpha: Double, x: Double, y: Double) -> Double {
        var h = [x, y]
        for (l, layer) in layers.enumerated() {
            var next = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var z = Double(layer.bias[i])
                for k in 0..<layer.inputs { z += Double(layer.weights[i * layer.inputs + k]) * h[k] }
                next[i] = z
            }
            if l == layers.count - 1 { return next[0] }
            let phi = next.map { layer.activation.apply($0) }
            h = l == 0 ? phi : zip(h, phi).map { $0 + alpha * $1 }
        }
        return h[0]
    }

    /// V3 straight from the definition: mean |third difference| along rows and columns / 2 / RMS.
    static func independentV3(_ f: [[Double]]) -> Double {
        let r = f.count
        let rms = (f.joined().reduce(0) { $0 + $1 * $1 } / Double(r * r)).squareRoot()
        guard rms > 0 else { return 0 }
        var sx = 0.0, sy = 0.0
        for i in 0..<r {
            for j in 0..<(r - 3) {
                sx += abs(f[i][j + 3] - 3 * f[i][j + 2] + 3 * f[i][j + 1] - f[i][j])
                sy += abs(f[j + 3][i] - 3 * f[j + 2][i] + 3 * f[j + 1][i] - f[j][i])
            }
        }
        let count = Double(r * (r - 3))
        return (sx / count + sy / count) / 2 / rms
    }

    @Test func sameParametersAndBranchScaleAsDocumented() {
        let plain = MLPSpec(depth: 16, budget: 10_000)
        var residual = plain
        residual.residual = true
        #expect(residual.parameterCount == plain.parameterCount && residual.width == plain.width)
        #expect(residual.branchScale == 0.25 && plain.branchScale == nil)
        // Drawn weights are exactly the plain net's: only the wiring differs.
        #expect(MLP(spec: residual).layers == MLP(spec: plain).layers)
    }

    /// At P = 10000 and L = 16 and 64, varlab's variability equals the independent
    /// implementation's on the same nets (and the numbers match the reference of the docs:
    /// V3 near 0.002 at L = 16 and 0.001 at L = 64, no collapse).
    @Test(arguments: [(Activation.relu, 16), (.relu, 64), (.abs, 16), (.abs, 64)])
    func variabilityMatchesTheIndependentImplementation(act: Activation, depth: Int) throws {
        var spec = MLPSpec(depth: depth, budget: 10_000, activation: act, seed: 1)
        spec.residual = true
        let samples = 4, grid = 24
        let measured = try Variability.measure(
            spec, options: VariabilityOptions(samples: samples, resolution: grid, observeUnits: false))
        let axis = Landscape.axis(grid)
        var total = 0.0
        for i in 0..<samples {
            let net = MLP(spec: spec, index: UInt64(i))
            let f = axis.map { y in
                axis.map { x in Self.independentOutput(net.layers, alpha: 1 / Double(depth).squareRoot(), x: x, y: y) }
            }
            total += Self.independentV3(f)
        }
        let expected = total / Double(samples)
        #expect(
            abs(measured.headline.mean / expected - 1) < 1e-3,
            "\(act) L=\(depth): \(measured.headline.mean) vs \(expected)")
        #expect(measured.collapse.successes == 0)
    }

    @Test func kernelsAndReferenceAgreeOnResidualLandscapes() {
        for act in [Activation.relu, .abs, .tanh] {
            var spec = MLPSpec(depth: 5, width: 9, activation: act, actRatio: 0.6, seed: 3)
            spec.residual = true
            spec.branch = 0.7
            let net = MLP(spec: spec)
            let l = Landscape(net: net, resolution: 7)
            let axis = Landscape.axis(7)
            for i in 0..<7 {
                for j in 0..<7 {
                    let want = Self.independentOutput(net.layers, alpha: 0.7, x: axis[j], y: axis[i])
                    #expect(abs(l[i, j] - want) < 1e-4 * max(1, abs(want)), "\(act) at (\(i), \(j))")
                }
            }
        }
    }

    @Test(arguments: [Activation.relu, .abs, .tanh])
    func backpropThroughSkipConnectionsMatchesCentralDifferences(act: Activation) {
        let data = Dataset.generate(.circle, train: 29, test: 1, seed: 6)
        var spec = MLPSpec(depth: 4, width: 5, activation: act, seed: 9)
        spec.residual = true
        let net = MLP(spec: spec)
        let (_, grads) = Training.gradient(of: net, on: data.train, loss: .logistic)
        var checked = 0
        for l in net.layers.indices {
            for j in stride(from: 0, to: net.layers[l].weights.count, by: 2) {
                let fd = TrainingTests.finiteDifference(
                    net, layer: l, weight: j, bias: nil, split: data.train, kind: .logistic)
                let bp = Double(grads[l].weights[j])
                if act != .tanh, abs(fd - bp) > 0.05 * max(abs(fd), 1e-3) { continue }  // a kink crossed by the step
                #expect(abs(fd - bp) <= 2e-3 * max(abs(fd), 0.05), "\(act) layer \(l) weight \(j): fd \(fd) bp \(bp)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test func trainingKeepsTheNetResidualAndLearns() throws {
        let data = Dataset.generate(.xor, train: 300, test: 300, noise: 0.05, seed: 2)
        var spec = MLPSpec(depth: 6, width: 12, activation: .abs, seed: 4)
        spec.residual = true
        let result = try Training.train(
            MLP(spec: spec), on: data, options: TrainingOptions(epochs: 30, learningRate: 5e-3))
        #expect(result.net.branch == spec.branchScale)
        #expect(result.testAccuracy > 0.85)
    }

    @Test func savedResidualNetsLoadBackAsVersion2() throws {
        var spec = MLPSpec(depth: 3, width: 4, seed: 1)
        spec.residual = true
        let net = MLP(spec: spec)
        let doc = NetFile.json(net)
        #expect(doc["version"]?.number == 2 && doc["branch"]?.number == net.branch)
        let back = try NetFile.net(from: try JSON.parse(doc.text))
        #expect(back.branch == net.branch && back.layers == net.layers)
        #expect(NetFile.json(MLP(spec: MLPSpec(depth: 3, width: 4)))["version"]?.number == 1)
    }
}
