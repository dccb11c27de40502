import VarlabCore
import VarlabGraphics

/// Measuring nets and families: landscapes, variability, layer profiles, sweeps.
enum MeasureBuiltins {
    static var all: [Builtin] { [landscape, variability, profile, sweep] }

    static let grid = BuiltinArgument.integer(
        "grid", default: Landscape.defaultResolution, in: 2...Int.max, limit: \Limits.maximumGrid,
        variable: "VARLAB_MAX_GRID", "grid size r (r x r points); V_k depends on it")

    /// The declared per-net measures by name, for help texts (LandscapeMeasures.perNet), so a
    /// measure declared later is listed without editing them.
    static func declaredMeasures(_ name: (PerNetMeasure) -> String) -> String {
        LandscapeMeasures.perNet.map(name).joined(separator: ", ")
    }

    static func gridArgument(_ c: CallContext) throws -> Int {
        QuickMode.cap(c, "grid", try c[grid], quick: 32)
    }

    enum LandscapeArgument {
        static let net = BuiltinArgument.net("net", "a net")
        static let plane = BuiltinArgument.optionalInteger(
            "plane", default: "0 (for d > 2)", in: 0...1_000_000,
            "random plane k through the input space of a net with d > 2 inputs (variability's plane k of net 0)")
        static let through = BuiltinArgument.items(
            "through", default: "nil", "the plane through three points (lists of d numbers)")
        static let axes = BuiltinArgument.items(
            "axes", default: "nil", "the plane along two coordinates, such as [1, 2]")
        static let labels = BuiltinArgument.items(
            "labels", default: "[\"a\", \"b\", \"c\"]", "the names of through:'s three points on pictures")
    }

    static let landscape = Builtin(
        "landscape", topic: .measures,
        "The output of a concrete net over [-1, 1]^2 on a grid x grid lattice, with its measures (v1..v4, rms, "
            + "collapsed, \(declaredMeasures { $0.name }))).",
        arguments: [
            LandscapeArgument.net, grid, LandscapeArgument.plane, LandscapeArgument.through, LandscapeArgument.axes,
            LandscapeArgument.labels,
        ],
        example: "l = landscape(mlp(depth: 8, act: abs))\nl.v3\n"
            + "w = landscape(mlp(depth: 4, input: 3), through: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], labels: [\"x\", \"y\", \"z\"])\n"
            + "w.points",
        returns: LandscapeValue.schema.info
    ) { c in
        let n = try c[LandscapeArgument.net]
        var plane = try chosenPlane(c, net: n), names: [String]? = nil
        if let labels = try c[LandscapeArgument.labels] {
            guard c.isGiven(LandscapeArgument.through) else {
                throw c.argumentError(LandscapeArgument.labels, "names the points of through:; give through: [a, b, c]")
            }
            guard labels.count == 3 else {
                throw c.argumentError(LandscapeArgument.labels, "must name the three points, got \(labels.count) names")
            }
            names = labels.map { if case .string(let s) = $0 { s } else { ValueFormatter.inline($0) } }
            // The caption says which points: "plane through 3, 8, 1".
            plane = plane?.described("plane through \(names?.joined(separator: ", ") ?? "")")
        }
        var value = try landscape(of: n, grid: try gridArgument(c), plane: plane, c: c)
        if let names { value.pointLabels = names }
        return .landscape(value)
    }

    enum VariabilityArgument {
        static let net = BuiltinArgument.value("net", "a net from mlp(), or a table of them from sweep()")
        static let samples = BuiltinArgument.integer(
            "samples", default: VariabilityOptions.defaultSamples, in: 1...Int.max, limit: \Limits.maximumSamples,
            variable: "VARLAB_MAX_SAMPLES", "number of random nets S")
        static let order = BuiltinArgument.integer("order", default: 3, in: 1...4, "k of V_k (1 to 4)")
        static let tol = BuiltinArgument.number(
            "tol", default: 1e-3, in: 0...0.999_999, "C2C tolerance on the spread (1e-2 is reported too)")
        static let units = BuiltinArgument.flag("units", default: true, "also count dead/kink units and sign patterns")
        static let planes = BuiltinArgument.integer(
            "planes", default: 1, in: 1...64,
            "planes per net (random ones for nets with more than 2 inputs, or through the data with through:): "
                + "each net's numbers are their means over its planes"
        )
        static let through = BuiltinArgument.optional(
            "through", default: "nil",
            "a dataset: see each net on planes through triples of its training points (variability on the data)")
    }

    /// The data a family is looked at through: its training points, checked against the nets.
    static func dataPlanes(_ c: CallContext, specs: [MLPSpec]) throws -> DataPlanes? {
        typealias A = VariabilityArgument
        guard let v = try c[A.through] else { return nil }
        guard case .dataset(let d) = v else {
            throw c.argumentError(A.through, "must be a dataset (parity(), digits(), load(...)), got a \(v.typeName)")
        }
        let data = d.dataset
        if let spec = specs.first(where: { $0.input != data.dimension }) {
            throw c.argumentError(
                A.through,
                "'\(data.name)' has \(data.dimension) features but the nets have \(spec.input) inputs; make them "
                    + "with mlp(..., input: \(data.dimension))")
        }
        guard let planes = DataPlanes(data) else {
            throw c.argumentError(
                A.through, "'\(data.name)' has \(data.train.count) training points; a plane needs 3")
        }
        guard planes.planes(seed: specs.first?.seed ?? 1, net: 0, count: 1)[0].plane != nil else {
            throw c.argumentError(
                A.through, "the training points of '\(data.name)' lie on one line: no plane passes through three")
        }
        return planes
    }

    static let variability = Builtin(
        "variability", topic: .measures,
        "Mean V_k over `samples` random nets of a family, with its standard error and 95% interval, the "
            + "collapse-to-constant (C2C) rate with a Wilson interval, and over nets every declared measure "
            + "(\(declaredMeasures { $0.aggregateName })). Given a table (from sweep), adds these as columns.",
        arguments: [
            VariabilityArgument.net, VariabilityArgument.samples, VariabilityArgument.order, grid,
            VariabilityArgument.tol,
            VariabilityArgument.units, VariabilityArgument.planes, VariabilityArgument.through,
        ],
        example:
            "variability(mlp(depth: 20, act: abs), samples: 1000)\nsweep(depth: [1, 4, 16], act: [relu, abs], "
            + "params: 2000) |> variability(samples: 100)",
        returns: VariabilityReport.schema.info
    ) { c in
        try variability(c)
    }

    enum ProfileArgument {
        static let net = BuiltinArgument.net("net", "a net")
        static let grid = BuiltinArgument.integer(
            "grid", default: 32, in: 2...Int.max, limit: \Limits.maximumGrid, variable: "VARLAB_MAX_GRID", "grid size r"
        )
    }

    static let profile = Builtin(
        "profile", topic: .measures,
        "Per hidden layer of a concrete net: how collapsed its representation is over the grid (spread) next to "
            + "the mean gradient norm of f with respect to its weights. C2C and vanishing gradients, side by side.",
        arguments: [ProfileArgument.net, ProfileArgument.grid],
        example: "profile(mlp(depth: 64, params: 10000))", returns: LayerProfile.Row.schema.info, returnsTable: true
    ) { c in
        let n = try c[ProfileArgument.net]
        let grid = try c[ProfileArgument.grid]
        try checkWork(c, flops: 8 * Double(n.net.parameterCount) * Double(grid * grid))
        let profile = try LayerProfile(net: n.net, resolution: grid, execution: execution(c, label: "profile"))
        return .list(profile.rows.map(\.row))
    }

    /// sweep's settings: each a value or a list of values, read item by item through mlp's
    /// own arguments (NetBuiltins.NetArgument). A setting left out is left out of every row,
    /// so mlp's own default applies: defaults are declared once, by mlp.
    enum SweepArgument {
        typealias Net = NetBuiltins.NetArgument
        /// A sweep list of one of mlp's arguments, showing mlp's default.
        static func of<T>(_ argument: BuiltinArgument<T>, _ doc: String) -> BuiltinArgument<[Value]?> {
            var parameter = Builtin.Parameter(argument.name, default: argument.parameter.defaultText, doc)
            parameter.choice = argument.parameter.choice
            return .items(parameter)
        }
        static let depth = BuiltinArgument.items("depth", "depths L (a list or one number)")
        static let act = of(Net.act, "activations")
        static let params = of(Net.params, "budgets P (used without width)")
        static let width = of(Net.width, "widths n instead of a budget")
        static let widths = BuiltinArgument.items(
            "widths", default: "nil", "width lists, one per net: [[64, 8, 64], [8, 64, 8]] (instead of width/params)")
        static let shape = BuiltinArgument.items(
            "shape", default: "nil",
            "relative width lists, each scaled to every budget in params: [[1, 1, 1], [4, 1, 4]]")
        static let actRatio = of(Net.actRatio, "activation ratios")
        static let initScheme = of(Net.initScheme, "init schemes")
        static let bias = of(Net.bias, "bias standard deviations")
        static let seed = BuiltinArgument.optional(
            "seed", default: Net.seed.parameter.defaultText ?? "nil", "seed of every family")
        static let residual = of(Net.residual, "plain and/or residual nets: false, true or [false, true]")
        static let input = of(Net.input, "input dimensions d")
    }

    static let sweep = Builtin(
        "sweep", topic: .measures,
        "A table of nets: one row per combination of the values given (lists or single values). Measure "
            + "builtins applied to it add columns.",
        arguments: [
            SweepArgument.depth, SweepArgument.act, SweepArgument.params, SweepArgument.width, SweepArgument.widths,
            SweepArgument.shape, SweepArgument.actRatio,
            SweepArgument.initScheme, SweepArgument.bias, SweepArgument.seed, SweepArgument.residual,
            SweepArgument.input,
        ],
        example: "t = sweep(depth: [1, 2, 4, 8, 16, 32], act: [relu, abs], params: 10000)",
        returns: NetValue.schema.info, returnsTable: true
    ) { c in
        try sweep(c)
    }

    /// A net's landscape: on the square for 2 inputs, else on `plane` (by default random
    /// plane 0 of its family's seed, the plane variability looks at first).
    static func landscape(of n: NetValue, grid: Int, plane chosen: Plane? = nil, c: CallContext) throws
        -> LandscapeValue
    {
        let plane = chosen ?? defaultPlane(of: n, c: c)
        try checkWork(c, flops: 2 * Double(n.net.parameterCount) * Double(grid * grid))
        let probe = LandscapeProbe(net: n.net, plane: plane, resolution: grid, observe: true, wholeGrid: true)
        let overflowing = probe.landscape.values.filter { !$0.isFinite }.count
        if overflowing > 0 {
            c.host.warn(
                "the net's output is not a finite number at \(overflowing) of the \(grid * grid) grid points (its "
                    + "weights or biases overflow); its measures are NaN")
        }
        var details = Pictures.details(of: n)
        if let plane { details.append(PanelDetail("plane", plane.description)) }
        var value = LandscapeValue(
            landscape: probe.landscape, measures: probe.measures,
            caption: ValueFormatter.netCaption(n) + (plane.map { " on the \($0.description)" } ?? ""), details: details,
            activation: n.net.hidden.map(\.activation).first { !$0.isLinear })
        value.plane = plane
        return value
    }

    static func defaultPlane(of n: NetValue, c: CallContext) -> Plane? {
        n.net.input == 2
            ? nil : Plane.random(dimension: n.net.input, seed: n.spec?.seed ?? c.interpreter.options.seed, index: 0)
    }

    /// The plane a landscape() call asks for: through three points, along two coordinates,
    /// or random plane k; nil for the default.
    static func chosenPlane(_ c: CallContext, net n: NetValue) throws -> Plane? {
        typealias A = LandscapeArgument
        let d = n.net.input
        if let points = try c[A.through] {
            guard points.count == 3 else {
                throw c.argumentError(A.through, "must list three points, got \(points.count)")
            }
            let coordinates = try points.map { p -> [Double] in
                guard case .list(let xs) = p, xs.count == d else {
                    throw c.argumentError(
                        A.through, "must list three points of \(d) numbers each (the net has \(d) inputs)")
                }
                return try xs.map { x in
                    guard case .number(let v) = x, v.isFinite else {
                        throw c.argumentError(A.through, "holds a point with a \(x.typeName)")
                    }
                    return v
                }
            }
            guard let plane = Plane.through(coordinates[0], coordinates[1], coordinates[2]) else {
                throw c.argumentError(A.through, "holds three points on one line: they span no plane")
            }
            return plane
        }
        if let axes = try c[A.axes] {
            let indices = try axes.map { x -> Int in
                guard case .number(let v) = x, v == v.rounded(), v >= 1, v <= Double(d) else {
                    throw c.argumentError(A.axes, "must list two coordinates between 1 and \(d)")
                }
                return Int(v) - 1
            }
            guard indices.count == 2, indices[0] != indices[1] else {
                throw c.argumentError(A.axes, "must list two different coordinates, such as [1, 2]")
            }
            return Plane.axes(dimension: d, indices[0], indices[1])
        }
        if let k = try c[A.plane] {
            guard d != 2 else {
                throw c.argumentError(A.plane, "picks a random plane of a net with more than 2 inputs; this one has 2")
            }
            return Plane.random(dimension: d, seed: n.spec?.seed ?? c.interpreter.options.seed, index: UInt64(k))
        }
        return nil
    }

    static func checkWork(_ c: CallContext, flops: Double) throws {
        let limit = c.interpreter.options.limits.maximumWork
        guard flops <= limit else {
            throw c.error(
                "\(c.builtin.name): this request needs about \(formatNumber(flops)) floating-point operations, "
                    + "over the limit \(formatNumber(limit)) (hours of work on this machine); reduce samples, "
                    + "grid or size, or set VARLAB_MAX_WORK"
            )
        }
    }

    static func execution(_ c: CallContext, label: String) -> Execution {
        // Workers call the host's isInterrupted and progress only, which InterpreterHost
        // requires to be safe from any thread.
        nonisolated(unsafe) let host = c.host
        let current = ProgressLabel(label)
        var e = Execution(
            threads: c.interpreter.options.threads, isCancelled: { host.isInterrupted },
            progress: { done, total in host.progress(current.text, done: done, total: total) },
            store: c.interpreter.options.store, shard: c.interpreter.options.shard)
        e.path = { path in current.text = "\(label) (\(path))" }
        return e
    }

    /// The nets a measure applies to: one net, or every row of a table (its `net` column).
    static func rows(_ c: CallContext, _ argument: BuiltinArgument<Value>) throws -> (rows: [Record]?, nets: [NetValue])
    {
        try rows(c, try c[argument], argument: argument)
    }

    static func rows(_ c: CallContext, _ v: Value, argument: BuiltinArgument<Value>) throws -> (
        rows: [Record]?, nets: [NetValue]
    ) {
        switch v {
        case .net(let n): return (nil, [n])
        case .list(let items):
            var rows: [Record] = [], nets: [NetValue] = []
            for item in items {
                switch item {
                case .net(let n):
                    rows.append(Record(n.columns + [("net", item)]).withDetails(of: NetValue.schema.info))
                    nets.append(n)
                case .record(let r):
                    guard case .net(let n)? = r["net"] else {
                        throw c.argumentError(argument, "is a table without a 'net' column (make one with sweep())")
                    }
                    rows.append(r)
                    nets.append(n)
                default:
                    throw c.argumentError(
                        argument, "must be a net or a table of nets, found a \(item.typeName) in the list")
                }
            }
            if rows.isEmpty { throw c.argumentError(argument, "is an empty table") }
            return (rows, nets)
        default:
            throw c.argumentError(argument, "must be a net or a table from sweep(), got a \(v.typeName)")
        }
    }

    /// The random families behind the nets: a drawn net's own; for trained or loaded weights,
    /// fresh random draws of their architecture, which a note says (docs/measures.md,
    /// "Architectures as data"): measures of a family are about draws, never about one net.
    static func families(_ c: CallContext, _ argument: BuiltinArgument<Value>, _ nets: [NetValue]) throws -> [MLPSpec] {
        var noted = false
        return try nets.map { n in
            if let spec = n.family { return spec }
            guard let spec = n.architectureFamily(seed: c.interpreter.options.seed) else {
                throw c.argumentError(
                    argument,
                    "holds a net whose layers mix activations in no act_ratio pattern, so it has no random family "
                        + "to draw from")
            }
            if !noted {
                noted = true
                c.host.warn(
                    "\(c.builtin.name): the net holds fixed weights (\(n.origin == .trained ? "trained" : "loaded")); "
                        + "this measures fresh random draws of its architecture (\(ValueFormatter.familyText(spec))), "
                        + "not its own weights; landscape(net) looks at the net itself")
            }
            return spec
        }
    }

    static func variability(_ c: CallContext) throws -> Value {
        typealias A = VariabilityArgument
        let samples = QuickMode.cap(c, "samples", try c[A.samples], quick: 16)
        let grid = try gridArgument(c)
        var options = VariabilityOptions(
            samples: samples, order: try c[A.order], resolution: grid, tolerance: try c[A.tol],
            observeUnits: try c[A.units], planes: try c[A.planes])
        let (rows, nets) = try rows(c, A.net)
        let specs = try families(c, A.net, nets)
        options.through = try dataPlanes(c, specs: specs)
        let planes = Double(options.through == nil && specs.allSatisfy { $0.input == 2 } ? 1 : options.planes)
        try checkWork(
            c,
            flops: specs.reduce(0) {
                $0 + 2 * Double($1.parameterCount) * Double(grid * grid) * Double(samples) * planes
            })
        var reports: [VariabilityReport] = []
        for (i, spec) in specs.enumerated() {
            let label = rowLabel("variability", specs, i)
            // A table's progress is the whole run's: nets done of all its rows' nets.
            var e = execution(c, label: label)
            let before = i * samples, all = specs.count * samples
            if specs.count > 1, let report = e.progress {
                e.progress = { @Sendable done, _ in report(before + done, all) }
            }
            do {
                let r = try Variability.measure(spec, options: options, execution: e)
                reportWork(c, label, r.work, unit: "nets")
                reports.append(VariabilityReport(result: r, capped: c.capped, shard: c.interpreter.options.shard))
            } catch is Cancelled where rows != nil && !reports.isEmpty {
                // Ctrl-C: the rows finished so far are kept in _, and the note says so.
                let done = zip(rows ?? [], reports).map { Value.record(addColumns(to: $0, from: $1)) }
                c.interpreter.globals.assign("_", .list(done))
                c.host.warn(
                    "variability: interrupted at row \(i + 1) of \(specs.count); the \(done.count) finished rows "
                        + "are in _")
                throw Cancelled()
            }
        }
        guard let rows else { return .result(reports[0]) }
        return .list(zip(rows, reports).map { .record(addColumns(to: $0, from: $1)) })
    }

    /// "variability relu L=8" for one family; for a table's row, its place and the settings
    /// that tell it from the other rows: "variability row 3/8: abs L=2 bias 0.5".
    static func rowLabel(_ what: String, _ specs: [MLPSpec], _ i: Int) -> String {
        let spec = specs[i]
        guard specs.count > 1 else { return "\(what) \(spec.activation) L=\(spec.depth)" }
        let f = ValueFormatter.self
        let settings: [(MLPSpec) -> String] = [
            { "\($0.activation)" }, { "L=\($0.depth)" }, { "n=\(Architecture.widthText($0.layerWidths))" },
            { "bias \(f.number($0.biasStd))" }, { "init \($0.initScheme.rawValue)" }, { "seed \($0.seed)" },
            { "act_ratio \(f.number($0.actRatio))" }, { "input \($0.input)" }, { $0.residual ? "residual" : "plain" },
        ]
        let varying = settings.filter { setting in Set(specs.map(setting)).count > 1 }.map { $0(spec) }
        return "\(what) row \(i + 1)/\(specs.count): "
            + (varying.isEmpty ? "\(spec.activation) L=\(spec.depth)" : varying.joined(separator: " "))
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
        typealias A = SweepArgument
        let sizes = try sweepSizes(c)
        let layered = c.isGiven(A.widths) || c.isGiven(A.shape)
        let depths: [Value?] = try c[A.depth] ?? (layered ? [nil] : [])
        guard !depths.isEmpty else { throw c.argumentError(A.depth, "must list at least one depth") }
        // A setting not given is one "absent" item: the row leaves it out and mlp's default applies.
        func items(_ argument: BuiltinArgument<[Value]?>) throws -> [Value?] { try c[argument] ?? [nil] }
        let acts = try items(A.act), ratios = try items(A.actRatio), inits = try items(A.initScheme)
        let biases = try items(A.bias), residuals = try items(A.residual), inputs = try items(A.input)
        let seed = try c[A.seed]
        // In Double: the product of six list lengths can overflow an Int.
        let combinations = [
            acts.count, ratios.count, inits.count, biases.count, sizes.count, depths.count, residuals.count,
            inputs.count,
        ].reduce(1.0) { $0 * Double($1) }
        guard combinations <= 100_000 else {
            throw c.error("sweep: \(formatNumber(combinations)) combinations is too many (at most 100000)")
        }
        var rows: [Value] = []
        for input in inputs {
            for act in acts {
                for ratio in ratios {
                    for initName in inits {
                        for bias in biases {
                            for size in sizes {
                                for (residual, depth) in residuals.flatMap({ r in depths.map { (r, $0) } }) {
                                    var row = SweepRow(call: c)
                                    let given: [(String, Value?)] =
                                        [
                                            ("depth", depth), ("act", act), ("act_ratio", ratio), ("init", initName),
                                            ("bias", bias), ("residual", residual), ("seed", seed), ("input", input),
                                        ] + size
                                    for case let (name, value?) in given { row.values[name] = value }
                                    let n = try NetBuiltins.makeNet(row, c)
                                    rows.append(
                                        .record(
                                            Record(n.columns + [("net", Value.net(n))]).withDetails(
                                                of: NetValue.schema.info)))
                                }
                            }
                        }
                    }
                }
            }
        }
        return .list(rows)
    }

    /// The sizes a sweep combines: width lists, or shapes times budgets, or widths, or budgets
    /// (a row's size arguments, nil ones left to mlp's defaults).
    static func sweepSizes(_ c: CallContext) throws -> [[(String, Value?)]] {
        typealias A = SweepArgument
        // `widths: [64, 8, 64]` is one list of widths, not three nets.
        func lists(_ argument: BuiltinArgument<[Value]?>) throws -> [Value]? {
            guard let items = try c[argument] else { return nil }
            return items.allSatisfy({ if case .number = $0 { true } else { false } }) ? [.list(items)] : items
        }
        if let widths = try lists(A.widths) { return widths.map { [("widths", $0)] } }
        let budgets: [Value?] = try c[A.params] ?? [nil]
        if let shapes = try lists(A.shape) {
            return shapes.flatMap { shape in budgets.map { [("shape", shape), ("params", $0)] } }
        }
        if let widths = try c[A.width] { return widths.map { [("width", $0)] } }
        return budgets.map { [("params", $0)] }
    }

    /// One combination of a sweep: mlp's arguments read from the row's values, checked as
    /// mlp checks them, errors pointing at the sweep call.
    struct SweepRow: ArgumentSource {
        let call: CallContext
        var values: [String: Value] = [:]

        func read<T>(_ argument: BuiltinArgument<T>) throws -> T { try argument.convert(call, values[argument.name]) }
        func isGiven<T>(_ argument: BuiltinArgument<T>) -> Bool { values[argument.name] != nil }
    }
}
