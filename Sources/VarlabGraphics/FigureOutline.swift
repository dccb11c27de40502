/// A figure in words: what it shows, panel by panel, with its scale, its labels and what
/// a reader should see (the share of the square where f > 0, mistakes, error bars). For
/// screen readers, logs and tests; every renderer draws the same facts.
extension Figure {
    public var outline: [String] {
        switch self {
        case .heatmaps(let f): return Self.outline(f)
        case .decision(let f): return Self.outline(f)
        case .chart(let c): return Self.outline(c)
        }
    }

    static func outline(_ f: HeatmapFigure) -> [String] {
        let labels = f.labels, bounds = f.bounds
        let scale =
            switch f.scale {
            case .shared: "one colour scale ±\(Ticks.label(bounds.first ?? 0))"
            case .each: "each panel on its own scale"
            case .pattern: "each panel's pattern: centred on its own mean, on its own scale"
            }
        var lines = ["heat maps: \(f.panels.count) panel\(f.panels.count == 1 ? "" : "s"), \(scale)"]
        if let title = f.title { lines.append("  title: \(title)") }
        if !labels.common.isEmpty { lines.append("  shared: \(labels.common)") }
        for (k, p) in f.panels.enumerated() {
            let own = f.scale.isPerPanel ? " (\(f.scaleNote(k)))" : ""
            lines.append("  \(k + 1). \(labels.own[k])\(p.note.map { "  [\($0)]" } ?? "")\(own)")
            if !p.marks.isEmpty {
                lines.append(
                    "     marked: "
                        + p.marks.map { "\($0.label) at (\(Ticks.label($0.x)), \(Ticks.label($0.y)))" }
                        .joined(separator: ", "))
            }
        }
        return lines
    }

    static func outline(_ f: DecisionFigure) -> [String] {
        var lines = ["decision view: \(f.panels.count) panel\(f.panels.count == 1 ? "" : "s")"]
        if let title = f.title { lines.append("  title: \(title)") }
        if !f.labels.common.isEmpty { lines.append("  shared: \(f.labels.common)") }
        for (k, p) in f.panels.enumerated() {
            var facts = ["\(p.points.count) points"]
            if let values = p.values, !values.isEmpty {
                let positive = Double(values.filter { $0 > 0 }.count) / Double(values.count)
                facts.insert("f > 0 on \(Int((positive * 100).rounded()))% of the square", at: 0)
                facts.append("\(p.misclassified) misclassified")
            }
            lines.append(
                "  \(k + 1). \(f.labels.own[k])\(p.note.map { "  [\($0)]" } ?? ""): " + facts.joined(separator: ", "))
        }
        return lines
    }

    static func outline(_ c: Chart) -> [String] {
        let bars = c.series.contains { $0.points.contains { $0.low != nil } }
        var lines = [
            "chart: \(c.title)",
            "  x: \(c.xLabel)\(c.logX ? " (log)" : ""); y: "
                + "\(c.yLabel)\(c.logY ? " (log)" : "")\(bars ? "; error bars" : "")",
        ]
        let series = c.series.map { "\($0.name) (\($0.points.count) point\($0.points.count == 1 ? "" : "s"))" }.joined(
            separator: ", ")
        lines.append("  \(c.legendTitle.map { "by \($0): " } ?? "lines: ")\(series)")
        if let note = c.footnote { lines.append("  (\(note))") }
        return lines
    }
}
