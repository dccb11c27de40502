import VarlabCore
import VarlabGraphics

/// The output of one concrete net over the grid, with its measures.
public struct LandscapeValue: FieldSource {
    /// The values on the grid.
    public var landscape: Landscape
    /// Its measures.
    public var measures: LandscapeMeasures
    /// What it is the landscape of, for captions ("abs L=16 n=25").
    public var caption: String
    /// The plane of a net with more than two inputs it is drawn on (nil: the square).
    public var plane: Plane? = nil
    /// The labels of a `through:` plane's points on pictures, in order ("a", "b", "c").
    public var pointLabels: [String] = ["a", "b", "c"]
    /// The same for pictures, fact by fact, so side-by-side panels say only what differs.
    public var name = ""
    /// What labels its picture (act, depth, width, ...).
    public var details: [PanelDetail] = []
    /// The nonlinear activation of the net it came from (nil: no net, e.g. a loaded file),
    /// which says why a unit measure is absent.
    public var activation: Activation?

    /// A landscape with its measures, caption and picture labels.
    public init(
        landscape: Landscape, measures: LandscapeMeasures, caption: String, name: String = "",
        details: [PanelDetail] = [],
        activation: Activation? = nil
    ) {
        self.landscape = landscape
        self.measures = measures
        self.caption = caption
        self.name = name
        self.details = details
        self.activation = activation
    }

    static func numbers(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }

    /// A through: plane's points with their labels and their (x, y) on the picture (empty
    /// for other planes and the square): the `points` field and the picture's marks.
    var markedPoints: [(label: String, point: [Double], x: Double, y: Double)] {
        guard let plane else { return [] }
        return zip(plane.points, pointLabels).map { point, label in
            let (x, y, _) = plane.coordinates(of: point)
            return (label, point, x, y)
        }
    }

    /// A unit measure's value, or why it has none.
    static func unitField(
        _ name: String, _ format: FieldFormat, _ doc: String,
        _ value: @escaping @Sendable (LandscapeValue) -> Double?
    ) -> Field<LandscapeValue> {
        Field(name, format, doc) { l in
            value(l).map { .value(.number($0)) }
                ?? .absent(MeasureAbsence.reason(name, activation: l.activation, observed: l.measures.unitsObserved))
        }
    }

    /// V1..V4, one field each (docs/measures.md, "V_k").
    static let orderFields: [Field<LandscapeValue>] = (1...4).map { k in
        .number(
            "v\(k)", .real, "V\(k): mean size of \(["first", "second", "third", "fourth"][k - 1]) differences / RMS"
        ) { $0.measures.v(k) }
    }

    /// The per-net measures declared in the core (LandscapeMeasures.perNet).
    static let perNetFields: [Field<LandscapeValue>] = LandscapeMeasures.perNet.map { m in
        unitField(m.name, FieldFormat(m.scale), m.doc) { $0.measures.value(m.name) }
    }

    /// Its fields, declared once.
    public static let schema = Schema<LandscapeValue>(
        "landscape",
        orderFields + perNetFields + [
            .number("rms", .real, "root mean square of f over the grid") { $0.measures.rms },
            .number("std", .real, "standard deviation of f over the grid") { $0.measures.std },
            Field("collapsed", .flag, "collapsed to a constant: spread <= 1e-3 or RMS = 0") {
                .value(.bool($0.measures.isCollapsed()))
            },
            .number("grid", .count, "grid size r (r x r points)", role: .setting) { Double($0.landscape.resolution) },
            .number("min", .real, "smallest value of f") { $0.landscape.minimum },
            .number("max", .real, "largest value of f") { $0.landscape.maximum },
            .text(
                "precision", "float32, or float64 where the float32 landscape failed the precision check",
                role: .setting
            ) { $0.measures.precision.rawValue },
            Field(
                "chaotic", .flag,
                "float64 itself moves a V_k past 1% (or the spread past 1e-4) under 1e-7 weight noise: only the "
                    + "first digits mean anything"
            ) {
                .value(.bool($0.measures.isChaotic))
            },
            Field("values", .list, "the r x r values, row i is y, column j is x", inTables: false) { l in
                let r = l.landscape.resolution
                return .value(.list((0..<r).map { i in .list((0..<r).map { .number(l.landscape[i, $0]) }) }))
            },
            .text("caption", "what it is the landscape of", role: .setting) { $0.caption },
            .text(
                "plane",
                "the input plane it is drawn on: the square [-1, 1]^2 for 2 inputs, else a plane through the "
                    + "input space",
                role: .setting
            ) { $0.plane?.description ?? "the square [-1, 1]^2" },
            Field(
                "origin", .list, "the plane's centre in the input space (grid point (x, y) is origin + x u + y v)",
                role: .setting, inTables: false
            ) { l in l.plane.map { .value(numbers($0.origin)) } ?? .absent("drawn on the square: no plane") },
            Field("u", .list, "the plane's direction along the landscape's x axis", role: .setting, inTables: false) {
                l in l.plane.map { .value(numbers($0.u)) } ?? .absent("drawn on the square: no plane")
            },
            Field("v", .list, "the plane's direction along the landscape's y axis", role: .setting, inTables: false) {
                l in l.plane.map { .value(numbers($0.v)) } ?? .absent("drawn on the square: no plane")
            },
            Field(
                "points", .list,
                "the points a through: plane was drawn through, each with its label and its (x, y) on the picture",
                inTables: false
            ) { l in
                let marked = l.markedPoints
                guard !marked.isEmpty else {
                    return .absent("not a plane through points (landscape(net, through: [a, b, c]) makes one)")
                }
                return .value(
                    .list(
                        marked.map {
                            .record(
                                Record([
                                    ("label", .string($0.label)), ("point", numbers($0.point)), ("x", .number($0.x)),
                                    ("y", .number($0.y)),
                                ]))
                        }))
            },
        ])
}
