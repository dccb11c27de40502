import Foundation

/// A pointwise nonlinearity phi applied by a hidden layer.
public enum Activation: Hashable, Sendable, CustomStringConvertible {
    case relu, abs, tanh, linear, sigmoid, elu, gelu, sin
    case leaky(slope: Double)

    public static let defaultLeakySlope = 0.01
    /// Names accepted by `Activation(name:)`, in the order help texts list them.
    public static let names = ["relu", "abs", "tanh", "linear", "leaky", "sigmoid", "elu", "gelu", "sin"]

    public init?(name: String, slope: Double = Activation.defaultLeakySlope) {
        switch name {
        case "relu": self = .relu
        case "abs": self = .abs
        case "tanh": self = .tanh
        case "linear", "identity": self = .linear
        case "leaky", "leaky_relu": self = .leaky(slope: slope)
        case "sigmoid": self = .sigmoid
        case "elu": self = .elu
        case "gelu": self = .gelu
        case "sin": self = .sin
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .relu: "relu"
        case .abs: "abs"
        case .tanh: "tanh"
        case .linear: "linear"
        case .leaky: "leaky"
        case .sigmoid: "sigmoid"
        case .elu: "elu"
        case .gelu: "gelu"
        case .sin: "sin"
        }
    }

    public var description: String {
        if case .leaky(let a) = self, a != Activation.defaultLeakySlope { return "leaky(\(a))" }
        return name
    }

    public var isLinear: Bool { self == .linear }

    /// leaky with the given slope; every other activation unchanged.
    public func withSlope(_ slope: Double) -> Activation {
        if case .leaky = self { return .leaky(slope: slope) }
        return self
    }

    @inline(__always)
    public func apply(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .abs: return Swift.abs(z)
        case .tanh: return Foundation.tanh(z)
        case .linear: return z
        case .leaky(let a): return z > 0 ? z : a * z
        case .sigmoid: return 1 / (1 + Foundation.exp(-z))
        case .elu: return z > 0 ? z : Foundation.expm1(z)
        case .gelu: return 0.5 * z * (1 + Foundation.erf(z / 2.0.squareRoot()))
        case .sin: return Foundation.sin(z)
        }
    }

    /// d phi / dz; at a kink (z = 0 for relu, abs, leaky) the subgradient 0 is used.
    @inline(__always)
    public func derivative(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? 1 : 0
        case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
        case .tanh:
            let t = Foundation.tanh(z)
            return 1 - t * t
        case .linear: return 1
        case .leaky(let a): return z > 0 ? 1 : (z < 0 ? a : 0)
        case .sigmoid:
            let s = 1 / (1 + Foundation.exp(-z))
            return s * (1 - s)
        case .elu: return z > 0 ? 1 : Foundation.exp(z)
        case .gelu:
            let pdf = Foundation.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
            return 0.5 * (1 + Foundation.erf(z / 2.0.squareRoot())) + z * pdf
        case .sin: return Foundation.cos(z)
        }
    }

    @inline(__always)
    public func apply(_ z: Float) -> Float {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .abs: return Swift.abs(z)
        case .linear: return z
        case .leaky(let a): return z > 0 ? z : Float(a) * z
        default: return Float(apply(Double(z)))
        }
    }

    @inline(__always)
    public func derivative(_ z: Float) -> Float {
        switch self {
        case .relu: return z > 0 ? 1 : 0
        case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
        case .linear: return 1
        case .leaky(let a): return z > 0 ? 1 : (z < 0 ? Float(a) : 0)
        default: return Float(derivative(Double(z)))
        }
    }

    /// The gain g^2 = 1 / E[phi(z)^2], z ~ N(0, 1), that keeps the signal's second
    /// moment at 1 from layer to layer ("well-scaled" weights, SCIENCE.md section 2).
    public var gainSquared: Double {
        switch self {
        case .relu: return 2
        case .abs, .linear: return 1
        case .leaky(let a): return 2 / (1 + a * a)
        default: return 1 / GaussianQuadrature.expectation { let v = self.apply($0); return v * v }
        }
    }
}
