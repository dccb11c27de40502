import Testing
import VarlabCore

/// float32 landscapes near float32's rounding floor are recomputed in float64
/// (docs/measures.md, "Measures of one landscape").
@Suite struct PrecisionTests {
    @Test func affineNetsHaveExactlyFlatDifferences() {
        for depth in [1, 3, 64] {
            let net = MLP(spec: MLPSpec(depth: depth, width: 12, activation: .linear, seed: 5))
            let probe = LandscapeProbe(net: net, resolution: 64, observe: false)
            let m = LandscapeMeasures(probe.landscape)
            #expect(probe.isFloat64)
            #expect(m.v(2) <= 1e-12 && m.v(3) <= 1e-12 && m.v(4) <= 1e-12, "depth \(depth): \(m.variability)")
            #expect(m.v(1) > 0)   // a plane still has first differences
        }
    }

    /// Smooth nets agree with the float64 landscape to 1%, on both sides of the threshold.
    @Test(arguments: [(Activation.sigmoid, 128), (.tanh, 64), (.gelu, 96), (.relu, 64)])
    func smoothNetsAgreeWithFloat64(act: Activation, grid: Int) {
        for seed in 0..<4 {
            let net = MLP(spec: MLPSpec(depth: 4, width: 16, activation: act, seed: UInt64(seed)))
            let fast = LandscapeMeasures(LandscapeProbe(net: net, resolution: grid, observe: false).landscape)
            let exact = LandscapeMeasures(PreciseLandscape.float64(net, resolution: grid))
            for k in 2...4 where exact.v(k) > 0 {
                #expect(abs(fast.v(k) / exact.v(k) - 1) < 0.01, "\(act) seed \(seed) V\(k): \(fast.v(k)) vs \(exact.v(k))")
            }
        }
    }

    /// The float64 path is the same function as the float32 kernels; widths that take each
    /// of its row blocks (6, 4, 2 and 1 rows) and their mixtures.
    @Test(arguments: [1, 2, 3, 5, 6, 7, 8, 11, 13])
    func float64PathMatchesTheReferenceEvaluation(width: Int) {
        let net = MLP(spec: MLPSpec(depth: 3, width: width, activation: .abs, seed: 2))
        let l = PreciseLandscape.float64(net, resolution: 5)
        let axis = Landscape.axis(5)
        for i in 0..<5 {
            for j in 0..<5 {
                #expect(abs(l[i, j] - net.evaluateReference([axis[j], axis[i]]).output) < 1e-12, "width \(width)")
            }
        }
    }
}
