import VarlabCore

/// What a builtin lists as its arguments: the parameter help and the interpreter see.
public protocol DeclaredArgument: Sendable {
    var parameter: Builtin.Parameter { get }
}

/// One argument of a builtin, declared once with the type it is read as, in the spirit of
/// swift-argument-parser's property wrappers: its parameter (name, default, range, choices,
/// doc) drives `:help`, completion and the interpreter's checks, and `c[argument]` reads a
/// call's value, checked and typed. A builtin reads nothing by name, so a misspelt
/// argument is a compile error.
public struct BuiltinArgument<T>: DeclaredArgument {
    /// How help, completion and the interpreter see it.
    public let parameter: Builtin.Parameter
    /// The value from what the call gave (nil: not given).
    let convert: @Sendable (CallContext, Value?) throws -> T

    init(_ parameter: Builtin.Parameter, convert: @escaping @Sendable (CallContext, Value?) throws -> T) {
        var declared = parameter
        declared.isRequired = !(T.self is any OptionalArgument.Type) && parameter.defaultValue == nil
        self.parameter = declared
        self.convert = convert
    }

    /// The argument's name.
    public var name: String { parameter.name }
}

/// The types an argument may be read as when it is left out (Optional): required-ness
/// follows from the type, never from the help text.
protocol OptionalArgument {}
extension Optional: OptionalArgument {}

/// Where a builtin's typed arguments come from: a call, or one row of a sweep (which
/// makes its nets through mlp's own arguments).
protocol ArgumentSource {
    func read<T>(_ argument: BuiltinArgument<T>) throws -> T
    func isGiven<T>(_ argument: BuiltinArgument<T>) -> Bool
}

/// One call of a builtin: the bound arguments, read through typed `BuiltinArgument`s. Every
/// reading error names the function and the argument and points at the argument.
public struct CallContext: ArgumentSource {
    /// What quick mode reduced during this call; results report it.
    final class Notes { var capped = Capped() }
    let notes = Notes()
    /// What quick mode reduced in this call, so far.
    public var capped: Capped { notes.capped }

    /// The interpreter running the call.
    public let interpreter: Interpreter
    /// The builtin called.
    public let builtin: Builtin
    /// Where the call stands in the source.
    public let location: SourceLocation
    fileprivate let values: [String: Value]
    fileprivate let locations: [String: SourceLocation]
    /// Extra positional arguments of a variadic builtin.
    public let rest: [Value]

    init(
        interpreter: Interpreter, builtin: Builtin, location: SourceLocation, values: [String: Value],
        locations: [String: SourceLocation],
        rest: [Value]
    ) {
        self.interpreter = interpreter
        self.builtin = builtin
        self.location = location
        self.values = values
        self.locations = locations
        self.rest = rest
    }

    var host: InterpreterHost { interpreter.host }

    /// The argument's value in this call, checked and typed (errors point at the argument).
    public subscript<T>(_ argument: BuiltinArgument<T>) -> T {
        get throws { try argument.convert(self, values[argument.name]) }
    }

    func read<T>(_ argument: BuiltinArgument<T>) throws -> T { try self[argument] }

    /// The argument read from another value (a sweep's list item), checked the same way.
    func read<T>(_ argument: BuiltinArgument<T>, from value: Value) throws -> T { try argument.convert(self, value) }

    /// Given in the call, and not nil.
    public func isGiven<T>(_ argument: BuiltinArgument<T>) -> Bool {
        if case .nil? = values[argument.name] { return false }
        return values[argument.name] != nil
    }

    /// An error of this call, at the call.
    public func error(_ message: String) -> VarlabError {
        .runtime(message, at: location)
    }

    /// An error that points at the argument.
    public func error<T>(_ message: String, at argument: BuiltinArgument<T>) -> VarlabError {
        .runtime(message, at: locations[argument.name] ?? location)
    }

    /// "BUILTIN: argument 'NAME' MESSAGE", pointing at the argument.
    public func argumentError<T>(_ argument: BuiltinArgument<T>, _ message: String) -> VarlabError {
        argumentError(argument.name, message)
    }

    fileprivate func argumentError(_ name: String, _ message: String) -> VarlabError {
        .runtime("\(builtin.name): argument '\(name)' \(message)", at: locations[name] ?? location)
    }

    fileprivate func missing(_ name: String) -> VarlabError {
        error("\(builtin.name): missing argument '\(name)' (see :help \(builtin.name))")
    }

    /// Throws when the user has interrupted.
    public func checkInterrupted() throws {
        if host.isInterrupted { throw VarlabError.interrupted }
    }

    /// A whole number read by `argument`, checked against a range known only at run time
    /// (a layer of this net).
    func integer(_ argument: BuiltinArgument<Int>, in range: ClosedRange<Int>) throws -> Int {
        try checkedInteger(argument.name, Double(self[argument]), in: range)
    }
}

// MARK: reading values, by kind

extension CallContext {
    fileprivate func number(_ name: String, _ v: Value) throws -> Double {
        guard case .number(let x) = v else { throw argumentError(name, "must be a number, got a \(v.typeName)") }
        guard x.isFinite else { throw argumentError(name, "must be a finite number, got \(x)") }
        return x
    }

    fileprivate func checkedInteger(_ name: String, _ x: Double, in range: ClosedRange<Int>, hint: String? = nil) throws
        -> Int
    {
        guard x == x.rounded() else { throw argumentError(name, "must be a whole number, got \(formatNumber(x))") }
        // Int(exactly:) rather than comparing doubles: Double(Int.max) is 2^63, which would
        // pass the comparison and trap in the conversion.
        guard let n = Int(exactly: x), range.contains(n) else {
            throw argumentError(
                name,
                "must be between \(range.lowerBound) and \(range.upperBound), got "
                    + "\(formatNumber(x))\(hint.map { " (\($0))" } ?? "")"
            )
        }
        return n
    }

    fileprivate func text(_ name: String, _ v: Value) throws -> String {
        guard case .string(let s) = v else { throw argumentError(name, "must be a string, got a \(v.typeName)") }
        return s
    }

    fileprivate func unknownChoice(_ name: String, _ text: String, _ options: [String]) -> VarlabError {
        .runtime(
            "\(name): unknown choice '\(text)'\(Suggestion.hint(for: text, in: options)) (choices: "
                + "\(options.joined(separator: ", ")))",
            at: locations[name] ?? location)
    }
}

/// nil for an argument that is not given or is nil.
private func given(_ v: Value?) -> Value? {
    if case .nil? = v { return nil }
    return v
}

// MARK: the kinds of arguments

extension BuiltinArgument where T == Value {
    /// Any value, required.
    static func value(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            return v
        }
    }
}

extension BuiltinArgument where T == Value? {
    /// Any value, or nil when not given (`shown`: the default as help says it).
    static func optional(_ name: String, default shown: String, _ doc: String, takesBareName: Bool = false)
        -> BuiltinArgument
    {
        var p = Builtin.Parameter(name, default: shown, doc)
        p.takesBareName = takesBareName
        return BuiltinArgument(p) { _, v in given(v) }
    }
}

extension BuiltinArgument where T == Double {
    /// A finite number (in `range` when one is declared); the default when not given.
    static func number(
        _ name: String, default value: Double? = nil, in range: ClosedRange<Double>? = nil, _ doc: String
    ) -> BuiltinArgument {
        BuiltinArgument(.number(name, default: value, in: range, doc)) { c, v in
            guard let v else {
                if let value { return value }
                throw c.missing(name)
            }
            let x = try c.number(name, v)
            if let range, !range.contains(x) {
                throw c.argumentError(
                    name,
                    "must be between \(formatNumber(range.lowerBound)) and \(formatNumber(range.upperBound)), "
                        + "got \(formatNumber(x))"
                )
            }
            return x
        }
    }
}

extension BuiltinArgument where T == Double? {
    /// A finite number, or nil when not given.
    static func optionalNumber(_ name: String, default shown: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, default: shown, doc)) { c, v in
            try given(v).map { try c.number(name, $0) }
        }
    }
}

extension BuiltinArgument where T == Int {
    /// A whole number in `range`, capped by a limit the user can raise with `variable`.
    static func integer(
        _ name: String, default value: Int? = nil, in range: ClosedRange<Int>,
        limit: (KeyPath<Limits, Int> & Sendable)? = nil,
        variable: String? = nil, _ doc: String
    ) -> BuiltinArgument {
        BuiltinArgument(.integer(name, default: value, in: range, limit: limit, variable: variable, doc)) { c, v in
            guard let v else {
                if let value { return value }
                throw c.missing(name)
            }
            var upper = range.upperBound
            if let limit { upper = min(upper, c.interpreter.options.limits[keyPath: limit]) }
            return try c.checkedInteger(
                name, c.number(name, v), in: range.lowerBound...max(range.lowerBound, upper),
                hint: limit == nil ? nil : variable.map { "\($0) raises the limit" })
        }
    }
}

extension BuiltinArgument where T == Int? {
    /// A whole number in `range`, or nil when not given.
    static func optionalInteger(_ name: String, default shown: String, in range: ClosedRange<Int>, _ doc: String)
        -> BuiltinArgument
    {
        BuiltinArgument(Builtin.Parameter(name, default: shown, doc)) { c, v in
            try given(v).map { try c.checkedInteger(name, c.number(name, $0), in: range) }
        }
    }
}

extension BuiltinArgument where T == Int? {
    /// The same, capped by a limit the user can raise with `variable`.
    static func optionalInteger(
        _ name: String, default shown: String, in range: ClosedRange<Int>, limit: KeyPath<Limits, Int> & Sendable,
        variable: String, _ doc: String
    ) -> BuiltinArgument {
        var parameter = Builtin.Parameter.integer(name, in: range, limit: limit, variable: variable, doc)
        parameter.defaultValue = .described(shown)
        return BuiltinArgument(parameter) { c, v in
            guard let v = given(v) else { return nil }
            let upper = min(range.upperBound, c.interpreter.options.limits[keyPath: limit])
            return try c.checkedInteger(
                name, c.number(name, v), in: range.lowerBound...max(range.lowerBound, upper),
                hint: "\(variable) raises the limit")
        }
    }
}

extension BuiltinArgument where T == [Int]? {
    /// Whole numbers in `range`, one per hidden layer (at most the layer limit), or nil.
    static func layerIntegers(_ name: String, in range: ClosedRange<Int>, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, default: "nil", doc)) { c, v in
            try c.layerList(name, given(v)).map { list in try list.map { try c.checkedInteger(name, $0, in: range) } }
        }
    }
}

extension BuiltinArgument where T == [Double]? {
    /// Positive numbers, one per hidden layer (at most the layer limit), or nil.
    static func layerNumbers(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, default: "nil", doc)) { c, v in
            try c.layerList(name, given(v)).map { list in
                try list.map { x in
                    guard x > 0 else {
                        throw c.argumentError(name, "must hold numbers above 0, got \(formatNumber(x))")
                    }
                    return x
                }
            }
        }
    }
}

extension CallContext {
    /// The numbers of a per-layer list: a non-empty list no longer than the layer limit.
    fileprivate func layerList(_ name: String, _ v: Value?) throws -> [Double]? {
        guard let v else { return nil }
        guard case .list(let items) = v, !items.isEmpty else {
            throw argumentError(name, "must be a non-empty list with one entry per hidden layer, got a \(v.typeName)")
        }
        let limit = interpreter.options.limits.maximumDepth
        guard items.count <= limit else {
            throw argumentError(
                name, "has \(items.count) layers, more than the limit \(limit) (VARLAB_MAX_LAYERS raises it)")
        }
        return try items.map { try number(name, $0) }
    }
}

extension BuiltinArgument where T == Bool {
    static func flag(_ name: String, default value: Bool, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(.flag(name, default: value, doc)) { c, v in
            guard let v else { return value }
            guard case .bool(let b) = v else {
                throw c.argumentError(name, "must be true or false, got a \(v.typeName)")
            }
            return b
        }
    }
}

extension BuiltinArgument where T == String {
    /// Text, required.
    static func text(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            return try c.text(name, v)
        }
    }

    /// A column name of a table (quoted), required.
    static func column(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(.column(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            return try c.text(name, v)
        }
    }
}

extension BuiltinArgument where T == String? {
    /// Text, or nil when not given.
    static func optionalText(_ name: String, default shown: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, default: shown, doc)) { c, v in
            try given(v).map { try c.text(name, $0) }
        }
    }

    /// A column name of a table, or nil when not given.
    static func optionalColumn(_ name: String, default shown: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(.column(name, default: shown, doc)) { c, v in
            if case .function? = v {
                // sort(t, fn (r) { return -r.acc }): a key function, as Python's sorted takes.
                let descending =
                    c.builtin.parameters.contains { $0.name == "descending" } ? ", descending: true" : ""
                throw c.argumentError(
                    name,
                    "takes a column name in quotes, not a function: \(c.builtin.name)(t, \(name): \"acc\"\(descending))"
                        + (descending.isEmpty ? "" : " puts the largest first") + " (map and filter take functions)")
            }
            return try given(v).map { try c.text(name, $0) }
        }
    }
}

extension BuiltinArgument where T: CaseIterable & RawRepresentable & Sendable, T.RawValue == String {
    /// One of an enum's cases by name, accepted bare (`init: xavier`) or quoted: parsing,
    /// help and completion from the one enum.
    static func choice(_ name: String, default value: T? = nil, _ doc: String) -> BuiltinArgument {
        let options = T.allCases.map(\.rawValue)
        return BuiltinArgument(.choice(name, Choice(T.self), default: value?.rawValue, doc)) { c, v in
            guard let v else {
                if let value { return value }
                throw c.missing(name)
            }
            guard case .string(let text) = v else {
                throw c.argumentError(name, "must be one of \(options.joined(separator: ", ")), got a \(v.typeName)")
            }
            guard let e = T(rawValue: text) else { throw c.unknownChoice(name, text, options) }
            return e
        }
    }
}

extension BuiltinArgument where T == Activation {
    /// An activation: a function value such as `relu`, or its name. leaky gets its default
    /// slope (`withSlope` sets another).
    static func activation(_ name: String, default value: Activation? = nil, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(.choice(name, .activation, default: value?.name, doc)) { c, v in
            guard let v else {
                if let value { return value }
                throw c.missing(name)
            }
            switch v {
            case .function(let f):
                if let act = f.activation { return act }
                guard case .user(let decl, let closure) = f.body else {
                    throw c.argumentError(
                        name,
                        "must be an activation (\(Activation.names.joined(separator: ", ")), or a function of "
                            + "yours of one number), got the builtin '\(f.name)'")
                }
                // Compiled at each use: the variables it reads may have changed since the last.
                var compiler = ActivationCompiler(argument: "\(c.builtin.name): argument '\(name)'")
                return try compiler.activation(decl, closure: closure, at: c.locations[name] ?? c.location)
            case .string(let s):
                if let act = Activation(name: s) { return act }
                throw c.unknownChoice(name, s, Activation.names)
            default:
                throw c.argumentError(name, "must be an activation such as relu or abs, got a \(v.typeName)")
            }
        }
    }
}

extension BuiltinArgument where T == Activation? {
    /// An activation as `act:` takes it, or nil when not given.
    static func optionalActivation(_ name: String, _ doc: String) -> BuiltinArgument {
        let required = BuiltinArgument<Activation>.activation(name, doc)
        var parameter = required.parameter
        parameter.defaultValue = .described("nil")
        return BuiltinArgument(parameter) { c, v in
            guard let v = given(v) else { return nil }
            return try required.convert(c, v)
        }
    }
}

extension BuiltinArgument where T == [Value] {
    /// A list, required.
    static func list(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            guard case .list(let items) = v else { throw c.argumentError(name, "must be a list, got a \(v.typeName)") }
            return items
        }
    }
}

extension BuiltinArgument where T == [Double]? {
    /// A list of finite numbers, or nil when not given.
    static func optionalNumbers(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, default: "nil", doc)) { c, v in
            guard let v = given(v) else { return nil }
            guard case .list(let items) = v else { throw c.argumentError(name, "must be a list, got a \(v.typeName)") }
            return try items.map { try c.number(name, $0) }
        }
    }
}

extension BuiltinArgument where T == [Double] {
    /// A list of finite numbers, required.
    static func numbers(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            guard case .list(let items) = v else { throw c.argumentError(name, "must be a list, got a \(v.typeName)") }
            return try items.map { try c.number(name, $0) }
        }
    }
}

extension BuiltinArgument where T == [Value]? {
    /// One value or a list of them (a sweep's settings), or nil when not given.
    static func items(_ name: String, default shown: String? = nil, _ doc: String) -> BuiltinArgument {
        items(Builtin.Parameter(name, default: shown, doc))
    }

    /// The same, declared as a choice parameter (so help and completion offer its names).
    static func items(_ parameter: Builtin.Parameter) -> BuiltinArgument {
        BuiltinArgument(parameter) { _, v in
            guard let v = given(v) else { return nil }
            if case .list(let items) = v { return items }
            return [v]
        }
    }
}

extension BuiltinArgument where T == Callable {
    static func function(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            guard case .function(let f) = v else {
                throw c.argumentError(name, "must be a function, got a \(v.typeName)")
            }
            return f
        }
    }
}

extension BuiltinArgument where T == NetValue {
    /// A concrete net.
    static func net(_ name: String, _ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter(name, doc)) { c, v in
            guard let v else { throw c.missing(name) }
            guard case .net(let n) = v else { throw c.argumentError(name, "must be a net, got a \(v.typeName)") }
            return n
        }
    }
}

extension BuiltinArgument where T == UInt64 {
    /// A seed: a whole number 0 to 2^53, or the session's seed when not given.
    static func seed(_ doc: String) -> BuiltinArgument {
        BuiltinArgument(Builtin.Parameter("seed", default: "the session seed", doc)) { c, v in
            guard let v = given(v) else { return c.interpreter.options.seed }
            return UInt64(try c.checkedInteger("seed", c.number("seed", v), in: 0...Int(1) << 53))
        }
    }
}
