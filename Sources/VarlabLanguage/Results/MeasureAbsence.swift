import VarlabCore

/// Why a unit measure (dead, linear, kinks, patterns, dead layers) has no value: one rule for
/// single results and table rows alike, from what the measure's declaration says it needs
/// (PerNetMeasure.definedFor; docs/measures.md, "Measures of one landscape").
enum MeasureAbsence {
    /// `activation`: the net's nonlinear activation (nil where no net made the landscape);
    /// `observed`: whether units were observed at all.
    static func reason(_ name: String, activation: Activation?, observed: Bool) -> String {
        guard observed else { return "\(name) is not measured here: units were not observed (units: false)" }
        guard let act = activation else {
            return "\(name) is not measured for a landscape that no net of varlab's made here"
        }
        let d = act.definition
        let need = LandscapeMeasures.perNet.first { $0.aggregateName == name || $0.name == name }?.definedFor
        guard let need, need != .everyNet else { return "\(name) is not measured here" }
        if !d.breakpointsKnown {
            return "\(name) is not defined for \(act.name) (a custom activation: its breakpoints are not known)"
        }
        if d.breakpoints.isEmpty {
            return "\(name) is not defined for \(act.name) (no breakpoint, so no constant or affine piece)"
        }
        if need == .constantPiece, d.below != .constant && d.above != .constant {
            return "\(name) is not defined for \(act.name) (no constant piece: its units never die)"
        }
        if need == .piecewiseLinear, !d.isPiecewiseLinear {
            return "\(name) is not defined for \(act.name) (not piecewise linear)"
        }
        return "\(name) is not measured here"
    }
}
