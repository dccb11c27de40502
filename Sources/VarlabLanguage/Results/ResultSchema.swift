import VarlabCore

/// How the numbers of a field read; shown in `:help` and used to print summaries.
public enum FieldFormat: String, Sendable {
    case count, real, share, text, flag, list, net, dataset, result
}

extension FieldFormat {
    init(_ scale: PerNetMeasure.Scale) {
        switch scale {
        case .share: self = .share
        case .count: self = .count
        case .real: self = .real
        }
    }
}

/// What a field says about a result: shown always, a measured quantity, or a setting that
/// made it (provenance: a table folds settings that every row shares into one footer line).
public enum FieldRole: Sendable {
    case architecture, measure, setting
}

/// The companions a field carries: `_se`, `_low`, `_high` (an estimate) or `_low`, `_high`
/// (a proportion with a Wilson interval).
public enum Uncertainty: Sendable {
    case standardError, interval

    var suffixes: [String] {
        switch self {
        case .standardError: ["_se", "_low", "_high"]
        case .interval: ["_low", "_high"]
        }
    }
}

/// One declared field: its name, meaning, format, and uncertainty. Every place that shows
/// a field (access, tables, summaries, CSV, JSON, help, completion, figure labels) reads
/// this declaration; docs/measures.md defines the quantities.
public struct FieldDeclaration: Sendable {
    /// The field's name, the same everywhere.
    public let name: String
    /// What it means, for help.
    public let doc: String
    /// How its numbers read.
    public let format: FieldFormat
    /// Architecture, measure or setting.
    public let role: FieldRole
    /// The companions it carries, if any.
    public let uncertainty: Uncertainty?
    /// Shown as a table column (false for details such as the activation count).
    public let inTables: Bool
    /// A short title for a chart's axis ("mean V3"); nil: the name, with the doc if short.
    public var label: String? = nil

    /// The column names the field fills: itself and its companions.
    public var columnNames: [String] { [name] + (uncertainty?.suffixes.map { name + $0 } ?? []) }
}

/// What a field holds for one result.
public enum FieldContent {
    case value(Value)
    case estimate(Estimate)
    case proportion(Proportion)
    /// A value with a 95% interval that is not mean +- t se (a median's order statistics).
    case interval(Double, low: Double, high: Double)
    /// Not measured for this result (e.g. unit counts with `units: false`).
    case absent(String)
}

/// A declared field with the way to read it from a Swift result of type `Source`.
public struct Field<Source>: Sendable {
    /// The field as help and tables see it.
    public let declaration: FieldDeclaration
    let read: @Sendable (Source) -> FieldContent

    /// Declares a field and how to read it from a result.
    public init(
        _ name: String, _ format: FieldFormat, _ doc: String, role: FieldRole = .measure,
        uncertainty: Uncertainty? = nil, inTables: Bool = true, label: String? = nil,
        read: @escaping @Sendable (Source) -> FieldContent
    ) {
        declaration = FieldDeclaration(
            name: name, doc: doc, format: format, role: role, uncertainty: uncertainty, inTables: inTables,
            label: label)
        self.read = read
    }

    /// A plain number (counts, reals, shares).
    public static func number(
        _ name: String, _ format: FieldFormat, _ doc: String, role: FieldRole = .measure, inTables: Bool = true,
        _ read: @escaping @Sendable (Source) -> Double?
    ) -> Field {
        Field(name, format, doc, role: role, inTables: inTables) { s in
            read(s).map { .value(.number($0)) } ?? .absent("not measured here")
        }
    }

    /// A text field, nil where the result has none.
    public static func text(
        _ name: String, _ doc: String, role: FieldRole = .measure, _ read: @escaping @Sendable (Source) -> String?
    ) -> Field {
        Field(name, .text, doc, role: role) { s in read(s).map { .value(.string($0)) } ?? .absent("not known here") }
    }

    /// The same field read from a part of the result (e.g. the spec of a variability result).
    public func lifted<Whole>(_ part: @escaping @Sendable (Whole) -> Source) -> Field<Whole> {
        let read = self.read
        let d = declaration
        return Field<Whole>(
            d.name, d.format, d.doc, role: d.role, uncertainty: d.uncertainty, inTables: d.inTables, label: d.label
        ) { read(part($0)) }
    }
}

/// The declared fields of one kind of result.
public struct Schema<Source>: Sendable {
    /// What users call it in messages: "variability result".
    public let name: String
    /// The fields, in the order tables show them.
    public let fields: [Field<Source>]

    /// A schema of the given fields.
    public init(_ name: String, _ fields: [Field<Source>]) {
        self.name = name
        self.fields = fields
    }

    /// The declarations, without the readers.
    public var declarations: [FieldDeclaration] { fields.map(\.declaration) }

    /// The fields of a result as named values, companions expanded, absent ones left out.
    public func columns(_ source: Source) -> [(String, Value)] {
        var out: [(String, Value)] = []
        for field in fields {
            let name = field.declaration.name
            switch field.read(source) {
            case .value(let v): out.append((name, v))
            case .estimate(let e):
                out += [
                    (name, .number(e.mean)), (name + "_se", .number(e.standardError)), (name + "_low", .number(e.low)),
                    (name + "_high", .number(e.high)),
                ]
            case .proportion(let p):
                out += [(name, .number(p.rate)), (name + "_low", .number(p.low)), (name + "_high", .number(p.high))]
            case .interval(let x, let low, let high):
                out += [(name, .number(x)), (name + "_low", .number(low)), (name + "_high", .number(high))]
            case .absent: break
            }
        }
        return out
    }

    /// One column by name (a field or a companion such as `v3_se`), reading only that field.
    public func column(_ name: String, of source: Source) -> Value? {
        guard let field = fields.first(where: { $0.declaration.columnNames.contains(name) }) else { return nil }
        return Schema(self.name, [field]).columns(source).first { $0.0 == name }?.1
    }

    /// Every declared field without a value for this result, with why.
    public func absences(in source: Source) -> [String: String] {
        var out: [String: String] = [:]
        for field in fields { if case .absent(let why) = field.read(source) { out[field.declaration.name] = why } }
        return out
    }

    /// Why a declared field has no value for this result, or nil when it is unknown or present.
    public func absence(of name: String, in source: Source) -> String? {
        guard let field = fields.first(where: { $0.declaration.columnNames.contains(name) }),
            case .absent(let why) = field.read(source)
        else { return nil }
        return why
    }

    /// The schema's name and declarations, for help.
    public var info: SchemaInfo { SchemaInfo(name: name, fields: declarations) }
}

/// A schema without its Swift type: for help, completion and the field catalogue.
public struct SchemaInfo: Sendable {
    /// The schema's name ("variability result").
    public let name: String
    /// Its fields' declarations.
    public let fields: [FieldDeclaration]
}

/// A value whose fields are declared by a schema (nets, landscapes, datasets, results).
public protocol FieldSource: Sendable {
    static var schema: Schema<Self> { get }
}

extension FieldSource {
    /// Every field's value, companions included, in schema order.
    public var columns: [(String, Value)] { Self.schema.columns(self) }
    /// The schema's name and declarations.
    public var schemaInfo: SchemaInfo { Self.schema.info }
    func absence(of name: String) -> String? { Self.schema.absence(of: name, in: self) }
    func column(_ name: String) -> Value? { Self.schema.column(name, of: self) }
}

/// A typed result of a builtin: its fields, and the lines the REPL echoes.
public protocol TypedResult: FieldSource {
    var summary: String { get }
}
