import VarlabCore

/// Values as JSON, for `--json` output and for saving tables and results.
public enum ValueJSON {
    /// Deeper values are cut off (written as the string "...") rather than recursed into
    /// when shown; `file` refuses them, so a saved file never silently lacks a part.
    public static let maximumNesting = 200

    /// How deeply a value nests lists, records and results, counted up to `limit` (deeper
    /// values stop the count there, so a hostile value is never walked to its end).
    public static func nesting(_ v: Value, limit: Int = maximumNesting + 1) -> Int {
        guard limit > 0 else { return 0 }
        let inner: [Value]
        switch v {
        case .list(let items): inner = items
        case .record(let r): inner = r.fields.map(\.1)
        case .result(let r): inner = r.columns.map(\.1)
        default: return 0
        }
        return 1 + (inner.lazy.map { nesting($0, limit: limit - 1) }.max() ?? 0)
    }

    /// The value as JSON (a net as its family's fields), nested at most `maximumNesting` deep.
    public static func json(_ v: Value, depth: Int = 0) -> JSON {
        guard depth < maximumNesting else { return .string("...") }
        let json = { (item: Value) in ValueJSON.json(item, depth: depth + 1) }
        switch v {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .nil: return .null
        case .list(let items): return .array(items.map(json))
        case .record(let r):
            return .object(r.fields.map { ($0.0, json($0.1)) })
        case .result(let r):
            return .object([("kind", .string(r.schemaInfo.name))] + r.columns.map { ($0.0, json($0.1)) })
        case .function(let f): return .string(f.name)
        case .net(let n) where depth > 0:
            // Inside a table or result a net stands for its family: its spec, not its weights.
            return .object(n.columns.map { ($0.0, json($0.1)) })
        case .net(let n):
            var doc = NetFile.json(n.net)
            if case .object(var members) = doc {
                let present = Set(members.map(\.0))
                members += n.columns.filter { !present.contains($0.0) }.map { ($0.0, json($0.1)) }
                doc = .object(members)
            }
            return doc
        case .landscape(let l):
            var doc = NetFile.json(l.landscape)
            if case .object(var members) = doc {
                // The measures beside the values; names the file format already has stay once.
                let present = Set(members.map(\.0))
                members += l.columns.filter { $0.0 != "values" && !present.contains($0.0) }.map { ($0.0, json($0.1)) }
                doc = .object(members)
            }
            return doc
        case .dataset(let d) where depth > 0:
            // Inside a result a dataset is named by the call that makes it, not its points.
            return .object(d.columns.filter { $0.0 != "points" }.map { ($0.0, json($0.1)) })
        case .dataset(let d):
            let ds = d.dataset
            func split(_ s: Dataset.Split) -> JSON {
                .array(
                    (0..<s.count).map { i in
                        .array(
                            s.inputs[(s.dimension * i)..<(s.dimension * i + s.dimension)].map { .number($0) } + [
                                .number(s.labels[i])
                            ])
                    })
            }
            return .object([
                ("format", .string("varlab.dataset")), ("name", .string(ds.name)), ("dataset", .string(d.recipe)),
                ("train", split(ds.train)), ("test", split(ds.test)),
            ])
        case .figure(let f): return .object([("figure", .string(f.title ?? "figure"))])
        }
    }
}

extension ValueJSON {
    /// Why a value cannot be saved as JSON: nested deeper than `maximumNesting`.
    public struct TooDeep: Error, CustomStringConvertible {
        /// Says how deep the value nests and what to do.
        public var description: String {
            "the value nests lists and records more than \(ValueJSON.maximumNesting) levels deep; a JSON file keeps "
                + "at most \(ValueJSON.maximumNesting) (save its parts, or flatten it)"
        }
    }

    /// A saved file: the value's JSON with the varlab version; a table is wrapped as
    /// {"format": "varlab.table", "varlab": ..., "rows": [...]}.
    public static func file(_ v: Value) throws -> JSON {
        guard nesting(v) <= maximumNesting else { throw TooDeep() }
        switch json(v) {
        case .object(let members):
            return .object([("varlab", .string(VarlabVersion.current))] + members)
        case .array(let rows):
            return .object([
                ("format", .string("varlab.table")), ("varlab", .string(VarlabVersion.current)), ("rows", .array(rows)),
            ])
        case let other:
            return .object([("varlab", .string(VarlabVersion.current)), ("value", other)])
        }
    }
}
