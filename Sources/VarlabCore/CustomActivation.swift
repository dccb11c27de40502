import Foundation

/// An activation a user brings (docs/measures.md, "Custom activations"): an expression (what
/// the language compiles `fn (x) { ... }` into; evaluated a tile at a time and differentiated
/// forward-mode) or a pair of Swift closures. Checked when made, so that a net never meets a
/// NaN the user could have been told about: phi and phi' finite at every probe input, a given
/// derivative agreeing with central differences, and a gain that exists.
public final class CustomActivation: Sendable, Hashable, CustomStringConvertible {
    /// The function's name ("custom" for a nameless one).
    public let name: String
    /// The text the user wrote, for provenance (nil for Swift closures).
    public let source: String?
    /// The expression (nil for Swift closures).
    public let expression: ActivationExpression?
    /// 16 hex digits that change whenever the function does: FNV-1a of the expression's JSON
    /// (constants captured from variables included), or for closures of the bits of phi and
    /// phi' at 257 inputs in [-8, 8]. Store keys and net files carry it.
    public let fingerprint: String
    /// g^2 = 1 / E[phi(z)^2], by the quadrature the built-ins without a closed form use.
    public let gainSquared: Double
    let program: ActivationProgram?
    let f: @Sendable (Double) -> Double
    let df: @Sendable (Double) -> Double
    let definition: ActivationDefinition

    /// Why a function cannot be an activation.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case notFinite(x: Double, value: Double, derivative: Bool)
        case derivativeDisagrees(x: Double, given: Double, estimated: Double)
        case noGain
        case tooLarge(nodes: Int)
        case tooDeep(depth: Int)

        /// The refusal in words, naming the input where it applies.
        public var description: String {
            switch self {
            case .notFinite(let x, let v, let derivative):
                return "\(derivative ? "its derivative is" : "it gives") \(Self.text(v)) at x = \(Self.text(x)): an "
                    + "activation must be a finite number, with a finite derivative, at every input (checked at "
                    + "\(CustomActivation.probeInputs.count) inputs in [-50, 50])"
            case .derivativeDisagrees(let x, let given, let estimated):
                return "the derivative given is \(Self.text(given)) at x = \(Self.text(x)), but central differences "
                    + "of the function give \(Self.text(estimated))"
            case .noGain:
                return "E[phi(z)^2] is 0 for z ~ N(0, 1), so no gain can scale it (is it 0 almost everywhere?)"
            case .tooLarge(let nodes):
                return "its body has \(nodes) operations, more than \(ActivationExpression.maximumNodes)"
            case .tooDeep(let depth):
                return "its body nests \(depth) deep, more than \(ActivationExpression.maximumDepth)"
            }
        }

        static func text(_ x: Double) -> String {
            x.isNaN ? "NaN" : (x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : String(x))
        }
    }

    /// From an expression: its derivative by forward-mode differentiation.
    public init(name: String, expression: ActivationExpression, source: String? = nil) throws {
        let nodes = expression.nodeCount, depth = expression.depth
        guard nodes <= ActivationExpression.maximumNodes else { throw Refusal.tooLarge(nodes: nodes) }
        guard depth <= ActivationExpression.maximumDepth else { throw Refusal.tooDeep(depth: depth) }
        let program = ActivationProgram(expression)
        self.name = name
        self.source = source
        self.expression = expression
        self.program = program
        f = { expression.value(at: $0) }
        df = { expression.dual(at: $0).derivative }
        fingerprint = CustomActivation.hash(Array(expression.json.text.utf8))
        definition = CustomActivation.definition(name: name, doc: source ?? expression.json.text, f: f, df: df)
        try CustomActivation.check(program: program)
        gainSquared = try CustomActivation.gain(f)
    }

    /// From Swift closures: the derivative is the caller's, checked against central differences
    /// at 1,000 inputs in [-4, 4].
    public init(
        name: String, f: @escaping @Sendable (Double) -> Double, derivative: @escaping @Sendable (Double) -> Double
    ) throws {
        self.name = name
        source = nil
        expression = nil
        program = nil
        self.f = f
        df = derivative
        var bits: [UInt8] = []
        for i in 0...256 {
            let x = Double(i - 128) / 16
            for v in [f(x), derivative(x)] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bits += $0 } }
        }
        fingerprint = CustomActivation.hash(Array(name.utf8) + bits)
        definition = CustomActivation.definition(name: name, doc: "custom activation (Swift)", f: f, df: derivative)
        try CustomActivation.check(values: CustomActivation.probeInputs.map { (f($0), derivative($0)) })
        try CustomActivation.checkDerivative(f, derivative)
        gainSquared = try CustomActivation.gain(f)
    }

    /// -50 to 50 in steps of 1/200 (0 included): beyond the pre-activations of any
    /// well-scaled net, fine enough to meet a pole such as 1 / (x + 1).
    public static let probeInputs: [Double] = (-10_000...10_000).map { Double($0) / 200 }

    private static func check(program: ActivationProgram) throws {
        var values = probeInputs, slopes = [Double](repeating: 0, count: probeInputs.count)
        values.withUnsafeMutableBufferPointer { program.apply($0.baseAddress!, count: $0.count, exact: true) }
        probeInputs.withUnsafeBufferPointer { z in
            slopes.withUnsafeMutableBufferPointer {
                program.derivative(z.baseAddress!, into: $0.baseAddress!, count: z.count)
            }
        }
        try check(values: Array(zip(values, slopes)))
    }

    /// Refuses the first probe input with a non-finite value or derivative.
    private static func check(values: [(Double, Double)]) throws {
        for (x, (v, d)) in zip(probeInputs, values) {
            guard v.isFinite else { throw Refusal.notFinite(x: x, value: v, derivative: false) }
            guard d.isFinite else { throw Refusal.notFinite(x: x, value: d, derivative: true) }
        }
    }

    /// The same quadrature, over the same function values, as a built-in's gain: so
    /// `fn (x) { tanh(x) }` draws tanh's weights to the bit.
    private static func gain(_ f: (Double) -> Double) throws -> Double {
        let second = GaussianQuadrature.expectation { f($0) * f($0) }
        guard second > 0, (1 / second).isFinite else { throw Refusal.noGain }
        return 1 / second
    }

    private static func checkDerivative(
        _ f: (Double) -> Double, _ derivative: (Double) -> Double
    ) throws {
        // Shifted off the grid of round numbers, where kinks (0) usually are; a point within h
        // of a kink disagrees honestly, so two are forgiven.
        var disagreements: [Refusal] = []
        for i in 0..<1000 {
            let x = -4 + (Double(i) + 0.318_309_886) * 0.008
            let h = 1e-6 * max(1, Swift.abs(x))
            let estimated = (f(x + h) - f(x - h)) / (2 * h)
            let given = derivative(x)
            if !(Swift.abs(given - estimated) <= 1e-4 * (1 + Swift.abs(estimated))) {
                disagreements.append(.derivativeDisagrees(x: x, given: given, estimated: estimated))
            }
        }
        if disagreements.count > 2, let first = disagreements.first { throw first }
    }

    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let text = String(h, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    private static func definition(
        name: String, doc: String, f: @escaping @Sendable (Double) -> Double,
        df: @escaping @Sendable (Double) -> Double
    ) -> ActivationDefinition {
        ActivationDefinition(
            name: name, doc: doc, apply: { z, _ in f(z) }, derivative: { z, _ in df(z) }, gainSquared: nil,
            breakpoints: [], below: .curved, above: .curved, homogeneous: false, correlationMap: nil, kernelCode: nil,
            breakpointsKnown: false)
    }

    /// The name and the first 8 digits of the hash: "softsign #b031bb0b".
    public var description: String { "\(name) #\(fingerprint.prefix(8))" }

    /// Equal when the names and fingerprints are equal (the same function, so the same nets).
    public static func == (a: CustomActivation, b: CustomActivation) -> Bool {
        a.name == b.name && a.fingerprint == b.fingerprint
    }

    /// Hashes the name and the fingerprint.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(fingerprint)
    }
}
