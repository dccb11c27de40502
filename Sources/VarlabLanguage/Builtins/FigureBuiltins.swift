import VarlabCore
import VarlabGraphics

/// Pictures: heat maps of landscapes, decision views of trained nets and charts of tables.
/// They are values; the host draws them when they are shown or echoed, and save() writes
/// them as SVG or PNG (Pictures says what each value looks like).
enum FigureBuiltins {
    static let scale = BuiltinArgument<ColourScale>.choice(
        "scale", default: .shared,
        "colour scale of landscapes: shared (comparable sizes), each (own scale per panel) or pattern (each "
            + "centred on its own mean and scaled to its own range: the shape of a landscape with a large offset); "
            + "not given, a strip of nets that one scale would leave pale (a panel under a third of the largest) "
            + "takes each, with a note"
    )
    static let font = BuiltinArgument<FontSize>.choice(
        "font", default: .normal,
        "text size: normal, large, or slides (captions stay readable when a wide figure is shrunk onto a slide)")
    static let grid = BuiltinArgument.integer(
        "grid", default: Landscape.defaultResolution, in: 2...512,
        "grid size for nets (the V3 under a picture is the landscape's at this grid)")

    static var all: [Builtin] {
        [
            Builtin(
                "show", topic: .pictures,
                "Draws a value: a landscape or net as a heat map; a list of landscapes, nets or sweep rows side "
                    + "by side on one colour scale; a dataset as its points; a trained net (or a list of them) "
                    + "as its decision view (sign regions, the f = 0 line, test points, mistakes ringed) "
                    + "with its training curve.",
                arguments: [shown, grid, scale, font, title, pick],
                example:
                    "show(sweep(depth: [1, 4, 16, 64], act: abs, params: 2000))\nshow(units(mlp(depth: 3, "
                    + "width: 8), layer: 2))"
            ) { c in
                let value = try c[shown]
                guard let figure = try figure(of: value, c: c) else {
                    throw c.argumentError(shown, "cannot be drawn: a \(value.typeName) has no picture")
                }
                c.host.show(figure)
                if case .result(let r as TrainingReport) = value {
                    c.host.show(Figure.chart(trainingCurve(r)).with(font: try c[font]))
                }
                return .nil
            },
            Builtin(
                "plot", topic: .pictures,
                "A chart of a table: column y against column x, one line per value of column `by` (the legend's "
                    + "title), with error bars when y has an interval (y_low and y_high) or a standard error "
                    + "(y_se). Echoing it draws it; save() writes it.",
                arguments: [
                    PlotArgument.table, PlotArgument.x, PlotArgument.y, PlotArgument.by, PlotArgument.title,
                    PlotArgument.xlabel,
                    PlotArgument.ylabel, PlotArgument.logX, PlotArgument.logY,
                ],
                example: "plot(t, x: \"depth\", y: \"v3\", by: \"act\", log_x: true)"
            ) { c in
                .figure(.chart(try chart(c)))
            },
        ]
    }

    static let pick = BuiltinArgument<MemberPick>.choice(
        "pick", default: .first,
        "which member of a net's family a picture draws: first (the net itself), typical (the median V3 of its first "
            + "16 members), collapsed (the first collapsed one of 64), max_v3 (the largest V3 of 16)")

    static let title = BuiltinArgument.optionalText(
        "title", default: "nil", "a title above the picture (a chart's own title otherwise)")

    static let shown = BuiltinArgument.value(
        "value", "a landscape, net, list or table of them, dataset, training result or figure")

    enum PlotArgument {
        static let table = BuiltinArgument.value("table", "a list of records")
        static let x = BuiltinArgument.column("x", "column for the x axis")
        static let y = BuiltinArgument.column("y", "column for the y axis")
        static let by = BuiltinArgument.optionalColumn("by", default: "nil", "column that splits the rows into lines")
        static let title = BuiltinArgument.optionalText("title", default: "\"y vs x\"", "title")
        static let xlabel = BuiltinArgument.optionalText(
            "xlabel", default: "the x column and its meaning", "x axis title")
        static let ylabel = BuiltinArgument.optionalText(
            "ylabel", default: "the y column and its meaning", "y axis title")
        static let logX = BuiltinArgument.flag("log_x", default: false, "logarithmic x axis")
        static let logY = BuiltinArgument.flag("log_y", default: false, "logarithmic y axis")
    }

    /// The picture of a value with the call's grid and scale arguments.
    static func figure(of value: Value, c: CallContext) throws -> Figure? {
        let grid = QuickMode.cap(c, "grid", try c[grid], quick: 32)
        var drawn = try Pictures.figure(for: value, c: c, grid: grid, scale: try c[scale], pick: try c[pick])?
            .with(font: try c[font])
        if !c.isGiven(scale), Pictures.drawsSeveralNets(value), case .heatmaps(var f)? = drawn, f.panels.count > 1 {
            let pale = Pictures.paleUnderSharedScale(f.panels)
            if pale > 0 {
                f.scale = .each
                drawn = .heatmaps(f)
                c.host.warn(
                    "\(c.builtin.name): each panel on its own scale: one shared scale would leave \(pale) of "
                        + "\(f.panels.count) panels pale (scale: shared keeps one)")
            }
        }
        guard let title = try c[title] else { return drawn }
        return drawn?.with(title: title)
    }

    static func chart(_ c: CallContext) throws -> Chart {
        typealias A = PlotArgument
        let table = try c[A.table]
        guard let rows = table.tableRows else {
            throw c.argumentError(A.table, "must be a table (a list of records), got a \(table.typeName)")
        }
        let x = try c[A.x], y = try c[A.y]
        let by = try c[A.by]
        let columns = Members.columnNames(rows)
        for name in [x, y] + (by.map { [$0] } ?? []) where !columns.contains(name) {
            throw c.error("plot: the table has no column '\(name)'\(columnHint(name, columns: columns))")
        }
        var series: [Chart.Series] = []
        for row in rows {
            guard case .number(let xv)? = row[x], case .number(let yv)? = row[y] else {
                throw c.error("plot: columns '\(x)' and '\(y)' must hold numbers")
            }
            let (low, high) = interval(row, y, value: yv)
            let name =
                by.flatMap { row[$0] }.map { ValueFormatter.inline($0).replacingOccurrences(of: "\"", with: "") } ?? y
            if let i = series.firstIndex(where: { $0.name == name }) {
                series[i].points.append(Chart.Point(x: xv, y: yv, low: low, high: high))
            } else {
                series.append(Chart.Series(name: name, points: [Chart.Point(x: xv, y: yv, low: low, high: high)]))
            }
        }
        let title = try c[A.title] ?? "\(y) vs \(x)"
        let footer = ValueFormatter.displayColumns(rows).footer.filter {
            !$0.hasPrefix(x + " ") && !$0.hasPrefix(y + " ")
        }
        return Chart(
            title: title, xLabel: try c[A.xlabel] ?? FieldCatalog.label(x),
            yLabel: try c[A.ylabel] ?? FieldCatalog.label(y), legendTitle: by, series: series, logX: try c[A.logX],
            logY: try c[A.logY],
            footnote: footer.isEmpty ? nil : footer.joined(separator: ", "))
    }

    /// y's error bar: its interval when the table has one, else ± its standard error.
    static func interval(_ row: Record, _ y: String, value: Double) -> (Double?, Double?) {
        if case .number(let l)? = row[y + "_low"], case .number(let h)? = row[y + "_high"] { return (l, h) }
        if case .number(let se)? = row[y + "_se"], se.isFinite { return (value - se, value + se) }
        return (nil, nil)
    }

    /// Loss and accuracies per epoch of a training result.
    static func trainingCurve(_ r: TrainingReport) -> Chart {
        let history = r.result.history
        func series(_ name: String, _ y: (EpochRecord) -> Double) -> Chart.Series {
            Chart.Series(name: name, points: history.map { Chart.Point(x: Double($0.epoch), y: y($0)) })
        }
        return Chart(
            title: "training on \(r.data.dataset.name)", xLabel: "epoch", yLabel: "loss / accuracy",
            series: [
                series("train_loss", \.loss), series("train_acc", \.trainAccuracy), series("test_acc", \.testAccuracy),
            ])
    }

    /// Where a missing column comes from when a measure adds it (`acc` on a variability table
    /// comes from trainability: "did you mean 'act'?" had pointed the wrong way); else the
    /// nearest column name.
    static func columnHint(_ name: String, columns: [String]) -> String {
        let adders = [
            ("variability", VariabilityReport.schema.info, "t |> variability(samples: 100)"),
            ("trainability", TrainabilityReport.schema.info, "t |> trainability(data)"),
        ]
        for (builtin, schema, call) in adders where schema.fields.contains(where: { $0.columnNames.contains(name) }) {
            return "; '\(name)' is a column that \(builtin) adds: \(call)"
        }
        return Suggestion.hint(for: name, in: columns)
    }
}
