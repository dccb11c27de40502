import VarlabCore

/// A builtin function: its documented signature and its implementation.
public final class Builtin: @unchecked Sendable {
    public struct Parameter: Sendable {
        public var name: String
        /// Shown in help; nil means required.
        public var defaultText: String?
        public var doc: String
        public init(_ name: String, default defaultText: String? = nil, _ doc: String) {
            self.name = name
            self.defaultText = defaultText
            self.doc = doc
        }
    }

    public let name: String
    public let summary: String
    public let parameters: [Parameter]
    /// Accepts any number of positional arguments (print, min, max ...).
    public let variadic: Bool
    public let example: String
    public let topic: String
    let isActivation: Bool
    let run: (CallContext) throws -> Value

    init(_ name: String, topic: String, _ summary: String, parameters: [Parameter] = [], variadic: Bool = false,
         example: String, isActivation: Bool = false, run: @escaping (CallContext) throws -> Value) {
        self.name = name
        self.topic = topic
        self.summary = summary
        self.parameters = parameters
        self.variadic = variadic
        self.example = example
        self.isActivation = isActivation
        self.run = run
    }

    public var signature: String {
        let params = parameters.map { p in p.defaultText.map { "\(p.name): \($0)" } ?? p.name }
        return "\(name)(\(params.joined(separator: ", "))\(variadic ? (params.isEmpty ? "..." : ", ...") : ""))"
    }
}

/// One call of a builtin: the bound arguments with typed, checked accessors. Every
/// accessor error names the function and the argument and points at the argument.
public struct CallContext {
    public let interpreter: Interpreter
    public let builtin: Builtin
    public let location: SourceLocation
    var values: [String: Value]
    var locations: [String: SourceLocation]
    /// Extra positional arguments of a variadic builtin.
    public let rest: [Value]

    var host: InterpreterHost { interpreter.host }

    public func has(_ name: String) -> Bool { values[name] != nil && !isNil(name) }

    private func isNil(_ name: String) -> Bool {
        if case .nil = values[name] { return true }
        return false
    }

    public func value(_ name: String) -> Value? { values[name] }

    public func error(_ message: String, argument: String? = nil) -> VarlabError {
        .runtime(message, at: argument.flatMap { locations[$0] } ?? location)
    }

    func argumentError(_ name: String, _ message: String) -> VarlabError {
        error("\(builtin.name): argument '\(name)' \(message)", argument: name)
    }

    public func required(_ name: String) throws -> Value {
        guard let v = values[name] else { throw error("\(builtin.name): missing argument '\(name)' (see :help \(builtin.name))") }
        return v
    }

    public func number(_ name: String, default fallback: Double? = nil) throws -> Double {
        guard let v = values[name] else {
            if let fallback { return fallback }
            return try number(name, from: required(name))
        }
        return try number(name, from: v)
    }

    func number(_ name: String, from v: Value) throws -> Double {
        guard case .number(let x) = v else { throw argumentError(name, "must be a number, got a \(v.typeName)") }
        guard x.isFinite else { throw argumentError(name, "must be a finite number, got \(x)") }
        return x
    }

    /// A whole number in `range`; fractions, NaN and out-of-range values are errors.
    public func integer(_ name: String, default fallback: Int? = nil, in range: ClosedRange<Int>, limitHint: String? = nil) throws -> Int {
        let x = try number(name, default: fallback.map(Double.init))
        guard x == x.rounded() else { throw argumentError(name, "must be a whole number, got \(formatNumber(x))") }
        guard x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            let hint = limitHint.map { " (\($0))" } ?? ""
            throw argumentError(name, "must be between \(range.lowerBound) and \(range.upperBound), got \(formatNumber(x))\(hint)")
        }
        return Int(x)
    }

    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let v = values[name] else { return fallback }
        guard case .bool(let b) = v else { throw argumentError(name, "must be true or false, got a \(v.typeName)") }
        return b
    }

    public func string(_ name: String, default fallback: String? = nil) throws -> String {
        guard let v = values[name] else {
            if let fallback { return fallback }
            return try string(name, from: required(name))
        }
        return try string(name, from: v)
    }

    func string(_ name: String, from v: Value) throws -> String {
        guard case .string(let s) = v else { throw argumentError(name, "must be a string, got a \(v.typeName)") }
        return s
    }

    public func list(_ name: String) throws -> [Value] {
        let v = try required(name)
        guard case .list(let items) = v else { throw argumentError(name, "must be a list, got a \(v.typeName)") }
        return items
    }

    public func numbers(_ name: String) throws -> [Double] {
        try list(name).map { try number(name, from: $0) }
    }

    /// An activation: a function value such as `relu`, or its name as a string.
    public func activation(_ name: String, default fallback: Activation, slope: Double = Activation.defaultLeakySlope) throws -> Activation {
        guard let v = values[name] else { return fallback }
        return try activation(name, from: v, slope: slope)
    }

    func activation(_ name: String, from v: Value, slope: Double = Activation.defaultLeakySlope) throws -> Activation {
        switch v {
        case .function(let f):
            if let act = f.activation {
                if case .leaky = act { return .leaky(slope: slope) }
                return act
            }
            throw argumentError(name, "must be an activation (\(Activation.names.joined(separator: ", "))), got the function '\(f.name)'")
        case .string(let s):
            if let act = Activation(name: s, slope: slope) { return act }
            throw argumentError(name, "'\(s)' is not an activation\(Suggestion.hint(for: s, in: Activation.names))")
        default:
            throw argumentError(name, "must be an activation such as relu or abs, got a \(v.typeName)")
        }
    }

    public func checkInterrupted() throws {
        if host.isInterrupted { throw VarlabError.interrupted }
    }
}

func formatNumber(_ x: Double) -> String {
    ValueFormatter.number(x)
}
