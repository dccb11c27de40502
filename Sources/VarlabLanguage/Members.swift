import VarlabCore

/// Field access `value.name` on records, tables (a column), nets, landscapes and datasets.
enum Members {
    static func get(_ base: Value, _ name: String, at location: SourceLocation) throws -> Value {
        let fields = try available(base, at: location)
        if let v = fields.first(where: { $0.0 == name })?.1 { return v }
        let names = fields.map(\.0)
        let hint = Suggestion.hint(for: name, in: names)
        let list = hint.isEmpty && !names.isEmpty ? " (fields: \(names.prefix(24).joined(separator: ", ")))" : ""
        throw VarlabError.runtime("a \(base.typeName) has no field '\(name)'\(hint)\(list)", at: location)
    }

    /// The fields a value offers, in display order.
    static func available(_ base: Value, at location: SourceLocation) throws -> [(String, Value)] {
        switch base {
        case .record(let r): return r.fields
        case .list(let items):
            // A table: a column is the list of that field over the rows.
            guard let rows = base.tableRows else {
                if items.isEmpty { return [] }
                throw VarlabError.runtime("a list of \(items.first?.typeName ?? "values")s has no fields; index it with [i]", at: location)
            }
            let names = rows[0].names
            return names.map { n in (n, .list(rows.map { $0[n] ?? .nil })) }
        case .net(let n): return netFields(n)
        case .landscape(let l): return landscapeFields(l)
        case .dataset(let d): return datasetFields(d.dataset)
        case .string(let s): return [("length", .number(Double(s.count)))]
        default: throw VarlabError.runtime("a \(base.typeName) has no fields", at: location)
        }
    }

    static func netFields(_ value: NetValue) -> [(String, Value)] {
        let net = value.net
        var fields: [(String, Value)] = [
            ("depth", .number(Double(net.depth))), ("width", .number(Double(net.width))),
            ("params", .number(Double(net.parameterCount))), ("activations", .number(Double(net.activationCount))),
            ("input", .number(Double(net.input))),
        ]
        if let spec = value.spec {
            fields += [
                ("act", .string(spec.activation.description)), ("act_ratio", .number(spec.actRatio)),
                ("init", .string(spec.initScheme.rawValue)), ("bias", .number(spec.biasStd)),
                ("seed", .number(Double(spec.seed))),
            ]
            if let budget = spec.budget { fields.append(("budget", .number(Double(budget)))) }
        } else {
            let acts = Set(net.hidden.map(\.activation.description))
            fields.append(("act", .string(acts.sorted().joined(separator: "/"))))
        }
        fields.append(("trained", .bool(value.note == "trained")))
        return fields
    }

    static func landscapeFields(_ l: LandscapeValue) -> [(String, Value)] {
        let m = l.measures
        var fields: [(String, Value)] = [
            ("v1", .number(m.v(1))), ("v2", .number(m.v(2))), ("v3", .number(m.v(3))), ("v4", .number(m.v(4))),
            ("rms", .number(m.rms)), ("std", .number(m.std)), ("spread", .number(m.spread)),
            ("collapsed", .bool(m.isCollapsed())), ("grid", .number(Double(l.landscape.resolution))),
            ("min", .number(l.landscape.minimum)), ("max", .number(l.landscape.maximum)),
        ]
        if let u = m.units {
            fields += [("dead", .number(u.deadFraction)), ("kinks", .number(u.kinkFraction)),
                       ("dead_layers", .number(Double(u.deadLayers))), ("patterns", .number(Double(u.patternCount)))]
        }
        let r = l.landscape.resolution
        fields.append(("values", .list((0..<r).map { i in .list((0..<r).map { .number(l.landscape[i, $0]) }) })))
        fields.append(("caption", .string(l.caption)))
        return fields
    }

    static func datasetFields(_ d: Dataset) -> [(String, Value)] {
        [("name", .string(d.name)), ("train", .number(Double(d.train.count))), ("test", .number(Double(d.test.count))),
         ("balance", .number(d.train.positiveShare))]
    }
}
