/// A pointwise nonlinearity phi applied by a hidden layer. What each one computes is
/// declared once, in ActivationRegistry.swift; this enum names them.
public enum Activation: Hashable, Sendable, CustomStringConvertible {
    case relu, abs, tanh, linear, sigmoid, elu, gelu, sin
    case leaky(slope: Double)
    /// One the user brings (CustomActivation.swift): never in `all`, never named by `init(name:)`.
    case custom(CustomActivation)

    /// A custom activation from Swift closures, checked (CustomActivation.Refusal says why not).
    public static func custom(
        name: String, f: @escaping @Sendable (Double) -> Double, derivative: @escaping @Sendable (Double) -> Double
    ) throws -> Activation {
        .custom(try CustomActivation(name: name, f: f, derivative: derivative))
    }

    /// A custom activation from an expression, its derivative by forward-mode differentiation.
    public static func custom(name: String, expression: ActivationExpression, source: String? = nil) throws
        -> Activation
    {
        .custom(try CustomActivation(name: name, expression: expression, source: source))
    }

    /// The custom activation, or nil for a built-in.
    public var custom: CustomActivation? {
        if case .custom(let c) = self { return c }
        return nil
    }

    /// leaky's negative slope when none is given (0.01).
    public static let defaultLeakySlope = 0.01

    /// Every activation, in the order help texts list them.
    public static let all: [Activation] = [
        .relu, .abs, .tanh, .linear, .leaky(slope: defaultLeakySlope), .sigmoid, .elu, .gelu, .sin,
    ]

    /// Everything declared about this activation (ActivationRegistry.swift), or a custom one's own.
    public var definition: ActivationDefinition {
        switch self {
        case .relu: .relu
        case .abs: .abs
        case .tanh: .tanh
        case .linear: .linear
        case .leaky: .leaky
        case .sigmoid: .sigmoid
        case .elu: .elu
        case .gelu: .gelu
        case .sin: .sin
        case .custom(let c): c.definition
        }
    }

    /// Names accepted by `Activation(name:)`.
    public static let names = all.map(\.name)

    /// The built-in activation of that name (leaky with `slope`); nil for any other name.
    public init?(name: String, slope: Double = Activation.defaultLeakySlope) {
        guard let act = Activation.all.first(where: { $0.name == name }) else { return nil }
        self = act.withSlope(slope)
    }

    /// The name the language and the files use ("relu"; a custom activation's own name).
    public var name: String { definition.name }

    /// The name, with leaky's slope when it is not the default and a custom activation's hash.
    public var description: String {
        if case .leaky(let a) = self, a != Activation.defaultLeakySlope { return "leaky(\(a))" }
        if case .custom(let c) = self { return c.description }
        return name
    }

    /// True only for the identity (a linear layer).
    public var isLinear: Bool { self == .linear }

    /// leaky with the given slope; every other activation unchanged.
    public func withSlope(_ slope: Double) -> Activation {
        if case .leaky = self { return .leaky(slope: slope) }
        return self
    }

    var slope: Double {
        if case .leaky(let a) = self { return a }
        return 0
    }

    /// phi(z) in float64: the piecewise-linear activations inline, the others by their definition.
    @inline(__always)
    public func apply(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .abs: return Swift.abs(z)
        case .linear: return z
        default: return definition.apply(z, slope)
        }
    }

    /// d phi / dz; at a kink (z = 0 for relu, abs, leaky) the subgradient 0 is used.
    @inline(__always)
    public func derivative(_ z: Double) -> Double {
        definition.derivative(z, slope)
    }

    /// phi(z) and phi'(z) together, sharing what they can (tanh's t, sigmoid's s, gelu's erfc),
    /// as training computes them: the same numbers as `apply` and `derivative`, to the bit.
    public func valueAndDerivative(_ z: Double) -> (value: Double, derivative: Double) {
        guard let reuse = definition.reuse else { return (apply(z), derivative(z)) }
        let (value, kept) = reuse.apply(z)
        return (value, reuse.derivative(z, kept))
    }

    // The float32 forms: the piecewise-linear ones inline (the hot path), the rest in float64.
    /// phi(z) in float32.
    @inline(__always)
    public func apply(_ z: Float) -> Float {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .abs: return Swift.abs(z)
        case .linear: return z
        case .leaky(let a): return z > 0 ? z : Float(a) * z
        default: return Float(definition.apply(Double(z), 0))
        }
    }

    /// phi'(z) in float32, with the subgradient 0 at a kink.
    @inline(__always)
    public func derivative(_ z: Float) -> Float {
        switch self {
        case .relu: return z > 0 ? 1 : 0
        case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
        case .linear: return 1
        case .leaky(let a): return z > 0 ? 1 : (z < 0 ? Float(a) : 0)
        default: return Float(definition.derivative(Double(z), 0))
        }
    }

    /// The gain g^2 = 1 / E[phi(z)^2], z ~ N(0, 1), that keeps the signal's second moment
    /// at 1 from layer to layer ("well-scaled" weights, docs/measures.md).
    public var gainSquared: Double {
        if case .custom(let c) = self { return c.gainSquared }
        if let closed = definition.gainSquared { return closed(slope) }
        return Activation.quadratureGains[name] ?? Activation.quadratureGain(self)
    }

    /// Gains without a closed form, by quadrature once per activation rather than once per
    /// net drawn (it was a third of the time of a tanh sweep), for every registered
    /// activation without a closed form. Only leaky has a parameter, and its gain is closed.
    private static let quadratureGains: [String: Double] = Dictionary(
        uniqueKeysWithValues:
            Activation.all.filter { $0.definition.gainSquared == nil }.map { ($0.name, quadratureGain($0)) })

    private static func quadratureGain(_ act: Activation) -> Double {
        1
            / GaussianQuadrature.expectation {
                let v = act.apply($0)
                return v * v
            }
    }
}
