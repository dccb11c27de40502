import Foundation
import VarlabCore

/// Plain-text summaries of values for people: what the REPL echoes. Tables (lists of
/// records) are aligned columns, and a column `x` with a companion `x_se` prints as
/// `mean ± se`. Colour and pictures are the host's business, not this formatter's.
public enum ValueFormatter {
    /// Integers exactly; other numbers with 4 significant digits.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.4g", x)
        if s.contains("e") {
            // 1e-05 -> 1e-5
            s = s.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+").replacingOccurrences(of: "e+", with: "e")
        }
        return s
    }

    /// A one-line form, used inside lists and records.
    public static func inline(_ v: Value, depth: Int = 0) -> String {
        switch v {
        case .number(let x): return number(x)
        case .string(let s): return depth == 0 ? s : "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .nil: return "nil"
        case .list(let items):
            if depth > 3 { return "[...]" }
            let shown = items.prefix(20).map { inline($0, depth: depth + 1) }
            let more = items.count > 20 ? ", ... (\(items.count) items)" : ""
            return "[" + shown.joined(separator: ", ") + more + "]"
        case .record(let r):
            if depth > 3 { return "{...}" }
            return "{" + r.fields.map { "\($0.0): \(inline($0.1, depth: depth + 1))" }.joined(separator: ", ") + "}"
        case .function(let f):
            if f.activation != nil { return f.name }
            if case .user(let decl, _) = f.body { return "fn \(f.name)(\(decl.parameters.map(\.name).joined(separator: ", ")))" }
            return "builtin \(f.name)"
        case .net(let n): return netCaption(n)
        case .landscape(let l): return "landscape(\(l.caption))"
        case .dataset(let d): return "dataset(\(d.dataset.name))"
        case .figure(let f): return "figure(\(f.title ?? "pictures"))"
        }
    }

    /// The multi-line summary the REPL echoes.
    public static func summary(_ v: Value) -> String {
        switch v {
        case .string(let s): return "\"\(s)\""
        case .list:
            if let rows = v.tableRows { return table(rows) }
            return inline(v)
        case .record(let r):
            switch r.kind {
            case "variability": return variabilitySummary(r)
            case "training": return trainingSummary(r)
            case "trainability": return trainabilitySummary(r)
            case "correlation":
                return "r = \(String(format: "%.3f", field(r, "r"))), p = \(number(field(r, "p"))), n = \(number(field(r, "n")))"
            default: return inline(v)
            }
        case .net(let n): return netSummary(n)
        case .landscape(let l):
            let m = l.measures
            var s = "landscape \(l.landscape.resolution)x\(l.landscape.resolution) of \(l.caption): V3 \(number(m.v3)), spread \(number(m.spread)), rms \(number(m.rms))"
            if m.isCollapsed() { s += "  (collapsed to a constant)" }
            return s
        case .dataset(let d):
            let ds = d.dataset
            return "dataset \(ds.name): \(ds.train.count) training / \(ds.test.count) test points, \(percent(ds.train.positiveShare)) positive"
        case .function(let f):
            if let b = builtinOf(f) { return b.isActivation ? "\(f.name): an activation (also a function: \(b.signature))" : b.signature }
            return inline(v)
        default: return inline(v)
        }
    }

    static func builtinOf(_ f: Callable) -> Builtin? {
        if case .builtin(let b) = f.body { return b }
        return nil
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    static func netCaption(_ n: NetValue) -> String {
        let act = n.spec?.activation.description ?? Set(n.net.hidden.map(\.activation.description)).sorted().joined(separator: "/")
        return "\(act) L=\(n.net.depth) n=\(n.net.width)"
    }

    static func netSummary(_ n: NetValue) -> String {
        let net = n.net
        var s = "\(n.note == "trained" ? "trained " : "")mlp: depth \(net.depth), width \(net.width), \(net.parameterCount) parameters, \(net.activationCount) activations"
        if let spec = n.spec {
            s += ", act \(spec.activation)"
            if spec.actRatio < 1 { s += " (act_ratio \(number(spec.actRatio)))" }
            s += ", init \(spec.initScheme.rawValue), bias \(number(spec.biasStd)), seed \(spec.seed)"
        }
        return s
    }

    static func field(_ r: Record, _ name: String) -> Double {
        if case .number(let x)? = r[name] { return x }
        return .nan
    }

    static func variabilitySummary(_ r: Record) -> String {
        let k = Int(field(r, "order"))
        let head = "variability of \(inline(r["act"] ?? .nil)) L=\(number(field(r, "depth"))) n=\(number(field(r, "width"))) " +
            "(\(number(field(r, "params"))) parameters, \(number(field(r, "activations"))) activations)"
        let v = "  V\(k) = \(interval(field(r, "mean"), field(r, "stderr"))) " +
            "(95% CI \(number(field(r, "ci_low")))–\(number(field(r, "ci_high")))), \(number(field(r, "samples"))) nets, grid \(number(field(r, "grid")))"
        let c2c = "  C2C rate \(String(format: "%.3f", field(r, "c2c"))) (95% CI \(String(format: "%.3f", field(r, "c2c_low")))–\(String(format: "%.3f", field(r, "c2c_high")))) " +
            "at tol \(number(field(r, "tol"))); \(String(format: "%.3f", field(r, "c2c_loose"))) at \(number(field(r, "tol_loose")))"
        var lines = [head, v, c2c]
        if r["dead"] != nil {
            lines.append("  dead units \(String(format: "%.3f", field(r, "dead"))), kinks \(String(format: "%.3f", field(r, "kinks"))), " +
                         "nets with a dead layer \(String(format: "%.3f", field(r, "dead_layers"))), sign patterns \(number(field(r, "patterns")))")
        }
        return lines.joined(separator: "\n")
    }

    static func trainingSummary(_ r: Record) -> String {
        var lines = ["trained \(inline(r["net"] ?? .nil)) for \(number(field(r, "epochs"))) epochs (\(number(field(r, "steps"))) steps, lr \(number(field(r, "lr"))))",
                     "  test accuracy \(String(format: "%.4f", field(r, "test_acc"))), train accuracy \(String(format: "%.4f", field(r, "train_acc"))), final loss \(number(field(r, "loss")))"]
        if case .string(let why)? = r["diverged"] { lines.append("  stopped early: \(why)") }
        return lines.joined(separator: "\n")
    }

    static func trainabilitySummary(_ r: Record) -> String {
        var lines = ["trainability of \(inline(r["act"] ?? .nil)) L=\(number(field(r, "depth"))) n=\(number(field(r, "width"))) (\(number(field(r, "params"))) parameters)",
                     "  test accuracy \(interval(field(r, "acc"), field(r, "acc_se"))) (95% CI \(number(field(r, "acc_low")))–\(number(field(r, "acc_high")))) at lr \(number(field(r, "lr")))",
                     "  trials: \(inline(r["trials"] ?? .nil, depth: 1))"]
        if case .number(let d)? = r["diverged"], d > 0 { lines.append("  \(number(d)) trial(s) diverged") }
        if case .list(let rates)? = r["by_lr"] {
            lines.append("  by learning rate: " + rates.map { item in
                guard case .record(let rr) = item else { return "" }
                return "\(number(field(rr, "lr"))): \(String(format: "%.4f", field(rr, "acc")))"
            }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: tables

    /// `0.0312 ± 0.0015`: the error with two significant digits, the mean to match.
    public static func interval(_ mean: Double, _ se: Double) -> String {
        guard se > 0, se.isFinite, mean.isFinite else { return number(mean) + " ± " + number(se) }
        let decimals = max(0, min(12, -Int(Foundation.floor(Foundation.log10(se))) + 1))
        return String(format: "%.\(decimals)f ± %.\(decimals)f", mean, se)
    }

    /// Columns shown for a table: scalar fields, with `x_se`, `x_low`, `x_high` folded into `x`.
    static func displayColumns(_ rows: [Record]) -> [String] {
        var names: [String] = []
        for row in rows { for n in row.names where !names.contains(n) { names.append(n) } }
        return names.filter { name in
            let scalar = rows.allSatisfy { row in
                switch row[name] {
                case .number?, .string?, .bool?, .nil?, nil: return true
                case .function(let f)?: return f.activation != nil
                default: return false
                }
            }
            for suffix in ["_se", "_low", "_high"] where name.hasSuffix(suffix) {
                if names.contains(String(name.dropLast(suffix.count))) { return false }
            }
            return scalar
        }
    }

    public static func table(_ rows: [Record]) -> String {
        let columns = displayColumns(rows)
        guard !columns.isEmpty else { return "[\(rows.count) records]" }
        let cells: [[String]] = rows.map { row in
            columns.map { name in
                guard let v = row[name] else { return "" }
                if case .number(let x) = v, case .number(let se)? = row[name + "_se"] {
                    return interval(x, se)
                }
                return inline(v, depth: 1).replacingOccurrences(of: "\"", with: "")
            }
        }
        let widths = columns.indices.map { c in max(columns[c].count, cells.map { $0[c].count }.max() ?? 0) }
        func line(_ items: [String], numeric: [Bool]) -> String {
            items.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - items[c].count)
                return numeric[c] ? pad + items[c] : items[c] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let numeric = columns.map { name in rows.allSatisfy { if case .number? = $0[name] { return true }; return $0[name] == nil } }
        var out = [line(columns, numeric: numeric), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += cells.map { line($0, numeric: numeric) }
        return out.joined(separator: "\n")
    }
}
