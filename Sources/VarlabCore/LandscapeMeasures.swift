/// The measures of one landscape (docs/measures.md). All are dimensionless or in units of f.
public struct LandscapeMeasures: Equatable, Sendable {
    /// V_1 ... V_4: mean absolute k-th forward difference over RMS (V3 is the headline).
    public var variability: [Double]
    public var rms: Double
    public var std: Double
    /// std / RMS in [0, 1]: how much of the signal is not a constant offset.
    public var spread: Double
    /// Unit statistics (nil when the landscape came without a probe of the net).
    public var units: UnitMeasures?

    public static let defaultTolerance = 1e-3
    public static let orders = 1...4

    public init(_ landscape: Landscape, observation: ForwardObservation? = nil) {
        let v = landscape.values
        let n = Double(v.count)
        let meanSquare = v.reduce(0) { $0 + $1 * $1 } / n
        let mean = v.reduce(0, +) / n
        let rms = meanSquare.squareRoot()
        self.rms = rms
        std = max(0, meanSquare - mean * mean).squareRoot()
        spread = rms > 0 ? min(1, std / rms) : 0
        variability = LandscapeMeasures.allOrders(landscape, rms: rms)
        units = observation.map(UnitMeasures.init)
    }

    public func v(_ order: Int) -> Double { variability[order - 1] }

    /// The per-net numbers that landscapes show and variability averages (docs/measures.md).
    public static let perNet: [PerNetMeasure] = [
        PerNetMeasure("spread", .share, "std / RMS over the grid (0: a constant)", inTables: false) { $0.spread },
        PerNetMeasure("dead", .share, "share of units dead on the whole grid") { $0.units?.deadFraction },
        PerNetMeasure("kinks", .share, "share of units whose input changes sign on the grid") { $0.units?.kinkFraction },
        PerNetMeasure("patterns", .count, "distinct on/off patterns of the units over the grid") { $0.units.map { Double($0.patternCount) } },
    ]
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

/// What the units of the nonlinear layers did over the grid.
public struct UnitMeasures: Equatable, Sendable {
    /// Share of nonlinear units whose pre-activation is <= 0 on the whole grid.
    public var deadFraction: Double
    /// Share whose pre-activation takes both signs on the grid (they bend the landscape).
    public var kinkFraction: Double
    /// Nonlinear layers all of whose units are dead.
    public var deadLayers: Int
    /// Distinct sign patterns over the grid points (a proxy for linear regions).
    public var patternCount: Int

    public init(_ obs: ForwardObservation) {
        var units = 0, dead = 0, kinks = 0, deadLayers = 0
        for (pos, neg) in zip(obs.everPositive, obs.everNegative) {
            var layerDead = 0
            for (p, n) in zip(pos, neg) {
                units += 1
                if !p { dead += 1; layerDead += 1 }
                if p && n { kinks += 1 }
            }
            if layerDead == pos.count && !pos.isEmpty { deadLayers += 1 }
        }
        deadFraction = units > 0 ? Double(dead) / Double(units) : 0
        kinkFraction = units > 0 ? Double(kinks) / Double(units) : 0
        self.deadLayers = deadLayers
        patternCount = Set(obs.patternHashes).count
    }
}
