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
        return trimExponent(String(format: "%.4g", x))
    }

    /// 1e-05 -> 1e-5, 2e+10 -> 2e10.
    static func trimExponent(_ s: String) -> String {
        guard s.contains("e") else { return s }
        return s.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
            .replacingOccurrences(of: "e+", with: "e")
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
            if case .user(let decl, _) = f.body {
                return "fn \(f.name)(\(decl.parameters.map(\.name).joined(separator: ", ")))"
            }
            return "builtin \(f.name)"
        case .net(let n): return netCaption(n)
        case .landscape(let l): return "landscape(\(l.caption))"
        case .dataset(let d): return "dataset(\(d.dataset.name))"
        case .figure(let f): return "figure(\(f.title ?? "pictures"))"
        case .result(let r):
            return "\(r.schemaInfo.name) {"
                + r.columns.filter { CSVTable.isScalar($0.1) }.prefix(8).map {
                    "\($0.0): \(inline($0.1, depth: depth + 1))"
                }.joined(separator: ", ") + ", ...}"
        }
    }

    /// A record on one line when it fits in `recordWidth` characters; otherwise one field per
    /// line, names aligned, a nested result as the first line of its summary and anything long
    /// cut with "…" (a sweep row with a trained result had printed as one 40-field line).
    static func record(_ r: Record, width recordWidth: Int = 100) -> String {
        let one = inline(.record(r))
        guard one.count > recordWidth else { return one }
        let pad = min(24, r.names.map(\.count).max() ?? 0)
        let lines = r.fields.map { name, value -> String in
            let text: String
            switch value {
            case .result(let nested): text = nested.summary.split(separator: "\n").first.map(String.init) ?? ""
            case .string(let s): text = "\"\(s)\""
            default: text = inline(value, depth: 1)
            }
            let room = max(20, recordWidth - pad - 4)
            let shown = text.count > room ? String(text.prefix(room - 1)) + "…" : text
            return "  " + name.padding(toLength: max(pad, name.count), withPad: " ", startingAt: 0) + "  " + shown
        }
        return "{\n" + lines.joined(separator: "\n") + "\n}"
    }

    /// The multi-line summary the REPL echoes.
    public static func summary(_ v: Value) -> String {
        switch v {
        case .string(let s): return "\"\(s)\""
        case .list:
            if let rows = v.tableRows { return table(rows) }
            return inline(v)
        case .result(let r): return r.summary
        case .net(let n): return netSummary(n)
        case .landscape(let l):
            let m = l.measures
            // A chaotic net's digits past the first two move under weight noise: not printed.
            let v3 = m.isChaotic ? "~" + trimExponent(String(format: "%.2g", m.v3)) : number(m.v3)
            var s =
                "landscape \(l.landscape.resolution)x\(l.landscape.resolution) of \(l.caption): V3 \(v3), "
                + "spread \(number(m.spread)), rms \(number(m.rms))"
            if m.precision == .float64 { s += ", in float64" }
            if m.isCollapsed() { s += "  (collapsed to a constant)" }
            if m.isChaotic { s += "\n  chaotic: " + PrecisionNote.chaotic }
            return s
        case .record(let r):
            return record(r)
        case .dataset(let d):
            let ds = d.dataset
            return
                "dataset \(ds.name): \(ds.train.count) training / \(ds.test.count) test points, "
                + "\(percent(ds.train.positiveShare)) positive"
        case .function(let f):
            if let b = builtinOf(f) {
                return b.isActivation ? "\(f.name): an activation (also a function: \(b.signature))" : b.signature
            }
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
        let act =
            n.spec?.activation.description
            ?? Set(n.net.hidden.map(\.activation.description)).sorted().joined(separator: "/")
        return
            "\(act) L=\(n.net.depth) n=\(Architecture.widthText(n.net.hidden.map(\.outputs)))\(n.net.branch == nil ? "" : " residual")"
    }

    /// "L=3, widths 64,8,64, act relu, init scaled, bias 0.1, seed 1": a family in one phrase.
    static func familyText(_ s: MLPSpec) -> String {
        "L=\(s.depth), \(widthPhrase(s.layerWidths)), act \(s.activation)\(s.residual ? ", residual" : ""), init "
            + "\(s.initScheme.rawValue), bias \(number(s.biasStd)), seed \(s.seed)"
    }

    /// "width 37", or "widths 64,8,64" for a net whose layers differ.
    static func widthPhrase(_ widths: [Int]) -> String {
        (Set(widths).count > 1 ? "widths " : "width ") + Architecture.widthText(widths)
    }

    static func netSummary(_ n: NetValue) -> String {
        let net = n.net
        var s =
            "\(n.origin == .trained ? "trained " : n.origin == .loaded ? "loaded " : "")mlp: depth "
            + "\(net.depth), \(widthPhrase(net.hidden.map(\.outputs))), \(net.parameterCount) parameters, \(net.activationCount) "
            + "activations"
        if let spec = n.spec {
            s += ", act \(spec.activation)"
            if let source = spec.activation.custom?.source { s += " = \(source)" }
            if spec.actRatio < 1 { s += " (act_ratio \(number(spec.actRatio)))" }
            if let alpha = spec.branchScale { s += ", residual (branch \(number(alpha)))" }
            s += ", init \(spec.initScheme.rawValue), bias \(number(spec.biasStd)), seed \(spec.seed)"
        }
        return s
    }

    /// `act softsign = x / (1 + abs(x)) (hash b031bb0b...)`: what a custom activation computed.
    static func customProvenance(_ c: CustomActivation) -> String {
        "act \(c.name) = \(c.source ?? "a Swift function") (hash \(c.fingerprint))"
    }

    /// A share or rate with three decimals: "0.125".
    static func share(_ x: Double) -> String { String(format: "%.3f", x) }

    /// An accuracy with four decimals: "0.9312".
    static func accuracy(_ x: Double) -> String { String(format: "%.4f", x) }

    /// The line that says how a result about a family was made.
    static func provenance(_ spec: MLPSpec, extra: [String], capped: Capped) -> String {
        var parts = ["init \(spec.initScheme.rawValue)", "bias \(number(spec.biasStd))", "seed \(spec.seed)"]
        if let c = spec.activation.custom { parts.insert(customProvenance(c), at: 0) }
        if let alpha = spec.branchScale { parts.insert("residual (branch \(number(alpha)))", at: 0) }
        if spec.actRatio < 1 { parts.append("act_ratio \(number(spec.actRatio))") }
        if let budget = spec.budget { parts.append("budget \(budget)") }
        if let shape = spec.shape { parts.append("shape [\(shape.map(number).joined(separator: ", "))]") }
        parts += extra
        if let c = capped.text { parts.append("quick mode: \(c)") }
        return "made with " + parts.joined(separator: ", ")
    }

    // MARK: tables

    /// `0.0312 ± 0.0015`: the error with two significant digits, the mean to match.
    public static func interval(_ mean: Double, _ se: Double) -> String {
        guard se > 0, se.isFinite, mean.isFinite else { return number(mean) + " ± " + number(se) }
        let decimals = max(0, min(12, -Int(Foundation.floor(Foundation.log10(se))) + 1))
        return String(format: "%.\(decimals)f ± %.\(decimals)f", mean, se)
    }

    /// A mean ± standard error for a line that also prints numbers with `number` (its interval,
    /// say): below 1e-3 the two share an exponent, "(2.27 ± 0.11)e-5", so one line never mixes
    /// "0.0000227" with "2.065e-5" (a student reads them as different sizes).
    public static func intervalInLine(_ mean: Double, _ se: Double) -> String {
        guard mean != 0, mean.isFinite, se.isFinite, Swift.abs(mean) < 1e-3 else { return interval(mean, se) }
        let exponent = Int(Foundation.floor(Foundation.log10(Swift.abs(mean))))
        let scale = Foundation.pow(10, Double(exponent))
        return "(\(interval(mean / scale, se / scale)))e\(exponent)"
    }

    /// A mean of a few trials as a student reads it: with fewer than 5 trials, their range
    /// (a 95% interval of 3 values runs from 0.08 to 0.999 and says little); when all agree,
    /// that they do; otherwise the mean ± se with its 95% interval.
    public static func fewTrials(_ values: [Double], _ estimate: Estimate) -> String {
        let format = number
        let n = values.count
        guard let low = values.min(), let high = values.max() else { return format(estimate.mean) }
        if low == high { return "\(format(estimate.mean)), all \(n) trial\(n == 1 ? "" : "s") alike" }
        if n < 5 { return "\(format(estimate.mean)) over \(n) trials (range \(format(low))–\(format(high)))" }
        return
            "\(interval(estimate.mean, estimate.standardError)) (95% CI \(format(estimate.low))–\(format(estimate.high)))"
    }

    /// Columns shown for a table: scalar fields, with `x_se`, `x_low`, `x_high` folded into
    /// `x`, details left out, and settings that every row shares moved to the footer.
    static func displayColumns(_ rows: [Record]) -> (columns: [String], footer: [String]) {
        displayLayout(rows).0
    }

    /// The shown columns, the footer's shared settings, and the columns a table has but does
    /// not show (details, intervals of shown values, lists), which its last line names.
    static func displayLayout(_ rows: [Record]) -> ((columns: [String], footer: [String]), hidden: [String]) {
        let names = Members.columnNames(rows)
        var columns: [String] = [], footer: [String] = [], hidden: [String] = []
        for name in names {
            guard rows.allSatisfy({ row in row[name].map(CSVTable.isScalar) ?? true }) else {
                hidden.append(name)
                continue
            }
            if rows.allSatisfy({ $0.details.contains(name) }) {
                hidden.append(name)
                continue
            }
            if let d = FieldCatalog.declaration(of: name) {
                if d.name != name, names.contains(d.name) {
                    // A result's intervals stay out of its cells, to keep tables narrow; rows a
                    // user wrote (no declared details) show theirs beside the value.
                    let userRows = rows.allSatisfy { $0.details.isEmpty }
                    if !name.hasSuffix("_se") && !(userRows && shownWithValue(name, base: d.name, names)) {
                        hidden.append(name)
                    }
                    continue
                }
                if d.role == .setting, let first = rows[0][name],
                    rows.allSatisfy({
                        $0[name].map {
                            (try? Operators.equal($0, first, at: SourceLocation(line: 0, column: 0))) == true
                        } ?? false
                    })
                {
                    if case .nil = first { continue }
                    footer.append("\(name) \(inline(first, depth: 1).replacingOccurrences(of: "\"", with: ""))")
                    continue
                }
            } else {
                var base: String?
                for suffix in ["_se", "_low", "_high"]
                where name.hasSuffix(suffix) && names.contains(String(name.dropLast(suffix.count))) {
                    base = String(name.dropLast(suffix.count))
                }
                if let base {
                    if !shownWithValue(name, base: base, names) { hidden.append(name) }
                    continue
                }
            }
            columns.append(name)
        }
        return ((columns, mergingCapped(footer)), hidden)
    }

    /// A setting quick mode reduced is said once, beside its value ("epochs 20 (quick mode)"),
    /// not again in a "capped" item (the footer had printed "epochs 20" twice).
    static func mergingCapped(_ footer: [String]) -> [String] {
        guard let i = footer.firstIndex(where: { $0.hasPrefix("capped ") }) else { return footer }
        var out = footer
        var rest: [String] = []
        for item in footer[i].dropFirst("capped ".count).components(separatedBy: ", ") {
            if let j = out.firstIndex(of: item) { out[j] = item + " (quick mode)" } else { rest.append(item) }
        }
        if rest.isEmpty { out.remove(at: i) } else { out[i] = "capped " + rest.joined(separator: ", ") }
        return out
    }

    /// A standard error shows as "x ± se" beside its value; a record's own interval (not a
    /// declared result's) as "x (low–high)" where there is no standard error to show instead.
    static func shownWithValue(_ name: String, base: String, _ names: [String]) -> Bool {
        name == base + "_se"
            || (!names.contains(base + "_se") && names.contains(base + "_low") && names.contains(base + "_high"))
    }

    /// A table's shown columns, each row's cells as text (companions folded as `mean ± se`),
    /// the settings all rows share (the footer) and the columns left out: what the terminal's
    /// table and a notebook's HTML table both draw.
    public static func tableCells(_ rows: [Record]) -> (
        columns: [String], cells: [[String]], footer: [String], hidden: [String]
    ) {
        let ((columns, footer), hidden) = displayLayout(rows)
        let cells: [[String]] = rows.map { row in
            columns.map { name in
                guard let v = row[name] else { return "" }
                if case .number(let x) = v, case .number(let se)? = row[name + "_se"] {
                    return interval(x, se)
                }
                if !hidden.contains(name + "_low"), row[name + "_se"] == nil, case .number(let x) = v,
                    case .number(let low)? = row[name + "_low"], case .number(let high)? = row[name + "_high"]
                {
                    return "\(number(x)) (\(number(low))–\(number(high)))"
                }
                return inline(v, depth: 1).replacingOccurrences(of: "\"", with: "")
            }
        }
        return (columns, cells, footer, hidden)
    }

    /// The "(not shown: ...)" line of a table with hidden columns.
    public static func hiddenNote(_ hidden: [String]) -> String {
        let shown =
            hidden.prefix(12).joined(separator: ", ") + (hidden.count > 12 ? " and \(hidden.count - 12) more" : "")
        return "(not shown: \(shown); t.NAME is a column, save(t, \"t.csv\") keeps them all)"
    }

    /// A table's text: aligned columns, a footer of shared settings and the columns not shown.
    public static func table(_ rows: [Record]) -> String {
        let (columns, cells, footer, hidden) = tableCells(rows)
        guard !columns.isEmpty else { return "[\(rows.count) records]" }
        let widths = columns.indices.map { c in max(columns[c].count, cells.map { $0[c].count }.max() ?? 0) }
        func line(_ items: [String], numeric: [Bool]) -> String {
            items.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - items[c].count)
                return numeric[c] ? pad + items[c] : items[c] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let numeric = columns.map { name in
            rows.allSatisfy {
                if case .number? = $0[name] { return true }
                return $0[name] == nil
            }
        }
        var out = [
            line(columns, numeric: numeric), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "),
        ]
        out += cells.map { line($0, numeric: numeric) }
        if !footer.isEmpty { out.append("(" + footer.joined(separator: ", ") + ")") }
        if !hidden.isEmpty { out.append(hiddenNote(hidden)) }
        return out.joined(separator: "\n")
    }
}
