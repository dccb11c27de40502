import Foundation

/// How a landscape was computed: float32 where the check showed it keeps the contract.
public enum Precision: String, Sendable, CaseIterable {
    case float32, float64
}

/// The precision contract, checked by measurement (docs/measures.md, "Precision"): a float32
/// landscape is compared with float64 on a probe (one row and one column of the grid), and
/// kept only where the measured error is well inside the contract.
public struct PrecisionCheck: Sendable {
    /// What every reported number promises against its float64 value.
    public enum Contract {
        /// V_k relative to its float64 value.
        public static let variability = 0.01
        /// Landscape values relative to the RMS; the spread absolutely.
        public static let values = 1e-4
        /// Below this share of the RMS a V_k is float64's own rounding and reported as 0.
        public static let zero = 1e-12
        /// The relative weight noise a result must be stable under to print its digits.
        public static let weightNoise = 1e-7
    }

    /// How far inside the contract the probe's estimate must stay: it sees two lines of
    /// the grid, not all of it (margins measured with `varlab-bench --precision`).
    public static let margin = 10.0

    /// The probe's points: row `row` (along x) then column `column` (along y), whole. (Half
    /// lines were measured too: they cost half as much but let a sigmoid net's V4, 12% off in
    /// float32, through in `varlab-bench --precision`.)
    public struct Lines: Sendable {
        /// Grid points per side.
        public let resolution: Int
        /// The grid row the probe takes whole.
        public var row: Int { resolution / 3 }
        /// The grid column the probe takes whole.
        public var column: Int { 2 * resolution / 3 }

        /// The probe lines of an r x r grid.
        public init(resolution: Int) { self.resolution = resolution }

        /// The probe's points: the row's, then the column's.
        public var coordinates: (xs: [Double], ys: [Double]) {
            let axis = Landscape.axis(resolution)
            return (
                axis + [Double](repeating: axis[column], count: resolution),
                [Double](repeating: axis[row], count: resolution) + axis
            )
        }

        /// The probe's points read from a whole landscape, in the same order.
        public func values(of l: Landscape) -> [Double] {
            (0..<resolution).map { l[row, $0] } + (0..<resolution).map { l[$0, column] }
        }

        /// For k = 1...4, the mean |k-th difference| along the row and along the column,
        /// averaged as V_k averages its two directions (not divided by the RMS).
        public func differences(_ v: [Double]) -> [Double] { differenceLines(v).map(Self.meanAbsolute) }

        /// The mean |difference| along the row and along the column, averaged.
        static func meanAbsolute(_ d: (row: [Double], column: [Double])) -> Double {
            (lineMean(d.row.map(Swift.abs)) + lineMean(d.column.map(Swift.abs))) / 2
        }

        /// For k = 1...4, the k-th differences along the row and along the column (empty
        /// where the grid has k points or fewer).
        func differenceLines(_ v: [Double]) -> [(row: [Double], column: [Double])] {
            let r = resolution
            var row = Array(v[0..<r]), column = Array(v[r..<(2 * r)])
            return LandscapeMeasures.orders.map { _ in
                row = zip(row.dropFirst(), row).map { $0 - $1 }
                column = zip(column.dropFirst(), column).map { $0 - $1 }
                return (row, column)
            }
        }
    }

    /// The expected rise of mean |a + e| over mean |a| for differences `a` of the float64
    /// landscape and float32 rounding errors `e` of RMS `sigma`, taken as Gaussian and
    /// independent of a: E|a + e| - |a| = 2 sigma phi(a / sigma) - 2 |a| Phi(-|a| / sigma).
    /// Where |a| >> sigma the error's sign cancels it; only differences near 0 raise V_k.
    public static func expectedRise(_ a: Double, sigma: Double) -> Double {
        guard sigma > 0 else { return 0 }
        let t = Swift.abs(a) / sigma
        return 2 * sigma * Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() - Swift.abs(a)
            * Foundation.erfc(t / 2.0.squareRoot())
    }

    /// V_k's float32 error estimated on the probe (not divided by the RMS): the expected rise
    /// from differences near 0 (expectedRise over the probe's float64 differences, with the
    /// probe's error RMS), plus three standard errors of the signed errors' mean over the
    /// grid's differences (where they cancel), and never less than the probe's own change of
    /// mean |D^k|. (That change alone, used before the worst-case bound, let rounding noise
    /// cancel on the probe's lines: smooth residual gelu nets kept a V4 1.3% high.)
    static func estimatedError(
        exact: (row: [Double], column: [Double]), error: (row: [Double], column: [Double]), resolution r: Int
    ) -> Double {
        let a = exact.row + exact.column, e = error.row + error.column
        guard !a.isEmpty else { return 0 }
        let n = Double(a.count)
        let sigma = (e.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
        let rise = a.reduce(0) { $0 + expectedRise($1, sigma: sigma) } / n
        let gridDifferences = Double(2 * r * exact.row.count)
        let observed = Swift.abs(zip(a, e).reduce(0) { $0 + Swift.abs($1.0 + $1.1) - Swift.abs($1.0) }) / n
        return max(rise + 3 * sigma / gridDifferences.squareRoot(), observed)
    }

    /// max |F32 - F64| / RMS over the probe.
    public let valueError: Double
    /// The RMS of F32 - F64 over the probe, relative to the RMS. The spread (std / RMS) moves
    /// by at most about twice this (std and RMS each by at most the errors' RMS), whatever
    /// a single value does.
    public let errorRMS: Double
    /// How far the spread can move under float32's rounding: twice the errors' RMS.
    public var spreadMove: Double { 2 * errorRMS }
    /// For k = 1...4: the probe's mean |D^k (F32 - F64)| relative to the RMS, the worst case
    /// of V_k's float32 error (|a + e| - |a| <= |e|, reached where every difference a is 0).
    /// The check held it before `variabilityError`; smooth nets, whose differences are seldom
    /// near 0, had their error overstated 10 to 100 times (reported by the precision study).
    public let differenceError: [Double]
    /// For k = 1...4: V_k's float32 error as the probe estimates it, relative to the RMS
    /// (estimatedError): what the check holds against the contract.
    public let variabilityError: [Double]
    /// For k = 1...4: float64's own probe differences / RMS (V_k's size on the probe).
    public let float64Differences: [Double]

    /// Below this spread a float32 landscape cannot resolve its own variation reliably: it
    /// is within about a thousand float32 steps of its offset (float32 keeps 6e-8 of a value),
    /// and rounding can move its V_k by a systematic part of a percent that the probe's lines
    /// need not see (a gelu net at depth 64 with spread 2.8e-5 had its V_k 0.7% off, 500 times
    /// the estimate; `varlab-bench --precision`). 1e-5 before.
    public static let resolvableSpread = 1e-4

    /// Compares `landscape` (float32) with `reference` on the probe lines.
    public init(_ landscape: Landscape, reference: Float64Net) {
        let lines = Lines(resolution: landscape.resolution)
        let (xs, ys) = lines.coordinates
        let exact = reference.evaluate(xs: xs, ys: ys)
        let fast = lines.values(of: landscape)
        let rms = LandscapeMeasures.spreadAndRMS(exact).rms
        let scale = rms > 0 ? 1 / rms : 0
        let largest = zip(fast, exact).map { Swift.abs($0 - $1) }.max() ?? 0
        valueError = rms > 0 ? largest * scale : (largest > 0 ? .infinity : 0)
        let squares = zip(fast, exact).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let errorSize = exact.isEmpty ? 0 : (squares / Double(exact.count)).squareRoot()
        errorRMS = rms > 0 ? errorSize * scale : (errorSize > 0 ? .infinity : 0)
        let exactLines = lines.differenceLines(exact)
        let errors = lines.differenceLines(zip(fast, exact).map { $0 - $1 })
        float64Differences = exactLines.map { Lines.meanAbsolute($0) * scale }
        differenceError = errors.map { Lines.meanAbsolute($0) * scale }
        variabilityError = zip(exactLines, errors).map {
            Self.estimatedError(exact: $0, error: $1, resolution: landscape.resolution) * scale
        }
    }

    /// Whether the float32 measures `m` keep the contract with room to spare: the landscape
    /// resolves its variation, every V_k's estimated error stays within the contract (against
    /// V_k's own size), the spread moves by less than the contract, and the C2C decision at
    /// each of `tolerances` cannot flip. With `values` (the landscape's values are reported:
    /// shown, saved, returned), every value on the probe must also be within the contract; a
    /// family's variability reports measures only, which the other tests hold.
    public func keeps(_ m: LandscapeMeasures, tolerances: [Double], values: Bool = true) -> Bool {
        guard m.spread >= Self.resolvableSpread else { return false }
        if values && valueError * Self.margin > Contract.values { return false }
        let spreadError = spreadMove * Self.margin
        guard spreadError <= Contract.values else { return false }
        for k in LandscapeMeasures.orders {
            let size = max(m.v(k), float64Differences[k - 1])
            if size >= Contract.zero && variabilityError[k - 1] * Self.margin > Contract.variability * size {
                return false
            }
        }
        return tolerances.allSatisfy { Swift.abs(m.spread - $0) > spreadError }
    }

    /// How far a float64 landscape moves on the probe when every weight is jittered by the
    /// contract's weight noise: the largest value change relative to the RMS, the change of
    /// the probe's spread, and for k = 1...4 the change of the probe's differences relative
    /// to their size (0 where that size is float64's zero).
    public static func sensitivity(of net: MLP, plane: Plane? = nil, float64 landscape: Landscape) -> (
        values: Double, spread: Double, differences: [Double]
    ) {
        let lines = Lines(resolution: landscape.resolution)
        let (xs, ys) = lines.coordinates
        let exact = lines.values(of: landscape)
        let moved = Float64Net(net, perturbation: Contract.weightNoise, plane: plane).evaluate(xs: xs, ys: ys)
        let before = LandscapeMeasures.spreadAndRMS(exact), after = LandscapeMeasures.spreadAndRMS(moved)
        guard before.rms > 0 else { return (0, 0, [0, 0, 0, 0]) }
        let shift = zip(moved, exact).map { Swift.abs($0 - $1) }.max() ?? 0
        let change = zip(lines.differences(moved), lines.differences(exact)).map { a, b in
            b < Contract.zero * before.rms ? 0 : Swift.abs(a - b) / b
        }
        return (shift / before.rms, Swift.abs(after.spread - before.spread), change)
    }

    /// Whether every value of a float32 landscape is within the contract of the float64 one.
    public static func valuesHold(_ fast: Landscape, exact: Landscape) -> Bool {
        let rms = LandscapeMeasures.spreadAndRMS(exact.values).rms
        let worst = zip(fast.values, exact.values).map { Swift.abs($0 - $1) }.max() ?? 0
        return worst <= Contract.values * rms
    }

    /// Chaotic: float64 itself moves a V_k past the contract (or the spread past 1e-4) under
    /// the weight noise, so the digits printed cannot be stood by. The probe's two lines
    /// move more than the grid's average does, so a net they flag is confirmed on the whole
    /// grid (rare: 4 nets in the 3600 of `varlab-bench --precision`). A landscape whose
    /// values only shift (a near-constant offset of a tiny RMS) keeps its V_k: not chaotic.
    ///
    /// `wholeGrid` skips the probe's pre-check and tests every point: a shown landscape whose
    /// float32 values broke the contract away from the probe is judged where it broke.
    public static func isChaotic(
        _ net: MLP, plane: Plane? = nil, float64 landscape: Landscape, wholeGrid: Bool = false
    ) -> Bool {
        let s = sensitivity(of: net, plane: plane, float64: landscape)
        guard
            wholeGrid || s.spread > Contract.values || s.differences.contains(where: { $0 > Contract.variability })
                || s.values > Contract.values
        else {
            return false
        }
        let moved = PreciseLandscape.float64(
            Float64Net(net, perturbation: Contract.weightNoise, plane: plane), resolution: landscape.resolution)
        let before = LandscapeMeasures(landscape), after = LandscapeMeasures(moved)
        return Swift.abs(after.spread - before.spread) > Contract.values
            || LandscapeMeasures.orders.contains { k in
                Swift.abs(after.v(k) - before.v(k)) > Contract.variability * before.v(k)
            } || shapeShift(moved.values, landscape.values) > Contract.values * before.rms
    }

    /// The largest change of a value once the mean change is taken out: a landscape whose
    /// values move by more than the contract (beyond a common offset) cannot be given them.
    static func shapeShift(_ moved: [Double], _ exact: [Double]) -> Double {
        guard !exact.isEmpty else { return 0 }
        let change = zip(moved, exact).map { $0 - $1 }
        let mean = change.reduce(0, +) / Double(change.count)
        return change.map { Swift.abs($0 - mean) }.max() ?? 0
    }
}

/// The mean of a probe line's values (0 for an empty line).
private func lineMean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }
