import Foundation
import Testing
import VarlabCore

/// The fast float32 kernels against the float64 reference, over many random nets.
@Suite struct KernelCrossCheckTests {
    static let acts: [Activation] = Activation.all.map { $0.withSlope(0.2) }  // every registered activation

    @Test(arguments: acts)
    func fastLandscapeAgreesWithFloat64Reference(act: Activation) {
        // 300 > 256: the blocked GEMM path.
        for (i, shape) in [(1, 37), (2, 13), (3, 6), (7, 5), (12, 9), (2, 300)].enumerated() {
            for ratio in [1.0, 0.5] {
                let spec = MLPSpec(depth: shape.0, width: shape.1, activation: act, actRatio: ratio, seed: UInt64(i))
                let net = MLP(spec: spec, index: 3)
                let r = 11  // 121 points: a partial tile
                let fast = Landscape(net: net, resolution: r)
                let axis = Landscape.axis(r)
                var reference = [Double]()
                for y in axis { for x in axis { reference.append(net.evaluateReference([x, y]).output) } }
                let rms = (reference.reduce(0) { $0 + $1 * $1 } / Double(reference.count)).squareRoot()
                let worst = zip(fast.values, reference).map { abs($0 - $1) }.max() ?? 0
                #expect(
                    worst <= 1e-4 * max(rms, 1e-6), "act \(act) depth \(shape.0) ratio \(ratio): \(worst) vs rms \(rms)"
                )
            }
        }
    }

    @Test func observationsAgreeWithReferenceSigns() {
        for seed in 0..<6 {
            let spec = MLPSpec(depth: 3, width: 9, activation: seed % 2 == 0 ? .relu : .abs, seed: UInt64(seed))
            let net = MLP(spec: spec)
            let r = 16
            let probe = LandscapeProbe(net: net, resolution: r, observe: true)
            guard let obs = probe.observation else {
                Issue.record("no observation")
                return
            }
            var everPositive = [[Bool]](repeating: [Bool](repeating: false, count: 9), count: 3)
            var patterns = Set<[Bool]>()
            for y in Landscape.axis(r) {
                for x in Landscape.axis(r) {
                    let pre = net.evaluateReference([x, y]).preActivations
                    for l in 0..<3 { for u in 0..<9 where pre[l][u] > 0 { everPositive[l][u] = true } }
                    patterns.insert(pre.flatMap { $0.map { $0 > 0 } })
                }
            }
            #expect(obs.everPositive == everPositive)
            #expect(Set(obs.patternHashes).count == patterns.count)
            #expect(probe.measures.value("patterns") == Double(patterns.count))  // the measure's own count
        }
    }

    @Test func wideSingleLayerFusedPathAgrees() {
        for act in [Activation.relu, .abs, .leaky(slope: 0.01)] {
            let net = MLP(spec: MLPSpec(depth: 1, budget: 10_000, activation: act, seed: 5))
            #expect(net.width == 2499)
            let fast = Landscape(net: net, resolution: 16)
            let axis = Landscape.axis(16)
            for (i, y) in axis.enumerated() {
                for (j, x) in axis.enumerated() {
                    let exact = net.evaluateReference([x, y]).output
                    #expect(abs(fast[i, j] - exact) < 1e-4 * max(1, abs(exact)))
                }
            }
        }
    }

    /// A single layer on the grid is observed by bisection along each row
    /// (BatchForward.evaluateGrid): its flags and hashes must be exactly those of the
    /// point-by-point kernel, for random nets and for units whose z is exactly 0 on the
    /// grid (the diagonal x = y), constant along rows (wx = 0) or along columns (wy = 0).
    @Test(arguments: [16, 32, 64])
    func singleLayerGridObservationEqualsPointByPoint(r: Int) {
        var nets: [MLP] = []
        for (i, act) in [Activation.relu, .abs, .leaky(slope: 0.01)].enumerated() {
            for width in [1, 7, 100, 2499] {
                nets.append(
                    MLP(
                        spec: MLPSpec(
                            depth: 1, width: width, activation: act, biasStd: 0.3, seed: UInt64(10 * i + width))))
            }
        }
        let w: [Float] = [1, -1, 0, 1, 0, 0, -1, 1, 0, -2, 0, 0, -0.25, 0.75]
        let b: [Float] = [0, 0.1, -0.5, 0, 0.2, 0, -1e-7]
        nets.append(
            MLP(layers: [
                DenseLayer(inputs: 2, outputs: 7, weights: w, bias: b, activation: .relu),
                DenseLayer(
                    inputs: 7, outputs: 1, weights: [1, -1, 2, 0.5, -0.5, 1, 1], bias: [0.1], activation: .linear),
            ]))
        for net in nets {
            let forward = BatchForward(net)
            let shortcut = forward.evaluateGrid(resolution: r, observe: true)
            let direct = forward.evaluate(coordinates: Landscape.gridCoordinates(r), count: r * r, observe: true)
            guard let a = shortcut.observation, let d = direct.observation else {
                Issue.record("no observation")
                continue
            }
            let same = (
                shortcut.outputs == direct.outputs, a.everPositive == d.everPositive,
                a.everNegative == d.everNegative, a.patternHashes == d.patternHashes
            )
            #expect(
                same == (true, true, true, true), "width \(net.width) r \(r): outputs, pos, neg, hashes equal: \(same)")
        }
        // The hand-made net has a unit that is negative everywhere (2) and one that is 0
        // everywhere (5): neither positive nor negative.
        let flags = BatchForward(nets[nets.count - 1]).evaluateGrid(resolution: r, observe: true).observation
        #expect(flags?.everPositive[0] == [true, true, false, true, true, false, true])
        #expect(flags?.everNegative[0] == [true, true, true, true, true, false, true])
    }

    @Test func zeroBiasAbsNetsAreEvenAndReluNetsHomogeneous() {
        var rng = RandomStream(seed: 77)
        for seed in 0..<20 {
            let abs = MLP(
                spec: MLPSpec(depth: 1 + seed % 5, width: 8, activation: .abs, biasStd: 0, seed: UInt64(seed)))
            let relu = MLP(
                spec: MLPSpec(depth: 1 + seed % 5, width: 8, activation: .relu, biasStd: 0, seed: UInt64(seed)))
            for _ in 0..<10 {
                let p = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
                let a = abs.evaluateReference(p).output, b = abs.evaluateReference(p.map { -$0 }).output
                #expect(Swift.abs(a - b) <= 1e-12 * max(1, Swift.abs(a)))
                let t = rng.uniform(0.1, 3)
                let f = relu.evaluateReference(p).output, g = relu.evaluateReference(p.map { t * $0 }).output
                #expect(Swift.abs(g - t * f) <= 1e-10 * max(1, Swift.abs(g)))
            }
        }
    }
}
