import VarlabCore

/// Measuring nets and families: landscapes, variability, layer profiles, sweeps.
enum MeasureBuiltins {
    static var all: [Builtin] {
        [
            Builtin("landscape", topic: "measures", "The output of a concrete net over [-1, 1]^2 on a grid x grid lattice, with its measures (v1..v4, rms, spread, collapsed, dead, kinks, patterns).",
                    parameters: [.init("net", "a net"), gridParameter],
                    example: "l = landscape(mlp(depth: 8, act: abs))\nl.v3", returns: LandscapeValue.schema.info) { c in
                let v = try c.required("net")
                guard case .net(let n) = v else { throw c.argumentError("net", "must be a net, got a \(v.typeName)") }
                let grid = try gridArgument(c)
                return .landscape(try landscape(of: n, grid: grid, c: c))
            },
            Builtin("variability", topic: "measures",
                    "Mean V_k over `samples` random nets of a family, with its standard error and 95% interval, the collapse-to-constant (C2C) rate with a Wilson interval, dead and kink fractions, dead-layer rate and sign patterns. Given a table (from sweep), adds these as columns.",
                    parameters: [
                        .init("net", "a net from mlp(), or a table of them from sweep()"),
                        .integer("samples", default: VariabilityOptions.defaultSamples, in: 1...Int.max, limit: \Limits.maximumSamples, variable: "VARLAB_MAX_SAMPLES", "number of random nets S"),
                        .integer("order", default: 3, in: 1...4, "k of V_k (1 to 4)"),
                        gridParameter,
                        .number("tol", default: 1e-3, in: 0...0.999_999, "C2C tolerance on the spread (1e-2 is reported too)"),
                        .flag("units", default: true, "also count dead/kink units and sign patterns"),
                    ],
                    example: "variability(mlp(depth: 20, act: abs), samples: 1000)\nsweep(depth: [1, 4, 16], act: [relu, abs], params: 2000) |> variability(samples: 100)",
                    returns: VariabilityReport.schema.info) { c in
                try variability(c)
            },
            Builtin("profile", topic: "measures",
                    "Per hidden layer of a concrete net: how collapsed its representation is over the grid (spread) next to the mean gradient norm of f with respect to its weights. C2C and vanishing gradients, side by side.",
                    parameters: [.init("net", "a net"), .integer("grid", default: 32, in: 2...Int.max, limit: \Limits.maximumGrid, variable: "VARLAB_MAX_GRID", "grid size r")],
                    example: "profile(mlp(depth: 64, params: 10000))", returns: LayerProfile.Row.schema.info, returnsTable: true) { c in
                let v = try c.required("net")
                guard case .net(let n) = v else { throw c.argumentError("net", "must be a net, got a \(v.typeName)") }
                let grid = try c.integer("grid")
                try checkWork(c, flops: 8 * Double(n.net.parameterCount) * Double(grid * grid))
                let profile = try LayerProfile(net: n.net, resolution: grid, execution: execution(c, label: "profile"))
                return .list(profile.rows.map(\.row))
            },
            Builtin("sweep", topic: "measures",
                    "A table of nets: one row per combination of the values given (lists or single values). Measure builtins applied to it add columns.",
                    parameters: [
                        .init("depth", "depths L (a list or one number)"),
                        .choice("act", .activation, default: "relu", "activations"),
                        .init("params", default: "\(MLPSpec.defaultBudget)", "budgets P (used without width)"),
                        .init("width", default: "nil", "widths n instead of a budget"),
                        .init("act_ratio", default: "1", "activation ratios"),
                        .choice("init", .initScheme, default: InitScheme.scaled.rawValue, "init schemes"),
                        .init("bias", default: "0.1", "bias standard deviations"),
                        .init("seed", default: "the session seed", "seed of every family"),
                        .init("residual", default: "false", "plain and/or residual nets: false, true or [false, true]"),
                    ],
                    example: "t = sweep(depth: [1, 2, 4, 8, 16, 32], act: [relu, abs], params: 10000)",
                    returns: NetValue.schema.info, returnsTable: true) { c in
                try sweep(c)
            },
        ]
    }

    static let gridParameter = Builtin.Parameter.integer("grid", default: Landscape.defaultResolution, in: 2...Int.max, limit: \Limits.maximumGrid,
                                                          variable: "VARLAB_MAX_GRID", "grid size r (r x r points); V_k depends on it")

    static func gridArgument(_ c: CallContext) throws -> Int {
        QuickMode.cap(c, "grid", try c.integer("grid"), quick: 32)
    }

    static func landscape(of n: NetValue, grid: Int, c: CallContext) throws -> LandscapeValue {
        guard n.net.input == 2 else { throw c.error("a landscape needs a net with 2 inputs; this one has \(n.net.input)") }
        try checkWork(c, flops: 2 * Double(n.net.parameterCount) * Double(grid * grid))
        let probe = LandscapeProbe(net: n.net, resolution: grid, observe: true)
        return LandscapeValue(landscape: probe.landscape, measures: probe.measures,
                              caption: ValueFormatter.netCaption(n), details: Pictures.details(of: n),
                              activation: n.net.hidden.map(\.activation).first { !$0.isLinear })
    }

    static func checkWork(_ c: CallContext, flops: Double) throws {
        let limit = c.interpreter.options.limits.maximumWork
        guard flops <= limit else {
            throw c.error("\(c.builtin.name): this request needs about \(formatNumber(flops)) floating-point operations, over the limit \(formatNumber(limit)) (hours of work on this machine); reduce samples, grid or size, or set VARLAB_MAX_WORK")
        }
    }

    static func execution(_ c: CallContext, label: String) -> Execution {
        let host = c.host, current = ProgressLabel(label)
        var e = Execution(threads: c.interpreter.options.threads, isCancelled: { [host] in host.isInterrupted },
                          progress: { [host] done, total in host.progress(current.text, done: done, total: total) },
                          store: c.interpreter.options.store, shard: c.interpreter.options.shard)
        e.path = { path in current.text = "\(label) (\(path))" }
        return e
    }

    /// The nets a measure applies to: one net, or every row of a table (its `net` column).
    static func rows(_ c: CallContext, _ name: String) throws -> (rows: [Record]?, nets: [NetValue]) {
        try rows(c, try c.required(name), argument: name)
    }

    static func rows(_ c: CallContext, _ v: Value, argument name: String) throws -> (rows: [Record]?, nets: [NetValue]) {
        switch v {
        case .net(let n): return (nil, [n])
        case .list(let items):
            var rows: [Record] = [], nets: [NetValue] = []
            for item in items {
                switch item {
                case .net(let n): rows.append(Record(n.columns + [("net", item)]).withDetails(of: NetValue.schema.info)); nets.append(n)
                case .record(let r):
                    guard case .net(let n)? = r["net"] else { throw c.argumentError(name, "is a table without a 'net' column (make one with sweep())") }
                    rows.append(r); nets.append(n)
                default: throw c.argumentError(name, "must be a net or a table of nets, found a \(item.typeName) in the list")
                }
            }
            if rows.isEmpty { throw c.argumentError(name, "is an empty table") }
            return (rows, nets)
        default:
            throw c.argumentError(name, "must be a net or a table from sweep(), got a \(v.typeName)")
        }
    }

    static func variability(_ c: CallContext) throws -> Value {
        let samples = QuickMode.cap(c, "samples", try c.integer("samples"), quick: 16)
        let grid = try gridArgument(c)
        let options = VariabilityOptions(samples: samples, order: try c.integer("order"), resolution: grid,
                                         tolerance: try c.number("tol"), observeUnits: try c.bool("units"))
        let (rows, nets) = try rows(c, "net")
        let specs = try nets.map { n in
            guard let spec = n.family else {
                throw c.argumentError("net", "holds a net with fixed weights (loaded or trained); variability needs a random family made by mlp()")
            }
            guard spec.input == 2 else { throw c.argumentError("net", "needs nets with 2 inputs (landscapes are over the square)") }
            return spec
        }
        try checkWork(c, flops: specs.reduce(0) { $0 + 2 * Double($1.parameterCount) * Double(grid * grid) * Double(samples) })
        var reports: [VariabilityReport] = []
        for (i, spec) in specs.enumerated() {
            let label = "variability \(spec.activation) L=\(spec.depth)" + (specs.count > 1 ? " (\(i + 1)/\(specs.count))" : "")
            let r = try Variability.measure(spec, options: options, execution: execution(c, label: label))
            reportWork(c, label, r.work, unit: "nets")
            reports.append(VariabilityReport(result: r, capped: c.capped, shard: c.interpreter.options.shard))
        }
        guard let rows else { return .result(reports[0]) }
        return .list(zip(rows, reports).map { .record(addColumns(to: $0, from: $1)) })
    }

    /// Says how much of a call came from the store or was left to other shards (a note, so
    /// printed results stay byte-identical however the work was done).
    static func reportWork(_ c: CallContext, _ label: String, _ work: WorkTally, unit: String) {
        guard c.interpreter.options.store != nil || c.interpreter.options.shard != nil else { return }
        var parts = ["\(work.stored) of \(work.total) \(unit) from the store", "\(work.computed) computed"]
        if work.skipped > 0 { parts.append("\(work.skipped) left to other shards") }
        c.host.warn("\(label): " + parts.joined(separator: ", "))
    }

    /// A table row with a result's fields added: the same names as the result itself.
    static func addColumns<S: FieldSource>(to row: Record, from result: S) -> Record {
        var out = row
        for (name, value) in result.columns { out[name] = value }
        for (name, why) in S.schema.absences(in: result) where out[name] == nil { out.absences[name] = why }
        return out.withDetails(of: result.schemaInfo)
    }

    static func sweep(_ c: CallContext) throws -> Value {
        func items(_ name: String) -> [Value]? {
            guard let v = c.value(name) else { return nil }
            if case .list(let list) = v { return list }
            return [v]
        }
        let depths = items("depth") ?? []
        guard !depths.isEmpty else { throw c.argumentError("depth", "must list at least one depth") }
        let acts = items("act") ?? [.string(c.declaration("act")?.defaultText ?? "relu")]
        let ratios = items("act_ratio") ?? [.number(1)]
        let inits = items("init") ?? [.string(InitScheme.scaled.rawValue)]
        let biases = items("bias") ?? [.number(0.1)]
        let residuals = items("residual") ?? [.bool(false)]
        let sizes: [(String, Value)] = c.has("width") ? (items("width") ?? []).map { ("width", $0) } : (items("params") ?? [.number(Double(MLPSpec.defaultBudget))]).map { ("params", $0) }
        // In Double: the product of six list lengths can overflow an Int.
        let combinations = [acts.count, ratios.count, inits.count, biases.count, sizes.count, depths.count, residuals.count].reduce(1.0) { $0 * Double($1) }
        guard combinations <= 100_000 else { throw c.error("sweep: \(formatNumber(combinations)) combinations is too many (at most 100000)") }
        var rows: [Value] = []
        for act in acts {
            for ratio in ratios {
                for initName in inits {
                    for bias in biases {
                        for size in sizes {
                            for (residual, depth) in residuals.flatMap({ r in depths.map { (r, $0) } }) {
                                var values: [String: Value] = ["depth": depth, "act": act, "act_ratio": ratio, "init": initName, "bias": bias,
                                                               "residual": residual, size.0: size.1]
                                if let seed = c.value("seed") { values["seed"] = seed }
                                let locations = Dictionary(uniqueKeysWithValues: values.keys.map { ($0, c.location) })
                                let netContext = CallContext(interpreter: c.interpreter, builtin: NetBuiltins.mlp,
                                                             location: c.location, values: values, locations: locations, rest: [])
                                let n = try NetBuiltins.makeNet(netContext)
                                let fields = n.columns + [("net", Value.net(n))]
                                rows.append(.record(Record(fields).withDetails(of: NetValue.schema.info)))
                            }
                        }
                    }
                }
            }
        }
        return .list(rows)
    }
}
