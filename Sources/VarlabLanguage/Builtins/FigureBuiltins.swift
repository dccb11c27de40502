import VarlabCore
import VarlabGraphics

/// Pictures: heat maps of landscapes and charts of tables. They are values; the host
/// draws them when they are shown or echoed, and save() writes them as SVG or PNG.
enum FigureBuiltins {
    static var all: [Builtin] {
        [
            Builtin("show", topic: "pictures",
                    "Draws a value: a landscape or net as a heat map, a table of nets as one random landscape per row side by side, a dataset as its points, a trained net as its decision landscape with the data.",
                    parameters: [.init("value", "a landscape, net, table of nets, dataset, training result or figure"),
                                 .integer("grid", default: Landscape.defaultResolution, in: 2...512, "grid size for nets (the V3 under a picture is the landscape's at this grid)")],
                    example: "show(sweep(depth: [1, 4, 16, 64], act: abs, params: 2000))") { c in
                let value = try c.required("value")
                guard let figure = try figure(for: value, c: c, grid: QuickMode.cap(c, "grid", try c.integer("grid"), quick: 32)) else {
                    throw c.argumentError("value", "cannot be drawn: a \(value.typeName) has no picture")
                }
                c.host.show(figure)
                if case .result(let r as TrainingReport) = value { c.host.show(.chart(trainingCurve(r))) }
                return .nil
            },
            Builtin("plot", topic: "pictures",
                    "A chart of a table: column y against column x, one line per value of column `by`, with error bars when y has an interval (y_low, y_high). Echoing it draws it; save() writes it.",
                    parameters: [.init("table", "a list of records"), .column("x", "column for the x axis"), .column("y", "column for the y axis"),
                                 .column("by", default: "nil", "column that splits the rows into lines"),
                                 .init("title", default: "\"y vs x\"", "title"), .flag("log_x", default: false, "logarithmic x axis"),
                                 .flag("log_y", default: false, "logarithmic y axis")],
                    example: "plot(t, x: \"depth\", y: \"v3\", by: \"act\", log_x: true)") { c in
                .figure(.chart(try chart(c)))
            },
        ]
    }

    static func chart(_ c: CallContext) throws -> Chart {
        let table = try c.required("table")
        guard let rows = table.tableRows else { throw c.argumentError("table", "must be a table (a list of records), got a \(table.typeName)") }
        let x = try c.string("x"), y = try c.string("y")
        let by = c.has("by") ? try c.string("by") : nil
        let columns = Members.columnNames(rows)
        for name in [x, y] + (by.map { [$0] } ?? []) where !columns.contains(name) {
            throw c.error("plot: the table has no column '\(name)'\(Suggestion.hint(for: name, in: columns))")
        }
        var series: [Chart.Series] = []
        for row in rows {
            guard case .number(let xv)? = row[x], case .number(let yv)? = row[y] else {
                throw c.error("plot: columns '\(x)' and '\(y)' must hold numbers")
            }
            var low: Double? = nil, high: Double? = nil
            if case .number(let l)? = row[y + "_low"], case .number(let h)? = row[y + "_high"] { low = l; high = h }
            let name = by.flatMap { row[$0] }.map { ValueFormatter.inline($0) } ?? y
            if let i = series.firstIndex(where: { $0.name == name }) {
                series[i].points.append(Chart.Point(x: xv, y: yv, low: low, high: high))
            } else {
                series.append(Chart.Series(name: name, points: [Chart.Point(x: xv, y: yv, low: low, high: high)]))
            }
        }
        let title = c.has("title") ? try c.string("title") : "\(y) vs \(x)"
        return Chart(title: title, xLabel: FieldCatalog.label(x), yLabel: FieldCatalog.label(y), series: series,
                     logX: try c.bool("log_x"), logY: try c.bool("log_y"))
    }

    static func panel(_ l: LandscapeValue) -> HeatmapPanel {
        HeatmapPanel(resolution: l.landscape.resolution, values: l.landscape.values, caption: "\(l.caption)  V3 \(ValueFormatter.number(l.measures.v3))")
    }

    /// The picture of a value, or nil when it has none. Nets are drawn on landscape()'s grid,
    /// so the V3 under a picture is the one landscape() reports.
    static func figure(for value: Value, c: CallContext, grid: Int = Landscape.defaultResolution) throws -> Figure? {
        switch value {
        case .figure(let f): return f
        case .landscape(let l): return .heatmaps([panel(l)])
        case .net(let n):
            return .heatmaps([panel(try MeasureBuiltins.landscape(of: n, grid: grid, c: c))])
        case .dataset(let d):
            return .heatmaps([HeatmapPanel(resolution: 2, values: [0, 0, 0, 0], caption: d.dataset.name, points: LabelledPoint.sample(d.dataset.train, limit: 1500))])
        case .result(let r as TrainingReport):
            let l = try MeasureBuiltins.landscape(of: r.net, grid: grid, c: c)
            let caption = r.data.dataset.name + ", test acc \(ValueFormatter.number(r.result.testAccuracy))"
            return .heatmaps([HeatmapPanel(resolution: l.landscape.resolution, values: l.landscape.values, caption: caption,
                                           points: LabelledPoint.sample(r.data.dataset.test, limit: 600))])
        case .list(let items) where !items.isEmpty && items.allSatisfy({ if case .landscape = $0 { true } else { false } }):
            // A list of landscapes (units(net, layer: k)) side by side.
            guard items.count <= 256 else { throw c.error("show: at most 256 landscapes at once, got \(items.count)") }
            return .heatmaps(items.compactMap { if case .landscape(let l) = $0 { panel(l) } else { nil } })
        case .list:
            let (_, nets) = try MeasureBuiltins.rows(c, value, argument: "value")
            guard nets.count <= 64 else { throw c.error("show: at most 64 landscapes at once, got \(nets.count)") }
            return .heatmaps(try nets.map { panel(try MeasureBuiltins.landscape(of: $0, grid: grid, c: c)) })
        default: return nil
        }
    }

    /// Loss and accuracies per epoch of a training result.
    static func trainingCurve(_ r: TrainingReport) -> Chart {
        let history = r.result.history
        func series(_ name: String, _ y: (EpochRecord) -> Double) -> Chart.Series {
            Chart.Series(name: name, points: history.map { Chart.Point(x: Double($0.epoch), y: y($0)) })
        }
        return Chart(title: "training curve", xLabel: "epoch", yLabel: "loss / accuracy",
                     series: [series("train_loss", \.loss), series("train_acc", \.trainAccuracy), series("test_acc", \.testAccuracy)])
    }
}
