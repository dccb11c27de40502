import VarlabCore

/// Which member of a net's random family a picture draws (`pick:` of show and save): the
/// net itself, a typical one, a collapsed one, or the most variable one. A family's first
/// member can mislead a class (a depth-64 family that is half collapsed can draw a net that
/// is not), so the choice is the teacher's, and the caption says which member it drew.
public enum MemberPick: String, CaseIterable, Sendable {
    case first, typical, collapsed, max_v3

    /// Members looked at for typical and max_v3.
    static let candidates = 16
    /// Members searched for a collapsed one.
    static let searched = 64

    /// The member to draw and the words that say so (nil for the net itself).
    func member(of n: NetValue, grid: Int) -> (net: NetValue, note: String?) {
        guard self != .first, let spec = n.family else { return (n, nil) }
        func v3(_ i: Int) -> LandscapeMeasures {
            LandscapeProbe(
                net: MLP(spec: spec, index: UInt64(i)), plane: plane(spec), resolution: grid, observe: false,
                reportsValues: LandscapeMeasures.perNetReadsValues
            ).measures
        }
        func drawn(_ i: Int, _ why: String) -> (NetValue, String?) {
            (NetValue(net: MLP(spec: spec, index: UInt64(i)), spec: spec), "member \(i): \(why)")
        }
        switch self {
        case .first:
            return (n, nil)
        case .typical, .max_v3:
            let measured = (0..<Self.candidates).map { ($0, v3($0).v3) }.sorted { $0.1 < $1.1 }
            if self == .max_v3, let top = measured.last {
                return drawn(top.0, "top V3 of \(Self.candidates)")
            }
            let median = measured[(measured.count - 1) / 2]
            return drawn(median.0, "median V3 of \(Self.candidates)")
        case .collapsed:
            for i in 0..<Self.searched where v3(i).isCollapsed() {
                return drawn(i, "first collapsed of \(Self.searched)")
            }
            return (n, "none of \(Self.searched) collapsed")
        }
    }

    /// The plane landscape() draws a family's nets on (nil: the square).
    private func plane(_ spec: MLPSpec) -> Plane? {
        spec.input == 2 ? nil : Plane.random(dimension: spec.input, seed: spec.seed, index: 0)
    }
}
