import VarlabCore
import VarlabGraphics

/// Every value a varlab program can hold. Small cases are stored inline (a loop of
/// arithmetic allocates nothing); the large payloads are boxed to keep copies cheap.
public enum Value: Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case `nil`
    case list([Value])
    indirect case record(Record)
    case function(Callable)
    case net(NetValue)
    indirect case landscape(LandscapeValue)
    indirect case dataset(DatasetValue)
    indirect case figure(Figure)
    /// The typed result of a builtin (variability, training, ...): fields from its schema.
    indirect case result(any TypedResult)

    /// The name users see in messages ("expected a number, got a list").
    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .nil: "nil"
        case .list: "list"
        case .record: "record"
        case .function(let f): f.activation != nil ? "activation" : "function"
        case .net: "net"
        case .landscape: "landscape"
        case .dataset: "dataset"
        case .figure: "figure"
        case .result(let r): r.schemaInfo.name
        }
    }

    /// False for false and nil, true for everything else.
    public var isTruthy: Bool {
        switch self {
        case .bool(let b): b
        case .nil: false
        default: true
        }
    }

    /// The value as a source of declared fields (nets, landscapes, datasets, results), or nil.
    var fieldSource: (any FieldSource)? {
        switch self {
        case .net(let n): n
        case .landscape(let l): l
        case .dataset(let d): d
        case .result(let r): r
        default: nil
        }
    }

    /// A list whose items are all records: shown and saved as a table.
    public var tableRows: [Record]? {
        guard case .list(let items) = self, !items.isEmpty else { return nil }
        var rows: [Record] = []
        for item in items {
            guard case .record(let r) = item else { return nil }
            rows.append(r)
        }
        return rows
    }
}

/// An ordered set of named fields: what `{a: 1}` makes, and one row of a table.
public struct Record: Sendable {
    /// The field names, in the order they were set.
    public private(set) var names: [String] = []
    private var values: [String: Value] = [:]
    /// Fields a table leaves out of its columns (declared details such as `activations`);
    /// they are still there for access, CSV and JSON.
    var details: Set<String> = []
    /// Declared fields this row has no value for, with why (the same words as the result's).
    var absences: [String: String] = [:]

    /// A record of the given fields, in order.
    public init(_ fields: [(String, Value)] = []) {
        for (name, value) in fields { self[name] = value }
    }

    /// The field's value, or nil.
    public subscript(name: String) -> Value? {
        get { values[name] }
        set {
            if values[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            values[name] = newValue
        }
    }

    /// The fields, in order.
    public var fields: [(String, Value)] { names.compactMap { n in values[n].map { (n, $0) } } }
    /// How many fields.
    public var count: Int { names.count }
}

/// A function value: a builtin or a user function with the scope it closes over.
public final class Callable: Sendable {
    /// What a function is: a builtin, or the user's with the scope it closes over.
    public enum Body: Sendable {
        case builtin(Builtin)
        case user(FunctionDecl, Scope)
    }

    /// The builtin or the user function.
    public let body: Body

    /// A function value.
    public init(_ body: Body) { self.body = body }

    /// The function's name ("fn" for a nameless one).
    public var name: String {
        switch body {
        case .builtin(let b): b.name
        case .user(let decl, _): decl.name ?? "fn"
        }
    }

    /// The activation this function stands for when passed as `act:` (relu, abs, ...).
    public var activation: Activation? {
        guard case .builtin(let b) = body, b.isActivation else { return nil }
        return Activation(name: b.name)
    }
}
