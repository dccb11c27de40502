/// The output of a net over the square [-1, 1]^2 sampled on an r x r grid (docs/measures.md):
/// values[i * r + j] = f(x_j, y_i), x_j = -1 + 2 j / (r - 1); row i is y, column j is x.
public struct Landscape: Equatable, Sendable {
    /// Grid points per side (r).
    public let resolution: Int
    /// The r x r values, row i is y_i, column j is x_j.
    public let values: [Double]

    /// Grid points per side unless `grid:` says otherwise (64).
    public static let defaultResolution = 64
    /// The square the landscape covers, on each axis.
    public static let domain: ClosedRange<Double> = -1...1

    /// A landscape of the given values, row by row.
    public init(resolution: Int, values: [Double]) {
        precondition(resolution >= 2 && values.count == resolution * resolution, "landscape shape")
        self.resolution = resolution
        self.values = values
    }

    /// Samples any function of (x, y) on the grid.
    public init(resolution: Int, function f: (Double, Double) -> Double) {
        let axis = Landscape.axis(resolution)
        var v = [Double](repeating: 0, count: resolution * resolution)
        for i in 0..<resolution { for j in 0..<resolution { v[i * resolution + j] = f(axis[j], axis[i]) } }
        self.init(resolution: resolution, values: v)
    }

    /// The landscape of a concrete net, by the fast float32 kernels.
    public init(net: MLP, resolution: Int = Landscape.defaultResolution) {
        self = LandscapeProbe(net: net, resolution: resolution, observe: false).landscape
    }

    /// Grid coordinates along one axis, endpoints included.
    public static func axis(_ r: Int) -> [Double] {
        (0..<r).map { -1 + 2 * Double($0) / Double(r - 1) }
    }

    /// The grid as coordinate-major float32 input for the kernels: all x, then all y.
    public static func gridCoordinates(_ r: Int) -> [Float] {
        let axis = Landscape.axis(r)
        var coords = [Float](repeating: 0, count: 2 * r * r)
        for i in 0..<r {
            for j in 0..<r {
                coords[i * r + j] = Float(axis[j])
                coords[r * r + i * r + j] = Float(axis[i])
            }
        }
        return coords
    }

    /// The value at row `row` (y) and column `column` (x).
    @inline(__always) public subscript(row: Int, column: Int) -> Double { values[row * resolution + column] }

    /// The smallest value (0 for an empty landscape).
    public var minimum: Double { values.min() ?? 0 }
    /// The largest value (0 for an empty landscape).
    public var maximum: Double { values.max() ?? 0 }
}

/// A net evaluated on the grid together with what its units did there, its landscape kept
/// to the precision contract (docs/measures.md, "Precision").
public struct LandscapeProbe: Sendable {
    /// The landscape, in float32 or, where the check asked for it, float64.
    public let landscape: Landscape
    /// What the units did over the grid (nil when they were not observed).
    public let observation: ForwardObservation?
    /// The landscape's measures, computed once, with the precision they were computed in.
    public let measures: LandscapeMeasures

    /// Whether the values came from the float64 path.
    public var isFloat64: Bool { measures.precision == .float64 }

    /// With `observe`, the units are observed where they can be classified; a net with a
    /// smooth nonlinear layer skips the observation and reports UnitMeasures.withoutPieces,
    /// which is what its observation would give (`observation` is then nil).
    ///
    /// The float32 landscape is checked against float64 on a probe and kept where it meets
    /// the contract with room to spare, including the C2C decision at each of `tolerances`;
    /// elsewhere the landscape is computed again in float64. `float64` skips the float32
    /// pass where nothing else needs it (a family whose nets all need float64).
    ///
    /// `reportsValues: false`: only the measures will be reported (a family's variability, a
    /// C2C decision), so the probe holds the measures and the spread, not every value
    /// (PrecisionCheck.keeps); `landscape` is then float32 wherever the measures allow.
    ///
    /// `wholeGrid`: the landscape's values will be shown or saved, so a float32 landscape
    /// that passed the probe is also compared with float64 on every grid point, and replaced
    /// by it where any value is off by more than the contract. (Deep smooth nets can have a
    /// few spiky points off the probe's lines; a variability result reports only measures,
    /// which the probe holds, so families skip this.)
    public init(
        net original: MLP, plane: Plane? = nil, resolution: Int, observe: Bool,
        tolerances: [Double] = LandscapeMeasures.defaultTolerances, float64: Bool = false, wholeGrid: Bool = false,
        reportsValues: Bool = true
    ) {
        // On a plane the net is restricted to it (a 2-input net) for float32; float64 folds
        // the plane into the original weights itself.
        let net = plane.map { $0.restrict(original) } ?? original
        let classifiable = UnitMeasures.areDefined(for: net.hidden.map(\.activation).filter { !$0.isLinear })
        let observing = observe && classifiable
        var units: UnitMeasures? = observe && !classifiable ? .withoutPieces : nil
        var fast: (Landscape, LandscapeMeasures)?
        if !float64 || observing {
            let (out, obs) = BatchForward(net).evaluateGrid(resolution: resolution, observe: observing)
            let l = Landscape(resolution: resolution, values: out.map(Double.init))
            units = obs.map(UnitMeasures.init) ?? units
            fast = (l, LandscapeMeasures(l, units: units))
            observation = obs
        } else {
            observation = nil
        }
        let reference = Float64Net(original, plane: plane)
        var brokeOffProbe = false
        if !float64, let (l, m) = fast,
            PrecisionCheck(l, reference: reference).keeps(m, tolerances: tolerances, values: reportsValues || wholeGrid)
        {
            let exact = wholeGrid ? PreciseLandscape.float64(reference, resolution: resolution) : nil
            if let exact, !PrecisionCheck.valuesHold(l, exact: exact) {
                landscape = exact
                brokeOffProbe = true
            } else {
                landscape = l
                measures = m
                return
            }
        } else {
            landscape = PreciseLandscape.float64(reference, resolution: resolution)
        }
        var exact = LandscapeMeasures(landscape, units: units)
        exact.precision = .float64
        exact.isChaotic = PrecisionCheck.isChaotic(
            original, plane: plane, float64: landscape, wholeGrid: brokeOffProbe)
        measures = exact
    }
}
