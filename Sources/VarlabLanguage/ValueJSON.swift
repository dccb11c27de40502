import VarlabCore

/// Values as JSON, for `--json` output and for saving tables and results.
public enum ValueJSON {
    /// Deeper values are cut off (written as the string "...") rather than recursed into.
    public static let maximumNesting = 200

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
            var members = r.fields.map { ($0.0, json($0.1)) }
            if let kind = r.kind { members.insert(("kind", .string(kind)), at: 0) }
            return .object(members)
        case .function(let f): return .string(f.name)
        case .net(let n):
            var doc = NetFile.json(n.net)
            if case .object(var members) = doc {
                members += Members.netFields(n).filter { $0.0 != "input" }.map { ($0.0, json($0.1)) }
                doc = .object(members)
            }
            return doc
        case .landscape(let l):
            var doc = NetFile.json(l.landscape)
            if case .object(var members) = doc {
                members += Members.landscapeFields(l).filter { !["values", "v3", "spread"].contains($0.0) }.map { ($0.0, json($0.1)) }
                doc = .object(members)
            }
            return doc
        case .dataset(let d):
            let ds = d.dataset
            func split(_ s: Dataset.Split) -> JSON {
                .array((0..<s.count).map { i in .array([.number(s.inputs[2 * i]), .number(s.inputs[2 * i + 1]), .number(s.labels[i])]) })
            }
            return .object([("format", .string("varlab.dataset")), ("name", .string(ds.name)), ("train", split(ds.train)), ("test", split(ds.test))])
        case .figure(let f): return .object([("figure", .string(f.title ?? "figure"))])
        }
    }
}
