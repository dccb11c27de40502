import VarlabCore

/// Field access `value.name`: the declared fields of nets, landscapes, datasets and results,
/// a record's own fields, and a table's columns.
enum Members {
    static func get(_ base: Value, _ name: String, at location: SourceLocation) throws -> Value {
        if let v = base.fieldSource?.column(name) { return v }
        let fields = try available(base, at: location)
        if let v = fields.first(where: { $0.0 == name })?.1 { return v }
        if let why = base.fieldSource?.absence(of: name) {
            throw VarlabError.runtime("this \(base.typeName) has no '\(name)': \(why)", at: location)
        }
        if case .record(let r) = base, let why = r.absences[name] {
            throw VarlabError.runtime("this row has no '\(name)': \(why)", at: location)
        }
        if let rows = base.tableRows, let why = rows.first?.absences[name] {
            throw VarlabError.runtime("this table has no column '\(name)': \(why)", at: location)
        }
        let names = fields.map(\.0) + declaredNames(base)
        let hint = Suggestion.hint(for: name, in: names)
        let list =
            hint.isEmpty && !names.isEmpty ? " (fields: \(unique(names).prefix(24).joined(separator: ", ")))" : ""
        throw VarlabError.runtime("a \(base.typeName) has no field '\(name)'\(hint)\(list)", at: location)
    }

    /// The fields a value offers, in display order.
    static func available(_ base: Value, at location: SourceLocation) throws -> [(String, Value)] {
        if let source = base.fieldSource { return source.columns }
        switch base {
        case .record(let r): return r.fields
        case .list(let items):
            // A table: a column is the list of that field over the rows.
            guard let rows = base.tableRows else {
                if items.isEmpty { return [] }
                throw VarlabError.runtime(
                    "a list of \(items.first?.typeName ?? "values")s has no fields; index it with [i]", at: location)
            }
            return columnNames(rows).map { n in (n, .list(rows.map { $0[n] ?? .nil })) }
        case .string(let s): return [("length", .number(Double(s.count)))]
        default: throw VarlabError.runtime("a \(base.typeName) has no fields", at: location)
        }
    }

    /// Field names for completion; empty for values without fields.
    static func names(of base: Value) -> [String] {
        guard let fields = try? available(base, at: SourceLocation(line: 0, column: 0)) else { return [] }
        return unique(fields.map(\.0) + declaredNames(base))
    }

    /// Columns of a table: every name any row has, in first-seen order.
    static func columnNames(_ rows: [Record]) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        for row in rows { for n in row.names where seen.insert(n).inserted { names.append(n) } }
        return names
    }

    private static func declaredNames(_ base: Value) -> [String] {
        base.fieldSource?.schemaInfo.fields.flatMap(\.columnNames) ?? []
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
