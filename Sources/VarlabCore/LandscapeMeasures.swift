/// The measures of one landscape (docs/measures.md). All are dimensionless or in units of f.
public struct LandscapeMeasures: Equatable, Sendable {
    /// V_1 ... V_4: mean absolute k-th forward difference over RMS (V3 is the headline).
    public var variability: [Double]
    /// The root mean square of the values.
    public var rms: Double
    /// The standard deviation of the values.
    public var std: Double
    /// std / RMS in [0, 1]: how much of the signal is not a constant offset.
    public var spread: Double
    /// The values of the declared per-net measures (`perNet`) by name: a key with nil is
    /// measured but not defined for this net (e.g. dead units of tanh); a missing key was
    /// not measured (a store written before the measure existed).
    public var declared: [String: Double?] = [:]
    /// Whether the units were observed (`units: true`), which unit measures need.
    public var unitsObserved = false
    /// How the landscape was computed, and whether float64 itself moved past the precision
    /// contract under weight noise (docs/measures.md, "Precision").
    public var precision: Precision = .float32
    /// Whether float64 itself moved past the contract under weight noise.
    public var isChaotic = false

    /// The strict C2C tolerance on the spread (1e-3).
    public static let defaultTolerance = 1e-3
    /// The C2C tolerances a landscape reports on: tol and the looser one beside it.
    public static let defaultTolerances = [1e-3, 1e-2]
    /// The orders of V_k measured.
    public static let orders = 1...4

    /// `units`: what the units did, where they were observed (a smooth net's observation
    /// is `UnitMeasures.withoutPieces`).
    public init(_ landscape: Landscape, units: UnitMeasures? = nil) {
        let moments = LandscapeMeasures.spreadAndRMS(landscape.values)
        let rms = moments.rms
        self.rms = rms
        std = moments.std
        spread = moments.spread
        // Below 1e-12 of the RMS a difference is float64's own rounding: an exact 0.
        variability = LandscapeMeasures.allOrders(landscape, rms: rms).map {
            $0 < PrecisionCheck.Contract.zero ? 0 : $0
        }
        unitsObserved = units != nil
        let input = PerNetMeasure.Input(landscape: landscape, spread: spread, units: units)
        for m in LandscapeMeasures.perNet {
            declared[m.name] = m.needsUnits && units == nil ? .some(nil) : m.compute(input)
        }
    }

    /// The measures of a landscape and, where given, of what its units did.
    public init(_ landscape: Landscape, observation: ForwardObservation?) {
        self.init(landscape, units: observation.map(UnitMeasures.init))
    }

    /// The measures as they were stored.
    public init(
        variability: [Double], rms: Double, std: Double, spread: Double, declared: [String: Double?],
        unitsObserved: Bool,
        precision: Precision = .float32, isChaotic: Bool = false
    ) {
        self.variability = variability
        self.rms = rms
        self.std = std
        self.spread = spread
        self.declared = declared
        self.unitsObserved = unitsObserved
        self.precision = precision
        self.isChaotic = isChaotic
    }

    /// A declared measure's value; nil where it is not defined (or not measured).
    public func value(_ name: String) -> Double? { declared[name] ?? nil }

    /// Declared measures this net has no value for, not even "undefined": it was stored
    /// before they existed.
    public var unmeasured: [String] { LandscapeMeasures.perNet.map(\.name).filter { declared[$0] == nil } }

    /// The measures of one net seen on several planes: every number is its mean over the
    /// planes (a declared measure over the planes where it is defined); float64 or chaotic
    /// when any plane was. One set of measures is itself.
    public static func mean(of all: [LandscapeMeasures]) -> LandscapeMeasures {
        precondition(!all.isEmpty, "a net is seen on at least one plane")
        let first = all[0]
        guard all.count > 1 else { return first }
        let n = Double(all.count)
        var m = first
        m.variability = first.variability.indices.map { k in all.reduce(0) { $0 + $1.variability[k] } / n }
        m.rms = all.reduce(0) { $0 + $1.rms } / n
        m.std = all.reduce(0) { $0 + $1.std } / n
        m.spread = all.reduce(0) { $0 + $1.spread } / n
        for name in first.declared.keys {
            let defined = all.compactMap { $0.value(name) }
            m.declared[name] = defined.isEmpty ? .some(nil) : defined.reduce(0, +) / Double(defined.count)
        }
        m.precision = all.contains { $0.precision == .float64 } ? .float64 : .float32
        m.isChaotic = all.contains { $0.isChaotic }
        return m
    }

    /// These measures with the ones they lack taken from `fresh` (the same net measured again).
    public func completed(by fresh: LandscapeMeasures) -> LandscapeMeasures {
        var m = self
        for name in unmeasured { m.declared[name] = fresh.declared[name] ?? nil }
        return m
    }

    /// The numbers a store keeps of a net, by name: V_k, RMS, std, spread, then every
    /// declared measure (docs/store.md).
    public var stored: [(String, Double?)] {
        var out: [(String, Double?)] = zip(Self.coreNames, variability + [rms, std, spread]).map { ($0, $1) }
        for m in Self.perNet where !Self.coreNames.contains(m.name) {
            if let v = declared[m.name] { out.append((m.name, v)) }
        }
        return out
    }

    /// The per-net numbers every landscape has (they are not declared measures).
    public static let coreNames = LandscapeMeasures.orders.map { "v\($0)" } + ["rms", "std", "spread"]

    /// A net's measures from a store's numbers by name; nil when a core number is missing.
    public init?(stored values: [String: Double?], unitsObserved: Bool, precision: Precision, isChaotic: Bool) {
        var core: [Double] = []
        for name in Self.coreNames {
            guard let v = values[name], let x = v else { return nil }
            core.append(x)
        }
        var declared: [String: Double?] = [:]
        for m in Self.perNet {
            if let v = values[m.name] { declared[m.name] = v }
        }
        self.init(
            variability: Array(core[0..<4]), rms: core[4], std: core[5], spread: core[6], declared: declared,
            unitsObserved: unitsObserved, precision: precision, isChaotic: isChaotic)
    }

    /// V_order (1...4).
    public func v(_ order: Int) -> Double { variability[order - 1] }

    /// RMS, standard deviation and spread of some values. The deviations are taken from the
    /// first value, then from their mean (two passes): equal values give exactly 0, and a
    /// large offset cancels none of the spread's digits.
    public static func spreadAndRMS(_ v: [Double]) -> (rms: Double, std: Double, spread: Double) {
        let n = Double(max(1, v.count))
        let rms = (v.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
        let first = v.first ?? 0
        let shift = v.reduce(0) { $0 + ($1 - first) } / n
        let std =
            (v.reduce(0) { s, x in
                let d = x - first - shift
                return s + d * d
            } / n).squareRoot()
        return (rms, std, rms > 0 ? min(1, std / rms) : 0)
    }

    /// The per-net measures that landscapes show and variability reports over nets, each
    /// declared once (docs/measures.md, "Measures of one landscape").
    public static let perNet: [PerNetMeasure] = [
        PerNetMeasure(
            "spread", .share, "std / RMS over the grid (0: a constant)", label: "spread (std / RMS)",
            inSummary: false, inTables: false, readsValues: false
        ) { $0.spread },
        PerNetMeasure(
            "dead", .share,
            "share of units whose output is constant on the grid (relu with input <= 0); absent for activations "
                + "without a breakpoint",
            label: "share of dead units", summary: "dead units", needsUnits: true, definedFor: .constantPiece,
            readsValues: false
        ) { $0.units?.deadFraction },
        PerNetMeasure(
            "linear", .share,
            "share of units whose input stays on one affine piece of the activation; absent without a breakpoint",
            label: "share of linear units", summary: "linear", needsUnits: true, definedFor: .breakpoints,
            readsValues: false
        ) { $0.units?.linearFraction },
        PerNetMeasure(
            "kinks", .share,
            "share of units whose input crosses a breakpoint on the grid (they bend the landscape); absent "
                + "without a breakpoint",
            label: "share of kink units", summary: "kinks", needsUnits: true, definedFor: .breakpoints,
            readsValues: false
        ) { $0.units?.kinkFraction },
        PerNetMeasure(
            "patterns", .count, "distinct on/off patterns of the units over the grid (piecewise-linear nets)",
            label: "sign patterns", summary: "sign patterns", needsUnits: true, definedFor: .piecewiseLinear,
            readsValues: false
        ) { $0.units?.patternCount.map(Double.init) },
        PerNetMeasure(
            "dead_layers", .count, "hidden layers whose units are all dead", label: "dead layers",
            summary: "nets with a dead layer",
            aggregate: .shareOfNets(
                name: "dead_layer_rate", doc: "share of nets with a layer of only dead units",
                label: "share of nets with a dead layer"),
            needsUnits: true, definedFor: .constantPiece,
            readsValues: false
        ) { $0.units?.deadLayers.map(Double.init) },
    ]

    /// Whether a declared per-net measure reads landscape values: a family's nets are then
    /// held to the value contract as well (LandscapeProbe's `reportsValues`).
    public static let perNetReadsValues = perNet.contains(where: \.readsValues)

    /// V3, the headline.
    public var v3: Double { v(3) }

    /// Collapsed to a constant: RMS = 0 or spread <= tol.
    public func isCollapsed(tolerance: Double = LandscapeMeasures.defaultTolerance) -> Bool {
        rms == 0 || spread <= tolerance
    }

    /// V_k = (mean|D_x^k F| + mean|D_y^k F|) / 2 / RMS(F); 0 when RMS is 0. Written with the
    /// binomial coefficients of the definition: the reference `allOrders` is tested against.
    public static func variability(_ landscape: Landscape, order k: Int, rms: Double) -> Double {
        let r = landscape.resolution
        guard rms > 0, k < r else { return 0 }
        let coefficients = differenceCoefficients(order: k)
        var sumX = 0.0, sumY = 0.0
        landscape.values.withUnsafeBufferPointer { f in
            for i in 0..<r {
                for j in 0..<(r - k) {
                    var dx = 0.0, dy = 0.0
                    for m in 0...k {
                        dx += coefficients[m] * f[i * r + j + m]
                        dy += coefficients[m] * f[(j + m) * r + i]
                    }
                    sumX += Swift.abs(dx)
                    sumY += Swift.abs(dy)
                }
            }
        }
        let count = Double(r * (r - k))
        return (sumX / count + sumY / count) / 2 / rms
    }

    /// V_1 ... V_4 in one pass per line: each order's differences are the differences of the
    /// previous order's, so a line costs 4 r operations instead of 14 r.
    static func allOrders(_ landscape: Landscape, rms: Double) -> [Double] {
        let r = landscape.resolution, orders = LandscapeMeasures.orders.count
        guard rms > 0 else { return [Double](repeating: 0, count: orders) }
        var sums = [Double](repeating: 0, count: orders)
        var line = [Double](repeating: 0, count: r)
        landscape.values.withUnsafeBufferPointer { f in
            for direction in 0..<2 {
                for i in 0..<r {
                    // Row i along x, or column i along y.
                    for j in 0..<r { line[j] = direction == 0 ? f[i * r + j] : f[j * r + i] }
                    for k in 0..<min(orders, r - 1) {
                        var s = 0.0
                        for j in 0..<(r - k - 1) {
                            line[j] = line[j + 1] - line[j]
                            s += Swift.abs(line[j])
                        }
                        sums[k] += s / Double(r * (r - k - 1))
                    }
                }
            }
        }
        return sums.map { $0 / 2 / rms }
    }

    /// (-1)^(k-m) C(k, m): D^k F[j] = sum_m c_m F[j + m].
    static func differenceCoefficients(order k: Int) -> [Double] {
        var c = [Double](repeating: 0, count: k + 1)
        var binomial = 1.0
        for m in 0...k {
            c[m] = ((k - m) % 2 == 0 ? 1 : -1) * binomial
            binomial = binomial * Double(k - m) / Double(m + 1)
        }
        return c
    }
}

/// What the units of the nonlinear layers did over the grid, classified by the pieces of
/// their activation (docs/measures.md, "Measures of one landscape"): a unit is dead when its
/// output is constant on the grid, linear when its input stays on one affine piece, and a
/// kink when its input crosses the breakpoint. Smooth activations have no pieces, so every
/// share is nil; sign patterns exist only for piecewise-linear nets.
public struct UnitMeasures: Equatable, Sendable {
    /// Share of units that never switched on over the grid (nil where not defined).
    public var deadFraction: Double?
    /// Share of units that stayed on one affine piece (nil where not defined).
    public var linearFraction: Double?
    /// Share of units that crossed their breakpoint (nil where not defined).
    public var kinkFraction: Double?
    /// Nonlinear layers all of whose units are dead (nil where units cannot die).
    public var deadLayers: Int?
    /// Distinct sign patterns over the grid points (a proxy for linear regions).
    public var patternCount: Int?

    /// Unit measures as given (nil: not defined for the net's activation).
    public init(dead: Double?, linear: Double?, kinks: Double?, deadLayers: Int?, patterns: Int?) {
        deadFraction = dead
        linearFraction = linear
        kinkFraction = kinks
        self.deadLayers = deadLayers
        patternCount = patterns
    }

    /// What every net with a smooth (breakpoint-free) nonlinear layer reports.
    public static let withoutPieces = UnitMeasures(dead: nil, linear: nil, kinks: nil, deadLayers: nil, patterns: nil)

    /// Whether units of nets with these nonlinear activations can be classified at all;
    /// where not, observing them is wasted work (it was 3% of a gelu sweep).
    public static func areDefined(for activations: [Activation]) -> Bool {
        activations.allSatisfy { !$0.definition.breakpoints.isEmpty }
    }

    /// The unit measures of a forward pass's observation.
    public init(_ obs: ForwardObservation) {
        let definitions = obs.activations.map(\.definition)
        let hasPieces = Self.areDefined(for: obs.activations)
        let canDie = hasPieces && definitions.contains { $0.below == .constant || $0.above == .constant }
        var units = 0, dead = 0, linear = 0, kinks = 0, deadLayers = 0
        for (layer, (pos, neg)) in zip(obs.everPositive, obs.everNegative).enumerated() {
            let d = definitions[layer]
            var layerDead = 0
            for (p, n) in zip(pos, neg) {
                units += 1
                // Only one side of the breakpoint was seen: that side's piece decides.
                let piece: ActivationDefinition.Piece? = p && n ? nil : (p ? d.above : d.below)
                switch piece {
                case nil: kinks += 1
                case .constant?:
                    dead += 1
                    layerDead += 1
                case .affine?: linear += 1
                case .curved?: break
                }
            }
            if layerDead == pos.count && !pos.isEmpty { deadLayers += 1 }
        }
        let share = { (k: Int) -> Double? in hasPieces ? (units > 0 ? Double(k) / Double(units) : 0) : nil }
        deadFraction = canDie || !hasPieces ? share(dead) : 0
        linearFraction = share(linear)
        kinkFraction = share(kinks)
        self.deadLayers = canDie ? deadLayers : nil
        patternCount = definitions.allSatisfy(\.isPiecewiseLinear) ? Self.distinctCount(obs.patternHashes) : nil
    }

    /// The number of distinct values, by open addressing in a table twice the size (the
    /// hashes are sums of random keys, so a multiply spreads them; Set's SipHash was 5% of
    /// a sweep with units).
    static func distinctCount(_ values: [UInt64]) -> Int {
        var capacity = 16
        while capacity < 2 * values.count { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        var used = [Bool](repeating: false, count: capacity)
        let mask = capacity - 1
        var count = 0
        for v in values {
            var i = Int(truncatingIfNeeded: (v &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while used[i] && slots[i] != v { i = (i + 1) & mask }
            if !used[i] {
                used[i] = true
                slots[i] = v
                count += 1
            }
        }
        return count
    }
}
