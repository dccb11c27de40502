import Foundation
import VarlabCore

/// `varlab-bench --precision [NETS]`: the measurements behind the precision check
/// (docs/measures.md, "Precision"). For each family, every net's float32 landscape is
/// compared with its whole float64 landscape: how often float32 truly breaks the contract,
/// whether the probe caught every such net, how far the probe's error estimate sits from the
/// true error (the margin it needs), and how many nets are chaotic.
enum PrecisionStudy {
    struct Row {
        var nets = 0, breaks = 0, recomputed = 0, missed = 0, chaotic = 0, finalBreaks = 0, valueOnly = 0
        /// The same nets as a family's variability measures them (measures only, no values).
        var familyRecomputed = 0, familyBreaks = 0
        /// Largest true |V_k error| / the probe's estimate, over nets and k where both are real
        /// and the estimate decides (the value and spread tests passed).
        var worstUnderestimate = 0.0
    }

    static func run(nets: Int) {
        let acts: [Activation] = [
            .relu, .abs, .leaky(slope: Activation.defaultLeakySlope), .tanh, .sigmoid, .gelu, .elu, .sin,
        ]
        print("precision study: \(nets) nets per family, grid 64, float32 against the whole float64 landscape")
        print(
            "family                          breaks  recomputed  missed  final-breaks  chaotic  worst true/estimate"
                + "  | as a family: recomputed  measure-breaks")
        var total = Row()
        for budget in [2000, 10_000] {
            for depth in [2, 8, 16, 32, 48, 64] {
                for act in acts {
                    for residual in act == .relu || act == .abs ? [false, true] : [false] {
                        var spec = MLPSpec(depth: depth, budget: budget, activation: act, seed: 1)
                        spec.residual = residual
                        let row = study(spec, nets: nets)
                        total.nets += row.nets
                        total.breaks += row.breaks
                        total.recomputed += row.recomputed
                        total.missed += row.missed
                        total.chaotic += row.chaotic
                        total.finalBreaks += row.finalBreaks
                        total.valueOnly += row.valueOnly
                        total.familyRecomputed += row.familyRecomputed
                        total.familyBreaks += row.familyBreaks
                        total.worstUnderestimate = max(total.worstUnderestimate, row.worstUnderestimate)
                        let name = "\(act.name)\(residual ? " res" : "") L=\(depth) P=\(budget)"
                        print(
                            name.padding(toLength: 32, withPad: " ", startingAt: 0)
                                + String(
                                    format: "%6d  %10d  %6d  %12d  %7d  %8.2f              | %10d  %14d", row.breaks,
                                    row.recomputed, row.missed, row.finalBreaks, row.chaotic, row.worstUnderestimate,
                                    row.familyRecomputed, row.familyBreaks))
                    }
                }
            }
        }
        print(
            String(
                format:
                    "all %d nets: float32 breaks the contract in %d, recomputed %d, missed by the probe %d, "
                    + "final results outside the contract %d (of which only a value off the probe: %d; "
                    + "chaotic %d); worst true/estimate %.2f (margin %.0f); as a family's variability (measures "
                    + "only): recomputed %d, measures outside the contract %d",
                total.nets, total.breaks, total.recomputed, total.missed, total.finalBreaks, total.valueOnly,
                total.chaotic, total.worstUnderestimate, PrecisionCheck.margin, total.familyRecomputed,
                total.familyBreaks))
    }

    /// Set by main before the study, which runs on the main thread only.
    nonisolated(unsafe) static var csv: FileHandle? = nil

    static func study(_ spec: MLPSpec, nets: Int) -> Row {
        var row = Row()
        let tolerances = LandscapeMeasures.defaultTolerances
        for i in 0..<nets {
            let net = MLP(spec: spec, index: UInt64(i))
            let fast = Landscape(
                resolution: 64,
                values: BatchForward(net).evaluateGrid(resolution: 64, observe: false).outputs.map(Double.init))
            let exact = PreciseLandscape.float64(net, resolution: 64)
            let m32 = LandscapeMeasures(fast), m64 = LandscapeMeasures(exact)
            let check = PrecisionCheck(fast, reference: Float64Net(net))
            let probe = LandscapeProbe(net: net, resolution: 64, observe: false)
            let family = LandscapeProbe(net: net, resolution: 64, observe: false, reportsValues: false)
            row.nets += 1
            if let csv {
                let lines = PrecisionCheck.Lines(resolution: 64)
                let l32 = lines.differences(lines.values(of: fast)), l64 = lines.differences(lines.values(of: exact))
                let trueMax = zip(fast.values, exact.values).map { Swift.abs($0 - $1) }.max()! / m64.rms
                let sens = PrecisionCheck.sensitivity(of: net, float64: exact)
                let axis = Landscape.axis(64)
                let moved = Float64Net(net, perturbation: 1e-7).evaluate(
                    xs: (0..<4096).map { axis[$0 % 64] }, ys: (0..<4096).map { axis[$0 / 64] })
                let fullSens = zip(moved, exact.values).map { Swift.abs($0 - $1) }.max()! / m64.rms
                var fields = [
                    "\(spec.activation.name)\(spec.residual ? "-res" : "")", "\(spec.depth)", "\(spec.budget ?? 0)",
                    "\(i)",
                    "\(m64.rms)", "\(m32.spread)", "\(m64.spread)", "\(trueMax)", "\(check.valueError)",
                    "\(sens.values)", "\(fullSens)", "\(sens.spread)",
                ]
                for k in 0..<4 {
                    fields += [
                        "\(m32.v(k + 1))", "\(m64.v(k + 1))", "\(l32[k] / m64.rms)", "\(l64[k] / m64.rms)",
                        "\(check.differenceError[k])", "\(sens.differences[k])",
                    ]
                }
                csv.write((fields.joined(separator: ",") + "\n").data(using: .utf8)!)
            }
            if breaks(m32, fast, exact: m64, exact, tolerances) { row.breaks += 1 }
            if probe.isFloat64 { row.recomputed += 1 }
            if !probe.isFloat64 && breaks(m32, fast, exact: m64, exact, tolerances) { row.missed += 1 }
            if probe.measures.isChaotic { row.chaotic += 1 }
            if family.isFloat64 { row.familyRecomputed += 1 }
            if !family.measures.isChaotic && breaks(family.measures, nil, exact: m64, nil, tolerances) {
                row.familyBreaks += 1
                print(
                    "  outside the contract as a family: \(spec.activation.name) L=\(spec.depth) "
                        + "P=\(spec.budget ?? 0) net \(i): V_k \(family.measures.variability) vs \(m64.variability), "
                        + "spread \(family.measures.spread) vs \(m64.spread)")
            }
            if !probe.measures.isChaotic && breaks(probe.measures, probe.landscape, exact: m64, exact, tolerances) {
                row.finalBreaks += 1
                if !breaks(probe.measures, nil, exact: m64, nil, tolerances) {
                    row.valueOnly += 1
                } else {
                    print(
                        "  outside the contract: \(spec.activation.name) L=\(spec.depth) P=\(spec.budget ?? 0) "
                            + "net \(i): V_k \(probe.measures.variability) vs \(m64.variability), spread "
                            + "\(probe.measures.spread) vs \(m64.spread)"
                    )
                }
            }
            // The margin matters only where V_k's estimate decides: the other tests passed.
            let othersPass =
                m32.spread >= PrecisionCheck.resolvableSpread
                && check.spreadMove * PrecisionCheck.margin <= PrecisionCheck.Contract.values
            for k in 1...4 where othersPass && m64.v(k) > 0 && check.variabilityError[k - 1] > 0 {
                let trueError = Swift.abs(m32.v(k) - m64.v(k))
                let estimate = check.variabilityError[k - 1]
                if trueError > 1e-3 * m64.v(k) {
                    row.worstUnderestimate = max(row.worstUnderestimate, trueError / estimate)
                    if trueError > PrecisionCheck.margin * estimate {
                        print(
                            "  past the margin: \(spec.activation.name) L=\(spec.depth) P=\(spec.budget ?? 0) net \(i) "
                                + "V\(k) \(m32.v(k)) vs \(m64.v(k)), estimate \(estimate), kept as a family: "
                                + "\(!family.isFloat64), chaotic \(family.measures.isChaotic)")
                    }
                }
            }
        }
        return row
    }

    /// Whether measures `m` of landscape `l` break the contract against the float64 ones.
    /// Without landscapes, only the measures are compared.
    static func breaks(
        _ m: LandscapeMeasures, _ l: Landscape?, exact e: LandscapeMeasures, _ el: Landscape?, _ tolerances: [Double]
    ) -> Bool {
        if let l, let el {
            let values = zip(l.values, el.values).map { Swift.abs($0 - $1) }.max() ?? 0
            if e.rms > 0 ? values > PrecisionCheck.Contract.values * e.rms : values > 0 { return true }
        }
        if Swift.abs(m.spread - e.spread) > PrecisionCheck.Contract.values { return true }
        if tolerances.contains(where: { m.isCollapsed(tolerance: $0) != e.isCollapsed(tolerance: $0) }) { return true }
        return (1...4).contains { k in Swift.abs(m.v(k) - e.v(k)) > PrecisionCheck.Contract.variability * e.v(k) }
    }
}
