import VarlabCore

/// A builtin function: its documented signature and its implementation.
public final class Builtin: Sendable {
    /// One parameter as help and the interpreter see it: its default, range or choices and
    /// doc. Builtins declare it through a typed `BuiltinArgument`, which also reads its value.
    public struct Parameter: Sendable {
        /// The default help shows for a parameter.
        public enum Default: Sendable {
            case number(Double)
            case flag(Bool)
            case text(String)
            /// Shown in help only; the builtin decides (e.g. "the session seed", "nil").
            case described(String)
        }

        /// The parameter's name, as calls write it.
        public var name: String
        /// What it sets, for help.
        public var doc: String
        /// The default help shows; nil when there is none (required, or absent means nil).
        public var defaultValue: Default?
        /// Set from the argument's type (BuiltinArgument): an argument read as a non-optional
        /// value with no default must be given; one read as an optional may be left out.
        public internal(set) var isRequired = false
        /// A fixed set of names: accepted bare (`init: xavier`) or quoted.
        public var choice: Choice?
        /// A column name of a table: must be quoted.
        public var isColumn = false
        /// A name to look up (help's topic): a bare name that names nothing is taken as text.
        public var takesBareName = false
        /// The values it accepts, for help and completion.
        public var range: ClosedRange<Double>?
        /// The limit that caps the range, and the variable that raises it.
        public var limit: (KeyPath<Limits, Int> & Sendable)?
        /// The environment variable that raises `limit`.
        public var limitVariable: String?

        /// A parameter with a described default (or none).
        public init(_ name: String, default defaultText: String? = nil, _ doc: String) {
            self.name = name
            self.doc = doc
            defaultValue = defaultText.map { .described($0) }
        }

        /// A number parameter with its default and range.
        public static func number(
            _ name: String, default value: Double? = nil, in range: ClosedRange<Double>? = nil, _ doc: String
        ) -> Parameter {
            var p = Parameter(name, doc)
            p.defaultValue = value.map { .number($0) }
            p.range = range
            return p
        }

        /// A whole-number parameter with its default, range and the limit that caps it.
        public static func integer(
            _ name: String, default value: Int? = nil, in range: ClosedRange<Int>,
            limit: (KeyPath<Limits, Int> & Sendable)? = nil, variable: String? = nil, _ doc: String
        ) -> Parameter {
            var p = number(
                name, default: value.map(Double.init), in: Double(range.lowerBound)...Double(range.upperBound), doc)
            p.limit = limit
            p.limitVariable = variable
            return p
        }

        /// A true/false parameter with its default.
        public static func flag(_ name: String, default value: Bool, _ doc: String) -> Parameter {
            var p = Parameter(name, doc)
            p.defaultValue = .flag(value)
            return p
        }

        /// A parameter taking one of `choice`'s names.
        public static func choice(_ name: String, _ choice: Choice, default value: String? = nil, _ doc: String)
            -> Parameter
        {
            var p = Parameter(name, doc)
            p.choice = choice
            p.defaultValue = value.map { .text($0) }
            return p
        }

        /// A parameter taking a table's column name (in quotes).
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

    /// The name calls use.
    public let name: String
    /// What it does, for help.
    public let summary: String
    /// Its parameters, in order.
    public let parameters: [Parameter]
    /// Accepts any number of positional arguments (print, min, max ...).
    public let variadic: Bool
    /// A short program that runs (the tests run every example).
    public let example: String
    /// The help topic it is listed under.
    public let topic: HelpTopic
    let isActivation: Bool
    /// The fields of what it returns (of each row, for a table), for `:help` and completion.
    public let returns: SchemaInfo?
    /// Whether it returns a table (a list of records) rather than one value.
    public let returnsTable: Bool
    let run: @Sendable (CallContext) throws -> Value

    init(
        _ name: String, topic: HelpTopic, _ summary: String, arguments: [any DeclaredArgument] = [],
        variadic: Bool = false,
        example: String, isActivation: Bool = false, returns: SchemaInfo? = nil, returnsTable: Bool = false,
        run: @escaping @Sendable (CallContext) throws -> Value
    ) {
        self.returns = returns
        self.returnsTable = returnsTable
        self.name = name
        self.topic = topic
        self.summary = summary
        self.parameters = arguments.map(\.parameter)
        self.variadic = variadic
        self.example = example
        self.isActivation = isActivation
        self.run = run
    }

    /// `name(a, b: default, ...)`, as help prints it.
    public var signature: String {
        let params = parameters.map { p in p.defaultText.map { "\(p.name): \($0)" } ?? p.name }
        return "\(name)(\(params.joined(separator: ", "))\(variadic ? (params.isEmpty ? "..." : ", ...") : ""))"
    }
}

func formatNumber(_ x: Double) -> String {
    ValueFormatter.number(x)
}

/// The names a choice parameter accepts, declared once (from a CaseIterable enum where one exists).
public struct Choice: Sendable {
    /// The names accepted.
    public let options: [String]
    /// Activations are values too (`act: relu` passes the function relu).
    let acceptsActivations: Bool

    /// The given names; `acceptsActivations`: activation values count as their names.
    public init(_ options: [String], acceptsActivations: Bool = false) {
        self.options = options
        self.acceptsActivations = acceptsActivations
    }

    /// The raw values of a `CaseIterable` enum.
    public init<E: CaseIterable & RawRepresentable>(_ type: E.Type) where E.RawValue == String {
        options = E.allCases.map(\.rawValue)
        acceptsActivations = false
    }

    /// The built-in activations' names (a function of the user's is accepted as well).
    public static let activation = Choice(Activation.names, acceptsActivations: true)
    /// The weight init schemes.
    public static let initScheme = Choice(InitScheme.self)
    /// The update rules.
    public static let optimizer = Choice(Optimizer.self)
    /// The losses.
    public static let loss = Choice(LossKind.self)
    /// The built-in two-dimensional data sets.
    public static let dataset = Choice(Dataset.Kind.self)
    static let split = Choice(DataSplit.self)
}
