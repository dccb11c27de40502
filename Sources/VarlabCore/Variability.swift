/// Settings of a variability measurement (docs/measures.md).
public struct VariabilityOptions: Sendable {
    /// Nets per family unless `samples:` says otherwise (200).
    public static let defaultSamples = 200
    /// Random nets measured.
    public var samples: Int = VariabilityOptions.defaultSamples
    /// Which V_k is the headline (1...4).
    public var order: Int = 3
    /// Grid points per side.
    public var resolution: Int = Landscape.defaultResolution
    /// The strict C2C tolerance; `looseTolerance` is reported beside it.
    public var tolerance: Double = 1e-3
    /// The loose C2C tolerance reported beside `tolerance`.
    public var looseTolerance: Double = 1e-2
    /// Also track dead/kink units and sign patterns (costs a little time).
    public var observeUnits: Bool = true
    /// Random planes per net for inputs of more than two dimensions (docs/measures.md,
    /// "Inputs beyond two dimensions"): a net's numbers are their means over its planes.
    public var planes: Int = 1
    /// When set, each net is seen on `planes` planes through triples of these training
    /// points instead (variability on the data, docs/measures.md), also for 2 inputs.
    public var through: DataPlanes? = nil

    /// Measurement settings; the defaults are varlab's (docs/measures.md).
    public init(
        samples: Int = VariabilityOptions.defaultSamples, order: Int = 3, resolution: Int = Landscape.defaultResolution,
        tolerance: Double = 1e-3, looseTolerance: Double = 1e-2, observeUnits: Bool = true, planes: Int = 1
    ) {
        self.planes = max(1, planes)
        self.samples = samples
        self.order = order
        self.resolution = resolution
        self.tolerance = tolerance
        self.looseTolerance = looseTolerance
        self.observeUnits = observeUnits
    }
}

/// Variability of an architecture: statistics over S independent random nets.
public struct VariabilityResult: Sendable {
    /// The family measured.
    public var spec: MLPSpec
    /// How it was measured.
    public var options: VariabilityOptions
    /// Mean V_k for k = 1...4, with standard errors and 95% intervals.
    public var orders: [Estimate]
    /// Median V_k for k = 1...4 with distribution-free intervals and the 10% / 90% quantiles.
    public var medians: [MedianEstimate]
    /// C2C rate at `options.tolerance` and at `options.looseTolerance` (Wilson intervals).
    public var collapse: Proportion
    /// C2C rate at the loose tolerance.
    public var collapseLoose: Proportion
    /// Each declared per-net measure over the nets where it is defined, by the name it is
    /// reported under (`PerNetMeasure.aggregateName`): a mean, or a share of nets. A measure
    /// no net had is absent, never 0.
    public var aggregates: [String: Double]
    /// Nets read from the store, computed, and left to other shards.
    public var work = WorkTally()
    /// Nets whose landscape was computed in float64, and nets flagged chaotic
    /// (docs/measures.md, "Precision"), out of `orders[0].count`.
    public var float64Nets = 0, chaoticNets = 0
    /// The family went to float64 up front: its pilot nets all needed it.
    public var float64UpFront = false
    /// Every net's own measures, in sample order, with its index in the family (net i is
    /// `MLP(spec:index:)`): the values the means and intervals are taken over.
    public var nets: [(index: Int, measures: LandscapeMeasures)] = []

    /// A declared measure over nets (by its reported name); nil where no net had it.
    public func aggregate(_ name: String) -> Double? { aggregates[name] }

    /// The headline: mean V_order.
    public var headline: Estimate { orders[options.order - 1] }
}

/// The measures of net `i` of a family, as one sample of a variability measurement.
public struct NetSample: Sendable {
    /// The net's measures, as the mean over its planes.
    public var measures: LandscapeMeasures

    /// Measures net `index` of the family (in float64 when asked).
    public init(spec: MLPSpec, index: Int, options: VariabilityOptions, float64: Bool = false) {
        let net = MLP(spec: spec, index: UInt64(index))
        // Data planes that cannot be drawn (points all on one line: the language refuses such
        // data up front) fall back to random planes rather than to no plane at all.
        let through = options.through.map { data in
            data.planes(seed: spec.seed, net: index, count: options.planes).compactMap(\.plane)
        }
        let planes: [Plane?] =
            through.flatMap { $0.isEmpty ? nil : $0 }
            ?? NetSample.planes(spec: spec, index: index, count: options.planes)
        measures = LandscapeMeasures.mean(
            of: planes.map { plane in
                LandscapeProbe(
                    net: net, plane: plane, resolution: options.resolution, observe: options.observeUnits,
                    tolerances: [options.tolerance, options.looseTolerance], float64: float64,
                    reportsValues: LandscapeMeasures.perNetReadsValues
                ).measures
            })
    }

    /// The planes net `index` is looked at on: none (the square itself) for 2 inputs, else
    /// `count` random planes, plane k from the stream (seed XOR "PLANES", index * 65536 + k):
    /// Plane.random, docs/measures.md "Inputs beyond two dimensions".
    public static func planes(spec: MLPSpec, index: Int, count: Int) -> [Plane?] {
        guard spec.input != 2 else { return [nil] }
        return (0..<max(1, count)).map { k in
            Plane.random(dimension: spec.input, seed: spec.seed, index: UInt64(index) &* 65_536 &+ UInt64(k))
        }
    }
}

/// Variability of a family: statistics over many random nets (docs/measures.md).
public enum Variability {
    /// Nets are drawn in waves of this many, so memory stays flat however many samples.
    static let wave = 256
    /// The first nets, measured before the rest: when all of them needed float64, the
    /// others skip the float32 pass that would be thrown away (docs/measures.md, "Precision").
    /// They decide the same way on any thread count, shard or store.
    static let pilot = 8

    /// Measures `options.samples` nets of the family, reading and keeping units in `execution`'s store.
    public static func measure(
        _ spec: MLPSpec, options: VariabilityOptions = VariabilityOptions(),
        execution: Execution = .serial
    ) throws -> VariabilityResult {
        var accumulator = Accumulator(orders: LandscapeMeasures.orders.count)
        var tally = WorkTally()
        let family = FamilyKey(spec: spec, options: options).text
        var start = 0, upFront = false
        while start < options.samples {
            let indices = Array(start..<min(start + (start == 0 ? pilot : wave), options.samples))
            // Units the store has are read, this shard's missing ones computed and stored;
            // every shard measures the pilot, which decides for all.
            // A stored net that lacks a measure declared since is measured again; its stored
            // numbers stay, the new measure is added.
            let found = try execution.store?.nets(family, indices) ?? [:]
            let stored = found.filter { $0.value.unmeasured.isEmpty }
            let missing = indices.filter { stored[$0] == nil && (start == 0 || (execution.shard?.owns($0) ?? true)) }
            var waveExecution = execution
            let offset = start + stored.count, total = options.samples
            if let report = execution.progress {
                waveExecution.progress = { @Sendable done, _ in report(offset + done, total) }
            }
            let float64 = upFront
            let computed = try waveExecution.map(missing.count) { j in
                NetSample(spec: spec, index: missing[j], options: options, float64: float64).measures
            }
            try execution.store?.saveNets(family, Array(zip(missing, computed)))
            let fresh = Dictionary(
                uniqueKeysWithValues: zip(missing, computed).map { i, m in (i, found[i]?.completed(by: m) ?? m) })
            let measured = indices.compactMap { stored[$0] ?? fresh[$0] }
            for (i, m) in zip(indices.filter { stored[$0] != nil || fresh[$0] != nil }, measured) {
                accumulator.add(m, options: options)
                accumulator.nets.append((i, m))
            }
            if start == 0 {
                upFront = !measured.isEmpty && measured.allSatisfy { $0.precision == .float64 }
                if upFront { execution.path?("float64: its first nets all needed it") }
            }
            tally.skipped += indices.count - measured.count
            tally.stored += stored.count
            tally.computed += computed.count
            start += indices.count
        }
        var result = accumulator.result(spec: spec, options: options)
        result.work = tally
        result.float64UpFront = upFront
        return result
    }

    /// Running sums in sample order, so the result is the same for any thread count.
    struct Accumulator {
        var n = 0
        /// Every net's V_k, for the means, standard errors and medians (8 bytes a net and order).
        var samples: [[Double]]
        var collapsed = 0, collapsedLoose = 0, float64 = 0, chaotic = 0
        var nets: [(index: Int, measures: LandscapeMeasures)] = []
        var measureSums = [Double](repeating: 0, count: LandscapeMeasures.perNet.count)
        var measureCounts = [Int](repeating: 0, count: LandscapeMeasures.perNet.count)

        init(orders: Int) {
            samples = [[Double]](repeating: [], count: orders)
        }

        mutating func add(_ m: LandscapeMeasures, options: VariabilityOptions) {
            n += 1
            for k in samples.indices { samples[k].append(m.variability[k]) }
            if m.isCollapsed(tolerance: options.tolerance) { collapsed += 1 }
            if m.isCollapsed(tolerance: options.looseTolerance) { collapsedLoose += 1 }
            if m.precision == .float64 { float64 += 1 }
            if m.isChaotic { chaotic += 1 }
            for (i, measure) in LandscapeMeasures.perNet.enumerated() {
                guard let x = m.value(measure.name) else { continue }
                if case .shareOfNets = measure.aggregate {
                    measureSums[i] += x > 0 ? 1 : 0
                } else {
                    measureSums[i] += x
                }
                measureCounts[i] += 1
            }
        }

        func result(spec: MLPSpec, options: VariabilityOptions) -> VariabilityResult {
            // Two passes over the kept samples: equal values give a standard error of exactly 0.
            let orders = samples.map { Estimate(nonNegative: $0) }
            var aggregates: [String: Double] = [:]
            for (i, measure) in LandscapeMeasures.perNet.enumerated() where measureCounts[i] > 0 {
                aggregates[measure.aggregateName] = measureSums[i] / Double(measureCounts[i])
            }
            var result = VariabilityResult(
                spec: spec, options: options, orders: orders, medians: samples.map(MedianEstimate.init),
                collapse: Proportion(successes: collapsed, trials: n),
                collapseLoose: Proportion(successes: collapsedLoose, trials: n),
                aggregates: aggregates, float64Nets: float64, chaoticNets: chaotic)
            result.nets = nets
            return result
        }
    }
}
