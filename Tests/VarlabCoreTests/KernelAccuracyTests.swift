import Foundation
import Testing
import VarlabCore

/// The vectorised float32 activations (docs/measures.md, "Kernels") against the float64
/// definitions: relative error at most 1e-6 over the whole float range, with an absolute
/// floor of 1e-37 where the true value underflows float32, and sin for |x| <= 1e6.
@Suite struct KernelAccuracyTests {
    /// Inputs that cover the range: a dense grid near 0, every binade from 1e-30 to 1e30
    /// of both signs (several points each), the special points, and random values.
    static func inputs(limit: Float = .greatestFiniteMagnitude) -> [Float] {
        var xs: [Float] = [
            0, -0, 0.5, -0.5, 0.625, -0.625, 9, -9, 13.5, -13.5, 87, -87, 88, -88, .leastNonzeroMagnitude,
            -.leastNonzeroMagnitude,
        ]
        for k in -4000...4000 { xs.append(Float(k) / 200) }
        var e: Float = 1e-30
        while e < 1e30 {
            for m: Float in [1, 1.1, 1.37, 1.5, 1.9, 2.5, 3.14159, 5, 7.7] { xs += [e * m, -e * m] }
            e *= 10
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20000 { xs.append(Float.random(in: -30...30, using: &rng)) }
        return xs.filter { $0.isFinite && Swift.abs($0) <= limit }
    }

    static func worst(_ act: Activation, _ xs: [Float]) -> (error: Double, at: Float) {
        var fast = xs
        act.applyToTile(&fast)
        var worst = (0.0, Float(0))
        for (x, f) in zip(xs, fast) {
            let reference = act.apply(Double(x))
            let error = Swift.abs(Double(f) - reference) / max(Swift.abs(reference), 1e-37 / 1e-6)
            if !(error <= worst.0) { worst = (error, x) }
        }
        return worst
    }

    /// Every registered activation with a smooth kernel but sin (tested below, by its paths).
    @Test(arguments: Activation.all.filter { !$0.definition.isPiecewiseLinear && $0 != .sin })
    func smoothActivationsWithinOneMillionth(act: Activation) {
        let (error, at) = Self.worst(act, Self.inputs())
        #expect(error <= 1e-6, "\(act): relative error \(error) at x = \(at)")
    }

    /// sin has three paths by the largest |x| of a tile: float up to 1000 (every tile in
    /// practice), a double reduction up to 1e6, libm beyond. Near the zeros of sin the
    /// relative error is the hardest, so the floats next to k pi are tried too.
    @Test(arguments: [Float(1000), 1e6])
    func sineWithinOneMillionth(limit: Float) {
        var xs = Self.inputs(limit: limit)
        let step = limit <= 1000 ? 1 : 997
        for k in stride(from: 1, to: Int(Double(limit) / Double.pi), by: step) {
            let x = Float(Double(k) * Double.pi)
            xs += [x, x.nextUp, x.nextDown, -x]
        }
        xs = xs.filter { Swift.abs($0) <= limit }
        let (error, at) = Self.worst(.sin, xs)
        #expect(error <= 1e-6, "sin up to \(limit): relative error \(error) at x = \(at)")
    }

    @Test func sineBeyondAMillionIsLibm() {
        var far: [Float] = [3e7, -1e20, 0.5]
        Activation.sin.applyToTile(&far)
        #expect(far[0] == Float(Foundation.sin(3e7)) && far[2] == Float(Foundation.sin(0.5)))
    }

    /// The float64 path of nearly flat landscapes (docs/measures.md, "Kernels"): Cephes's
    /// rational forms against libm, relative error at most 4e-15 with an absolute floor of
    /// 1e-300, over every binade from 1e-300 to 1e300, a dense grid, the points where the
    /// forms change (0.5, 0.625, 1 and 8 for erfc, times sqrt 2 for gelu) and random values.
    /// Every registered activation (a code without a case in vl_activate_f64 aborts this test
    /// with the code's number: no silent identity).
    @Test(arguments: Activation.all)
    func float64PathWithinFourUlps(act: Activation) {
        var xs: [Double] = [0, -0.0, 709, -709, 710, -710, 745, -745, 1e308, -1e308]
        for k in -40000...40000 { xs.append(Double(k) / 1000) }
        for edge in [
            0.5, 0.625, 1, 8, 26.5, 0.5 * 2.0.squareRoot(), 2.0.squareRoot(), 8 * 2.0.squareRoot(),
            26.5 * 2.0.squareRoot(),
        ] {
            for x in [edge, edge.nextUp, edge.nextDown] { xs += [x, -x] }
        }
        var e = 1e-300
        while e < 1e300 {
            for m in [1, 1.1, 1.37, 1.5, 1.9, 2.5, 3.14159, 5, 7.7] { xs += [e * m, -e * m] }
            e *= 10
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50000 { xs.append(Double.random(in: -40...40, using: &rng)) }
        var fast = xs
        act.applyToTile(&fast)
        var worst = (error: 0.0, at: 0.0)
        for (x, f) in zip(xs, fast) {
            let reference = act.apply(x)
            let error = Swift.abs(f - reference) / max(Swift.abs(reference), 1e-300 / 4e-15)
            if !(error <= worst.error) { worst = (error, x) }
        }
        #expect(worst.error <= 4e-15, "\(act): relative error \(worst.error) at x = \(worst.at)")
    }

    /// A chunk of 8 values that all lie in tanh's or gelu's first range takes a shorter path
    /// (smooth_activations.c, RANGED_CHUNKS), which must give the general path's bits: the
    /// same values run in whole chunks, then with a far value in every chunk.
    @Test(arguments: Activation.all)
    func theRangedFloat64PathGivesTheGeneralPathsBits(act: Activation) {
        let small = (0..<8000).map { Double($0 - 4000) / 8000 * 1.2 }  // |x| <= 0.6
        var ranged = small
        act.applyToTile(&ranged)
        var mixed: [Double] = [], at: [Int] = []
        for (i, x) in small.enumerated() {
            at.append(mixed.count)
            mixed.append(x)
            if i % 7 == 6 { mixed.append(30) }
        }
        act.applyToTile(&mixed)
        for (i, j) in at.enumerated() {
            #expect(ranged[i].bitPattern == mixed[j].bitPattern, "\(act) at \(small[i])")
        }
    }

    /// A chunk of 16 float32 values that all lie in |x| < 1.25 takes gelu's polynomial
    /// (smooth_activations.c, gelu_small_f), the rest the general form: both within 1e-6 of
    /// float64, the polynomial checked on whole chunks up to the boundary and beside it.
    @Test func geluPolynomialRangeWithinOneMillionth() {
        let inside = (0..<32768).map { Float($0 - 16384) / 16384 * 1.2499 }
        let boundary: [Float] = [1.25, -1.25, Float(1.25).nextDown, -Float(1.25).nextDown]
        var chunks: [Float] = []
        for x in boundary { chunks += [Float](repeating: x, count: 16) }
        let (error, at) = Self.worst(.gelu, inside + chunks)
        #expect(error <= 1e-6, "gelu: relative error \(error) at x = \(at)")
    }

    /// The piecewise-linear kernels are exact.
    @Test func piecewiseLinearKernelsAreExact() {
        let xs = Self.inputs()
        for act in [Activation.relu, .abs, .leaky(slope: 0.01), .linear] {
            var fast = xs
            act.applyToTile(&fast)
            #expect(zip(xs, fast).allSatisfy { $0.1 == act.apply($0.0) }, "\(act)")
        }
    }
}
