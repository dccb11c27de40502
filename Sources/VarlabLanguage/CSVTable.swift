import VarlabCore

/// Tables, landscapes and datasets as CSV text (RFC 4180 quoting).
enum CSVTable {
    static func csv(_ value: Value) -> String? {
        switch value {
        case .landscape(let l):
            let r = l.landscape.resolution
            let axis = Landscape.axis(r)
            var lines = ["x,y,f"]
            for i in 0..<r { for j in 0..<r { lines.append("\(axis[j]),\(axis[i]),\(l.landscape[i, j])") } }
            return lines.joined(separator: "\n") + "\n"
        case .dataset(let d):
            let k = d.dataset.dimension
            var lines = [(DatasetValue.featureNames(k) + ["label", "split"]).joined(separator: ",")]
            for (name, split) in [("train", d.dataset.train), ("test", d.dataset.test)] {
                for i in 0..<split.count {
                    let x = split.inputs[(k * i)..<(k * i + k)].map { "\($0)" }
                    lines.append((x + ["\(Int(split.labels[i]))", name]).joined(separator: ","))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .result(let r):
            return table([Record(r.columns)])
        default:
            guard let rows = value.tableRows else { return nil }
            return table(rows)
        }
    }

    /// One line of names, then one line per row; companions and settings included, so a row
    /// can be reproduced from its own columns.
    static func table(_ rows: [Record]) -> String {
        var columns: [String] = []
        for row in rows {
            for (name, v) in row.fields where !columns.contains(name) && isScalar(v) { columns.append(name) }
        }
        var lines = [columns.map(quote).joined(separator: ",")]
        for row in rows {
            lines.append(columns.map { name in row[name].map { cell($0) } ?? "" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func isScalar(_ v: Value) -> Bool {
        switch v {
        case .number, .string, .bool, .nil: return true
        case .function(let f): return f.activation != nil
        default: return false
        }
    }

    /// A cell's text without CSV quoting (array files keep text columns as JSON strings).
    static func plain(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .number(let x): return JSON.format(x)
        default: return ValueFormatter.inline(v)
        }
    }

    static func cell(_ v: Value) -> String {
        switch v {
        case .number(let x): return JSON.format(x) == "null" ? "" : JSON.format(x)
        case .string(let s): return quote(s)
        case .nil: return ""
        default: return quote(ValueFormatter.inline(v))
        }
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
