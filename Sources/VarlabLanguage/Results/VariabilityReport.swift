import VarlabCore

/// The result of variability(): a family's measures over many random nets.
public struct VariabilityReport: TypedResult {
    /// The measured family's statistics.
    public var result: VariabilityResult
    /// What quick mode reduced.
    public var capped: Capped
    /// The shard that made it (`--shard I/N`), if any: then the result may be partial.
    public var shard: Shard? = nil

    /// V1..V4; only the requested order (`order`) is reported, with its uncertainty.
    static let orderFields: [Field<VariabilityReport>] = (1...4).flatMap { k -> [Field<VariabilityReport>] in
        @Sendable func measured(_ r: VariabilityReport, _ content: FieldContent) -> FieldContent {
            r.result.options.order == k
                ? content : .absent("this result measured order \(r.result.options.order); pass order: \(k)")
        }
        return [
            Field(
                "v\(k)", .real, "mean V\(k) over random nets (present for the order asked for)",
                uncertainty: .standardError,
                label: "mean V\(k) over random nets"
            ) { r in
                measured(r, .estimate(r.result.orders[k - 1]))
            },
            Field(
                "v\(k)_median", .real, "median V\(k) over random nets, with a distribution-free 95% interval",
                uncertainty: .interval,
                label: "median V\(k) over random nets"
            ) { r in
                let m = r.result.medians[k - 1]
                return measured(r, .interval(m.median, low: m.low, high: m.high))
            },
            Field("v\(k)_q10", .real, "10% quantile of V\(k) over random nets", inTables: false) { r in
                measured(r, .value(.number(r.result.medians[k - 1].q10)))
            },
            Field("v\(k)_q90", .real, "90% quantile of V\(k) over random nets", inTables: false) { r in
                measured(r, .value(.number(r.result.medians[k - 1].q90)))
            },
        ]
    }

    /// Its fields, declared once.
    public static let schema = Schema<VariabilityReport>(
        "variability result",
        Architecture.fields { $0.result.spec } + [
            .number("samples", .count, "random nets S", role: .setting) { Double($0.result.options.samples) },
            .number("grid", .count, "grid size r (r x r points)", role: .setting) {
                Double($0.result.options.resolution)
            },
            .number("order", .count, "k of the headline V_k", role: .setting) { Double($0.result.options.order) },
            .number("tol", .real, "C2C tolerance on the spread", role: .setting) { $0.result.options.tolerance },
            .number("tol_loose", .real, "the looser C2C tolerance reported beside it", role: .setting, inTables: false)
            { $0.result.options.looseTolerance },
        ] + orderFields + [
            Field(
                "c2c", .share, "share of nets collapsed to a constant at tol", uncertainty: .interval,
                label: "share of nets collapsed"
            ) {
                .proportion($0.result.collapse)
            },
            Field(
                "c2c_loose", .share, "share collapsed at tol_loose", uncertainty: .interval,
                label: "share collapsed at tol_loose"
            ) {
                .proportion($0.result.collapseLoose)
            },
        ] + LandscapeMeasures.perNet.map(aggregateField) + [
            .number(
                "float64_share", .share,
                "share of nets computed in float64 (their float32 landscape failed the precision check)",
                inTables: false
            ) {
                r in
                r.result.orders[0].count > 0 ? Double(r.result.float64Nets) / Double(r.result.orders[0].count) : nil
            },
            .number(
                "chaotic_share", .share,
                "share of nets whose float64 V_k move past 1% (or spread past 1e-4) under 1e-7 weight noise",
                inTables: false
            ) {
                r in
                r.result.orders[0].count > 0 ? Double(r.result.chaoticNets) / Double(r.result.orders[0].count) : nil
            },
            .number(
                "planes", .count,
                "planes per net: random ones through the input space of a net with more than 2 inputs, or through "
                    + "triples of training points (through)",
                inTables: false
            ) {
                r in r.result.spec.input == 2 && r.result.options.through == nil ? nil : Double(r.result.options.planes)
            },
            .text("through", "the dataset whose training points the planes pass through", role: .setting) {
                $0.result.options.through?.name
            },
            Field(
                "nets", .list,
                "every net's own measures, a table in sample order: sample (net i of the family), v1..v4, spread, "
                    + "rms, c2c and c2c_loose (collapsed at tol and tol_loose), precision, chaotic, and the per-net "
                    + "measures",
                inTables: false
            ) { .value(.list($0.netRows.map(Value.record))) },
            Capped.field { $0.capped },
        ] + ShardFields.fields(shard: { $0.shard }, work: { $0.result.work }))

    /// One record per net: the values `v3`, `c2c` and the other aggregates are taken over.
    var netRows: [Record] {
        let o = result.options
        return result.nets.map { index, m in
            var fields: [(String, Value)] = [("sample", .number(Double(index)))]
            for (k, v) in m.variability.enumerated() { fields.append(("v\(k + 1)", .number(v))) }
            fields += [
                ("spread", .number(m.spread)), ("rms", .number(m.rms)),
                ("c2c", .bool(m.isCollapsed(tolerance: o.tolerance))),
                ("c2c_loose", .bool(m.isCollapsed(tolerance: o.looseTolerance))),
                ("precision", .string(m.precision.rawValue)), ("chaotic", .bool(m.isChaotic)),
            ]
            for measure in LandscapeMeasures.perNet {
                fields.append((measure.name, m.value(measure.name).map(Value.number) ?? .nil))
            }
            return Record(fields)
        }
    }

    /// A declared per-net measure over nets (its mean, or the share of nets where it is
    /// above 0), or why it has none.
    static func aggregateField(_ m: PerNetMeasure) -> Field<VariabilityReport> {
        let name = m.aggregateName
        switch m.aggregate {
        case .mean:
            return unitField(
                name, FieldFormat(m.scale), "mean over nets: " + m.doc, inTables: m.inTables, label: "mean " + m.label
            ) {
                $0.result.aggregate(name)
            }
        case .shareOfNets(_, let doc, let label):
            return unitField(name, .share, doc, inTables: m.inTables, label: label) { $0.result.aggregate(name) }
        }
    }

    /// A unit measure's mean, or why it has none.
    static func unitField(
        _ name: String, _ format: FieldFormat, _ doc: String, inTables: Bool = true, label: String? = nil,
        _ value: @escaping @Sendable (VariabilityReport) -> Double?
    ) -> Field<VariabilityReport> {
        Field(name, format, doc, inTables: inTables, label: label) { r in
            value(r).map { .value(.number($0)) }
                ?? .absent(
                    MeasureAbsence.reason(
                        name, activation: r.result.spec.activation, observed: r.result.options.observeUnits))
        }
    }

    /// The printed result, with how it was made.
    public var summary: String {
        let r = result, s = r.spec, h = r.headline, m = r.medians[r.options.order - 1], f = ValueFormatter.self
        var lines = [
            "variability of \(s.activation) L=\(s.depth) n=\(Architecture.widthText(s.layerWidths))\(s.residual ? " residual" : "") "
                + "(\(s.parameterCount) parameters, \(s.activationCount) activations)",
            "  V\(r.options.order) = \(f.intervalInLine(h.mean, h.standardError)) (95% CI "
                + "\(f.number(h.low))–\(f.number(h.high))), \(r.options.samples) nets, grid \(r.options.resolution)",
            "  median \(f.number(m.median)) (95% CI \(f.number(m.low))–\(f.number(m.high))), 10% and 90% "
                + "quantiles \(f.number(m.q10)) and \(f.number(m.q90))",
            "  C2C rate \(f.share(r.collapse.rate)) (95% CI "
                + "\(f.share(r.collapse.low))–\(f.share(r.collapse.high))) at tol "
                + "\(f.number(r.options.tolerance)); \(f.share(r.collapseLoose.rate)) at "
                + "\(f.number(r.options.looseTolerance))",
        ]
        if let data = r.options.through {
            let k = r.options.planes
            lines.insert(
                "  on the data: \(k) plane\(k == 1 ? "" : "s") per net through 3 training points of \(data.name) "
                    + "(\(data.count) points, \(data.dimension) features)"
                    + (k == 1 ? "" : "; each net's numbers are the means over them"), at: 1)
        } else if s.input != 2 {
            let k = r.options.planes
            lines.insert(
                "  \(s.input) inputs: each net seen on \(k) random plane\(k == 1 ? "" : "s") through its input space"
                    + (k == 1 ? "" : ", its numbers the means over them"), at: 1)
        }
        let measured = LandscapeMeasures.perNet.compactMap { m -> String? in
            guard let words = m.summary, let x = r.aggregate(m.aggregateName) else { return nil }
            return "\(words) \(m.scale == .count && m.aggregateName == m.name ? f.number(x) : f.share(x))"
        }
        if !measured.isEmpty { lines.append("  " + measured.joined(separator: ", ")) }
        let unitNames = LandscapeMeasures.perNet.filter(\.needsUnits).map(\.aggregateName)
        if r.options.observeUnits, unitNames.allSatisfy({ r.aggregate($0) == nil }) {
            lines.append(
                s.activation.definition.breakpointsKnown
                    ? "  (\(s.activation) has no breakpoints: dead, linear and kink shares are not defined)"
                    : "  (a custom activation, its breakpoints unknown: dead, linear and kink shares are not defined)")
        }
        if let line = PrecisionNote.line(
            float64: r.float64Nets, chaotic: r.chaoticNets, of: h.count, upFront: r.float64UpFront)
        {
            lines.append("  " + line)
        }
        if r.work.isPartial {
            lines.append(
                "  partial: \(r.work.total - r.work.skipped) of \(r.work.total) "
                    + "nets\(shard.map { " (shard \($0.index)/\($0.count))" } ?? ""); merge the shards' stores "
                    + "and run again for the whole result"
            )
        }
        lines.append("  " + f.provenance(s, extra: ["tol \(f.number(r.options.tolerance))"], capped: capped))
        return lines.joined(separator: "\n")
    }
}
