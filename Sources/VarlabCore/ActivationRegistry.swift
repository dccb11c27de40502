import CKernels
import Foundation

/// Everything varlab knows about one activation, declared once. Nets, training, theory, the
/// language (names, help, choices) and the tests all read these declarations; README's
/// "Contributing" says how to add one.
public struct ActivationDefinition: Sendable {
    /// What one side of the breakpoint does: passes a constant, an affine function, or bends.
    public enum Piece: Sendable { case constant, affine, curved }

    /// The name the language, files and help use.
    public let name: String
    /// What it computes, for help texts: "max(0, x)".
    public let doc: String
    /// phi(z) and phi'(z) in float64; the second argument is leaky's slope.
    let apply: @Sendable (Double, Double) -> Double
    let derivative: @Sendable (Double, Double) -> Double
    /// g^2 = 1 / E[phi(z)^2] in closed form; nil: by quadrature.
    let gainSquared: (@Sendable (Double) -> Double)?
    /// Where the activation switches between pieces (empty for smooth activations). varlab's
    /// activations have at most one, at 0, with `below` and `above` describing its sides.
    public let breakpoints: [Double]
    /// What the activation does below its breakpoint.
    public let below: Piece
    /// What the activation does above its breakpoint.
    public let above: Piece
    /// phi(a z) = a phi(z) for a > 0, so the mean-field length map needs no integral.
    let homogeneous: Bool
    /// The zero-bias mean-field correlation map c -> c' in closed form; nil: by quadrature.
    let correlationMap: (@Sendable (Double, Double) -> Double)?
    /// Code of the C kernels' fused path (kernels.h), or nil: applied in Swift.
    let kernelCode: Int32?
    /// Code of a vectorised float32 version applied to whole tiles (smooth_activations.c,
    /// within 1e-6 relative error of `apply`), for activations without a fused path.
    var smoothCode: Int32? = nil
    /// A by-product of phi(z) that phi'(z) reuses (tanh's t, sigmoid's s, gelu's erfc), which
    /// training keeps from the forward pass instead of calling libm again for the derivative.
    /// Both closures compute what `apply` and `derivative` compute, operation for operation, so
    /// the trained numbers are the same to the bit. nil: the derivative shares nothing.
    var reuse: Reuse? = nil
    /// False for a custom activation: whether it has breakpoints is not known, so the unit
    /// measures that need them are absent for that reason (MeasureAbsence).
    public var breakpointsKnown = true

    /// The code vl_activate and vl_activate_f64 apply to a stored tile (kernels.h), or nil:
    /// applied in Swift. Public so that tests can check every code against the kernels.
    public var tileCode: Int32? { kernelCode ?? smoothCode }

    /// Made of affine pieces (relu, abs, leaky, linear): linear regions and sign patterns exist.
    public var isPiecewiseLinear: Bool { below != .curved && above != .curved }

    /// Whether the mean-field maps have closed forms (cheap for any depth).
    public var hasClosedForm: Bool { correlationMap != nil }

    /// phi(z) with what phi'(z) can reuse, and phi'(z) from z and that.
    struct Reuse: Sendable {
        let apply: @Sendable (Double) -> (value: Double, kept: Double)
        let derivative: @Sendable (Double, Double) -> Double
    }
}

extension ActivationDefinition {
    static let relu = ActivationDefinition(
        name: "relu", doc: "max(0, x)", apply: { z, _ in z > 0 ? z : 0 }, derivative: { z, _ in z > 0 ? 1 : 0 },
        gainSquared: { _ in 2 }, breakpoints: [0], below: .constant, above: .affine, homogeneous: true,
        correlationMap: { c, _ in ((1 - c * c).squareRoot() + (Double.pi - acos(c)) * c) / Double.pi },
        kernelCode: Int32(VL_RELU))

    static let abs = ActivationDefinition(
        name: "abs", doc: "|x|, the absolute value", apply: { z, _ in Swift.abs(z) },
        derivative: { z, _ in z > 0 ? 1 : (z < 0 ? -1 : 0) },
        gainSquared: { _ in 1 }, breakpoints: [0], below: .affine, above: .affine, homogeneous: true,
        correlationMap: { c, _ in absMap(c) }, kernelCode: Int32(VL_ABS))

    static let tanh = ActivationDefinition(
        name: "tanh", doc: "hyperbolic tangent", apply: { z, _ in Foundation.tanh(z) },
        derivative: { z, _ in
            let t = Foundation.tanh(z)
            return 1 - t * t
        },
        gainSquared: nil, breakpoints: [], below: .curved, above: .curved, homogeneous: false, correlationMap: nil,
        kernelCode: nil, smoothCode: Int32(VL_TANH),
        reuse: Reuse(
            apply: { z in
                let t = Foundation.tanh(z)
                return (t, t)
            }, derivative: { _, t in 1 - t * t }))

    static let linear = ActivationDefinition(
        name: "linear", doc: "x itself (no nonlinearity)", apply: { z, _ in z }, derivative: { _, _ in 1 },
        gainSquared: { _ in 1 }, breakpoints: [], below: .affine, above: .affine, homogeneous: true,
        correlationMap: { c, _ in c }, kernelCode: Int32(VL_LINEAR))

    /// leaky(x) = ((1 + a) x + (1 - a)|x|) / 2: the cross terms of the map vanish by symmetry.
    static let leaky = ActivationDefinition(
        name: "leaky", doc: "x if x > 0 else slope * x (slope 0.01)", apply: { z, a in z > 0 ? z : a * z },
        derivative: { z, a in z > 0 ? 1 : (z < 0 ? a : 0) }, gainSquared: { a in 2 / (1 + a * a) }, breakpoints: [0],
        below: .affine, above: .affine, homogeneous: true,
        correlationMap: { c, a in ((1 + a) * (1 + a) * c + (1 - a) * (1 - a) * absMap(c)) / (2 * (1 + a * a)) },
        kernelCode: Int32(VL_LEAKY))

    static let sigmoid = ActivationDefinition(
        name: "sigmoid", doc: "1 / (1 + e^-x)", apply: { z, _ in 1 / (1 + Foundation.exp(-z)) },
        derivative: { z, _ in
            let s = 1 / (1 + Foundation.exp(-z))
            return s * (1 - s)
        },
        gainSquared: nil, breakpoints: [], below: .curved, above: .curved, homogeneous: false, correlationMap: nil,
        kernelCode: nil, smoothCode: Int32(VL_SIGMOID),
        reuse: Reuse(
            apply: { z in
                let s = 1 / (1 + Foundation.exp(-z))
                return (s, s)
            }, derivative: { _, s in s * (1 - s) }))

    static let elu = ActivationDefinition(
        name: "elu", doc: "x if x > 0 else e^x - 1", apply: { z, _ in z > 0 ? z : Foundation.expm1(z) },
        derivative: { z, _ in z > 0 ? 1 : Foundation.exp(z) },
        gainSquared: nil, breakpoints: [0], below: .curved, above: .affine, homogeneous: false, correlationMap: nil,
        kernelCode: nil, smoothCode: Int32(VL_ELU))

    static let gelu = ActivationDefinition(
        name: "gelu", doc: "x * Phi(x), Phi the normal CDF",
        apply: { z, _ in 0.5 * z * Foundation.erfc(-z / 2.0.squareRoot()) },
        derivative: { z, _ in
            let pdf = Foundation.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
            return 0.5 * Foundation.erfc(-z / 2.0.squareRoot()) + z * pdf
        },
        gainSquared: nil, breakpoints: [], below: .curved, above: .curved, homogeneous: false, correlationMap: nil,
        kernelCode: nil, smoothCode: Int32(VL_GELU),
        reuse: Reuse(
            apply: { z in
                let e = Foundation.erfc(-z / 2.0.squareRoot())
                return (0.5 * z * e, e)
            },
            derivative: { z, e in
                let pdf = Foundation.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
                return 0.5 * e + z * pdf
            }))

    static let sin = ActivationDefinition(
        name: "sin", doc: "sine", apply: { z, _ in Foundation.sin(z) }, derivative: { z, _ in Foundation.cos(z) },
        gainSquared: nil, breakpoints: [], below: .curved, above: .curved, homogeneous: false, correlationMap: nil,
        kernelCode: nil, smoothCode: Int32(VL_SIN))

    /// (2 / pi)(sqrt(1 - c^2) + c arcsin c) = E|u||v| for unit normals of correlation c.
    static func absMap(_ c: Double) -> Double {
        2 / Double.pi * ((1 - c * c).squareRoot() + c * asin(c))
    }
}

extension Activation {
    /// phi over many float32 values at once, as the forward kernels apply it to a tile
    /// (vectorised C where the activation has a code, float64 otherwise).
    public func applyToTile(_ z: inout [Float]) {
        if let program = custom?.program {
            return z.withUnsafeMutableBufferPointer { program.apply($0.baseAddress!, count: $0.count) }
        }
        guard let code = definition.tileCode else {
            for j in z.indices { z[j] = apply(z[j]) }
            return
        }
        let slope = Float(self.slope)
        z.withUnsafeMutableBufferPointer { vl_activate($0.baseAddress, Int32($0.count), code, slope) }
    }
}

extension Activation {
    /// phi over float64 values, as the precise landscapes apply it (docs/measures.md,
    /// "Kernels": vectorised C within 1e-15 of the definitions).
    public func applyToTile(_ z: inout [Double]) {
        PreciseLandscape.activate(&z, count: z.count, self)
    }
}
