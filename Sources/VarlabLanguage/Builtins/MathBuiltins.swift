import Foundation
import VarlabCore

/// Numbers: the activations (which double as functions), and the usual math.
enum MathBuiltins {
    static var all: [Builtin] { activations + math }

    /// `relu(-2)` is 0 and `act: relu` passes the activation: one value, two uses.
    static var activations: [Builtin] {
        Activation.all.map { act in
            let name = act.name, doc = act.definition.doc
            return Builtin(
                name, topic: .math,
                "Activation \(doc). Applied to a number (or list) it computes; passed as act: it selects the "
                    + "activation.",
                arguments: [x], example: "\(name)(-0.5)\nmlp(depth: 8, act: \(name))", isActivation: true
            ) { c in
                try elementwise(c, x) { act.apply($0) }
            }
        }
    }

    static let x = BuiltinArgument.value("x", "a number or a list of numbers")

    static func unary(
        _ name: String, _ doc: String, domain: String? = nil,
        valid: @escaping @Sendable (Double) -> Bool = { _ in true },
        _ f: @escaping @Sendable (Double) -> Double
    ) -> Builtin {
        Builtin(name, topic: .math, doc, arguments: [x], example: "\(name)(2)") { c in
            try elementwise(c, x) { number in
                guard valid(number) else {
                    throw c.argumentError(x, "must be \(domain ?? "in the domain"), got \(formatNumber(number))")
                }
                return f(number)
            }
        }
    }

    static func elementwise(_ c: CallContext, _ argument: BuiltinArgument<Value>, _ f: (Double) throws -> Double) throws
        -> Value
    {
        func apply(_ v: Value) throws -> Value {
            switch v {
            case .number(let x):
                let y = try f(x)
                guard y.isFinite || !x.isFinite else {
                    throw c.argumentError(argument, "gives a result too large to represent (\(formatNumber(x)))")
                }
                return .number(y)
            case .list(let items): return .list(try items.map(apply))
            default: throw c.argumentError(argument, "must be a number or a list of numbers, got a \(v.typeName)")
            }
        }
        return try apply(try c[argument])
    }

    static let roundedX = BuiltinArgument.value("x", "a number or list")
    static let roundDigits = BuiltinArgument.integer("digits", default: 0, in: 0...15, "decimals to keep (0...15)")

    static var math: [Builtin] {
        [
            unary("exp", "e to the power x.") { Foundation.exp($0) },
            unary("log", "Natural logarithm.", domain: "positive", valid: { $0 > 0 }) { Foundation.log($0) },
            unary("log10", "Base-10 logarithm.", domain: "positive", valid: { $0 > 0 }) { Foundation.log10($0) },
            unary("sqrt", "Square root.", domain: "zero or more", valid: { $0 >= 0 }) { $0.squareRoot() },
            unary("cos", "Cosine.") { Foundation.cos($0) },
            unary("floor", "Largest whole number <= x.") { $0.rounded(.down) },
            unary("ceil", "Smallest whole number >= x.") { $0.rounded(.up) },
            Builtin(
                "round", topic: .math, "Rounds x to `digits` decimals.",
                arguments: [roundedX, roundDigits], example: "round(3.14159, digits: 2)"
            ) { c in
                let digits = try c[roundDigits]
                let scale = Foundation.pow(10, Double(digits))
                return try elementwise(c, roundedX) { ($0 * scale).rounded() / scale }
            },
        ]
    }
}
