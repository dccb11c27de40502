import VarlabCore

/// A builtin function: its documented signature and its implementation.
public final class Builtin: @unchecked Sendable {
    /// One parameter, declared once: its default, range or choices and doc drive both the
    /// code (the typed accessors of CallContext) and `:help`.
    public struct Parameter: Sendable {
        public enum Default: Sendable {
            case number(Double)
            case flag(Bool)
            case text(String)
            /// Shown in help only; the builtin decides (e.g. "the session seed", "nil").
            case described(String)
        }

        public var name: String
        public var doc: String
        /// nil means required.
        public var defaultValue: Default?
        /// A fixed set of names: accepted bare (`init: xavier`) or quoted.
        public var choice: Choice?
        /// A column name of a table: must be quoted.
        public var isColumn = false
        /// A name to look up (help's topic): a bare name that names nothing is taken as text.
        public var takesBareName = false
        public var range: ClosedRange<Double>?
        /// The limit that caps the range, and the variable that raises it.
        public var limit: (KeyPath<Limits, Int> & Sendable)?
        public var limitVariable: String?

        public init(_ name: String, default defaultText: String? = nil, _ doc: String) {
            self.name = name
            self.doc = doc
            defaultValue = defaultText.map { .described($0) }
        }

        public static func number(_ name: String, default value: Double? = nil, in range: ClosedRange<Double>? = nil, _ doc: String) -> Parameter {
            var p = Parameter(name, doc)
            p.defaultValue = value.map { .number($0) }
            p.range = range
            return p
        }

        public static func integer(_ name: String, default value: Int? = nil, in range: ClosedRange<Int>,
                                   limit: (KeyPath<Limits, Int> & Sendable)? = nil, variable: String? = nil, _ doc: String) -> Parameter {
            var p = number(name, default: value.map(Double.init), in: Double(range.lowerBound)...Double(range.upperBound), doc)
            p.limit = limit
            p.limitVariable = variable
            return p
        }

        public static func flag(_ name: String, default value: Bool, _ doc: String) -> Parameter {
            var p = Parameter(name, doc)
            p.defaultValue = .flag(value)
            return p
        }

        public static func choice(_ name: String, _ choice: Choice, default value: String? = nil, _ doc: String) -> Parameter {
            var p = Parameter(name, doc)
            p.choice = choice
            p.defaultValue = value.map { .text($0) }
            return p
        }

        public static func column(_ name: String, default described: String? = nil, _ doc: String) -> Parameter {
            var p = Parameter(name, default: described, doc)
            p.isColumn = true
            return p
        }

        /// The default as help shows it.
        public var defaultText: String? {
            switch defaultValue {
            case .number(let x)?: ValueFormatter.number(x)
            case .flag(let b)?: b ? "true" : "false"
            case .text(let t)?: t
            case .described(let d)?: d
            case nil: nil
            }
        }

        /// The doc line of `:help`, with the choices spelled out.
        public var helpText: String {
            guard let choice else { return doc }
            return doc + " (choices: \(choice.options.joined(separator: ", ")))"
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
    /// The fields of what it returns (of each row, for a table), for `:help` and completion.
    public let returns: SchemaInfo?
    public let returnsTable: Bool
    let run: (CallContext) throws -> Value

    init(_ name: String, topic: String, _ summary: String, parameters: [Parameter] = [], variadic: Bool = false,
         example: String, isActivation: Bool = false, returns: SchemaInfo? = nil, returnsTable: Bool = false,
         run: @escaping (CallContext) throws -> Value) {
        self.returns = returns
        self.returnsTable = returnsTable
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
    /// What quick mode reduced during this call; results report it.
    final class Notes: @unchecked Sendable { var capped = Capped() }
    let notes = Notes()
    public var capped: Capped { notes.capped }

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

    func declaration(_ name: String) -> Builtin.Parameter? {
        builtin.parameters.first { $0.name == name }
    }

    /// A number; without an argument, the declared default. The declared range is checked.
    public func number(_ name: String, default fallback: Double? = nil) throws -> Double {
        let p = declaration(name)
        guard let v = values[name] else {
            if let fallback { return fallback }
            if case .number(let x)? = p?.defaultValue { return x }
            return try number(name, from: required(name))
        }
        let x = try number(name, from: v)
        if let range = p?.range, p?.limit == nil, !range.contains(x) {
            throw argumentError(name, "must be between \(formatNumber(range.lowerBound)) and \(formatNumber(range.upperBound)), got \(formatNumber(x))")
        }
        return x
    }

    func number(_ name: String, from v: Value) throws -> Double {
        guard case .number(let x) = v else { throw argumentError(name, "must be a number, got a \(v.typeName)") }
        guard x.isFinite else { throw argumentError(name, "must be a finite number, got \(x)") }
        return x
    }

    /// A whole number in its declared range (capped by its limit); fractions, NaN and
    /// out-of-range values are errors.
    public func integer(_ name: String) throws -> Int {
        guard let p = declaration(name), let declared = p.range else { throw error("\(builtin.name): '\(name)' is not declared as a whole number") }
        var upper = declared.upperBound
        if let limit = p.limit { upper = min(upper, Double(interpreter.options.limits[keyPath: limit])) }
        let low = Int(declared.lowerBound), high = Int(max(declared.lowerBound, upper))
        return try integer(name, in: low...high, limitHint: p.limitVariable.map { "\($0) raises the limit" })
    }

    /// A whole number in `range`; fractions, NaN and out-of-range values are errors.
    public func integer(_ name: String, default fallback: Int? = nil, in range: ClosedRange<Int>, limitHint: String? = nil) throws -> Int {
        let x: Double
        if let v = values[name] { x = try number(name, from: v) } else { x = try number(name, default: fallback.map(Double.init)) }
        guard x == x.rounded() else { throw argumentError(name, "must be a whole number, got \(formatNumber(x))") }
        guard x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            let hint = limitHint.map { " (\($0))" } ?? ""
            throw argumentError(name, "must be between \(range.lowerBound) and \(range.upperBound), got \(formatNumber(x))\(hint)")
        }
        return Int(x)
    }

    public func bool(_ name: String, default fallback: Bool? = nil) throws -> Bool {
        guard let v = values[name] else {
            if let fallback { return fallback }
            if case .flag(let b)? = declaration(name)?.defaultValue { return b }
            throw error("\(builtin.name): missing argument '\(name)' (see :help \(builtin.name))")
        }
        guard case .bool(let b) = v else { throw argumentError(name, "must be true or false, got a \(v.typeName)") }
        return b
    }

    public func string(_ name: String, default fallback: String? = nil) throws -> String {
        guard let v = values[name] else {
            if let fallback { return fallback }
            if case .text(let t)? = declaration(name)?.defaultValue { return t }
            return try string(name, from: required(name))
        }
        return try string(name, from: v)
    }

    func string(_ name: String, from v: Value) throws -> String {
        guard case .string(let s) = v else { throw argumentError(name, "must be a string, got a \(v.typeName)") }
        return s
    }

    /// One of a declared choice parameter's names, as an enum case.
    public func choice<E: RawRepresentable>(_ name: String, as type: E.Type) throws -> E where E.RawValue == String {
        try choice(name, as: type, from: values[name])
    }

    func choice<E: RawRepresentable>(_ name: String, as type: E.Type, from value: Value?) throws -> E where E.RawValue == String {
        let text: String
        switch value {
        case .string(let s)?: text = s
        case nil:
            guard case .text(let t)? = declaration(name)?.defaultValue else { return try choice(name, as: type, from: required(name)) }
            text = t
        case let v?: throw argumentError(name, "must be one of \(declaration(name)?.choice?.options.joined(separator: ", ") ?? "its choices"), got a \(v.typeName)")
        }
        guard let e = E(rawValue: text) else { throw unknownChoice(name, text) }
        return e
    }

    func unknownChoice(_ name: String, _ text: String) -> VarlabError {
        let options = declaration(name)?.choice?.options ?? []
        return error("\(name): unknown choice '\(text)'\(Suggestion.hint(for: text, in: options)) (choices: \(options.joined(separator: ", ")))", argument: name)
    }

    public func list(_ name: String) throws -> [Value] {
        let v = try required(name)
        guard case .list(let items) = v else { throw argumentError(name, "must be a list, got a \(v.typeName)") }
        return items
    }

    public func numbers(_ name: String) throws -> [Double] {
        try list(name).map { try number(name, from: $0) }
    }

    /// An activation: a function value such as `relu`, or its name.
    public func activation(_ name: String, slope: Double = Activation.defaultLeakySlope) throws -> Activation {
        guard let v = values[name] else {
            guard case .text(let t)? = declaration(name)?.defaultValue, let act = Activation(name: t, slope: slope) else {
                return try activation(name, from: required(name), slope: slope)
            }
            return act
        }
        return try activation(name, from: v, slope: slope)
    }

    func activation(_ name: String, from v: Value, slope: Double = Activation.defaultLeakySlope) throws -> Activation {
        switch v {
        case .function(let f):
            if let act = f.activation { return act.withSlope(slope) }
            throw argumentError(name, "must be an activation (\(Activation.names.joined(separator: ", "))), got the function '\(f.name)'")
        case .string(let s):
            if let act = Activation(name: s, slope: slope) { return act }
            throw error("\(name): unknown choice '\(s)'\(Suggestion.hint(for: s, in: Activation.names)) (choices: \(Activation.names.joined(separator: ", ")))", argument: name)
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

/// The names a choice parameter accepts, declared once (from a CaseIterable enum where one exists).
public struct Choice: Sendable {
    public let options: [String]
    /// Activations are values too (`act: relu` passes the function relu).
    let acceptsActivations: Bool

    public init(_ options: [String], acceptsActivations: Bool = false) {
        self.options = options
        self.acceptsActivations = acceptsActivations
    }

    public init<E: CaseIterable & RawRepresentable>(_ type: E.Type) where E.RawValue == String {
        options = E.allCases.map(\.rawValue)
        acceptsActivations = false
    }

    public static let activation = Choice(Activation.names, acceptsActivations: true)
    public static let initScheme = Choice(InitScheme.self)
    public static let optimizer = Choice(Optimizer.self)
    public static let loss = Choice(LossKind.self)
    public static let dataset = Choice(Dataset.Kind.self)
    static let split = Choice(DataSplit.self)
}
