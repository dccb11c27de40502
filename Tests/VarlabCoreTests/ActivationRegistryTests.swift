import CKernels
import Foundation
import Testing
import VarlabCore

/// Every registered activation's declarations agree with each other: the derivative with
/// central differences of phi, a closed-form gain and correlation map with quadrature, the
/// breakpoints with where phi' jumps, and the names with the parser of names.
@Suite struct ActivationRegistryTests {
    static let acts = Activation.all + [.leaky(slope: 0.3)]

    @Test(arguments: acts)
    func derivativeMatchesCentralDifferences(act: Activation) {
        let h = 1e-6
        for z in stride(from: -2.95, through: 2.95, by: 0.1)
        where !act.definition.breakpoints.contains(where: { abs($0 - z) < 1e-3 }) {
            let fd = (act.apply(z + h) - act.apply(z - h)) / (2 * h)
            #expect(abs(fd - act.derivative(z)) < 1e-6 * max(1, abs(fd)), "\(act) at \(z)")
            #expect(
                abs(Double(act.apply(Float(z))) - act.apply(z)) < 1e-6 * max(1, abs(act.apply(z))),
                "float32 form of \(act) at \(z)")
        }
    }

    /// What training computes with one libm call (phi and phi' sharing tanh's t, sigmoid's s,
    /// gelu's erfc) is what `apply` and `derivative` compute, to the bit, over 20,000 values
    /// from 1e-8 to 40 in size, both signs, and 0.
    @Test(arguments: acts)
    func valueAndDerivativeAreApplyAndDerivativeToTheBit(act: Activation) {
        var rng = RandomStream(seed: 36, stream: 1)
        let zs =
            [0.0, -0.0]
            + (0..<20_000).map { _ in (rng.index(below: 2) == 0 ? -1.0 : 1.0) * exp(rng.uniform(-18.4, 3.7)) }
        for z in zs {
            let (value, slope) = act.valueAndDerivative(z)
            #expect(value.bitPattern == act.apply(z).bitPattern, "\(act) at \(z)")
            #expect(slope.bitPattern == act.derivative(z).bitPattern, "\(act)' at \(z)")
        }
    }

    @Test(arguments: acts)
    func gainKeepsTheSecondMomentAtOne(act: Activation) {
        let moment = GaussianQuadrature.expectation {
            let v = act.apply($0)
            return v * v
        }
        #expect(abs(act.gainSquared * moment - 1) < 1e-6, "\(act): g^2 E[phi^2] = \(act.gainSquared * moment)")
    }

    @Test(arguments: acts)
    func correlationMapAgreesWithQuadrature(act: Activation) {
        for c in [-0.7, 0.0, 0.4, 0.9] {
            let quad =
                act.gainSquared * GaussianQuadrature.expectation2(correlation: c) { act.apply($0) * act.apply($1) }
            // The trapezoid rule loses accuracy at a kink, hence the loose tolerance.
            #expect(abs(MeanFieldTheory.correlationMap(act, c) - quad) < 1e-3, "\(act) at c = \(c)")
        }
    }

    @Test(arguments: acts)
    func breakpointsAreWhereTheSlopeJumps(act: Activation) {
        for b in act.definition.breakpoints {
            let jump = abs(act.derivative(b + 1e-9) - act.derivative(b - 1e-9))
            #expect(jump > 1e-3 || act == .elu, "\(act) has no kink at \(b)")
        }
        // A smooth activation's derivative is continuous on a fine grid.
        if act.definition.breakpoints.isEmpty {
            for z in stride(from: -3.0, through: 3.0, by: 0.01) {
                #expect(abs(act.derivative(z + 1e-7) - act.derivative(z)) < 1e-4)
            }
        }
    }

    @Test func namesRoundTrip() {
        #expect(Activation.names.count == Set(Activation.names).count)
        for act in Activation.all {
            #expect(Activation(name: act.name) == act)
            #expect(!act.definition.doc.isEmpty)
        }
        #expect(Activation(name: "leaky", slope: 0.2) == .leaky(slope: 0.2))
        #expect(Activation(name: "identity") == nil)
    }
}

/// The C kernels and the registry name the same codes: every code in kernels.h belongs to
/// exactly one registered activation, so the harness (which loops 0 ..< VL_CODES) and the
/// accuracy tests (which loop over the registry) check a new activation without a list to edit.
@Suite struct KernelCodeRegistryTests {
    @Test func everyKernelCodeIsOneRegisteredActivation() {
        let codes = Activation.all.compactMap { $0.definition.tileCode.map(Int.init) }.sorted()
        #expect(codes == Array(0..<Int(VL_CODES)))
    }

    /// A built-in activation whose only form is Swift's would take the slow per-element path
    /// in both precisions; README "Contributing" asks for the C kernel of both.
    @Test func everyBuiltInHasAKernel() {
        for act in Activation.all { #expect(act.definition.tileCode != nil, "\(act) has no kernel code") }
    }
}
