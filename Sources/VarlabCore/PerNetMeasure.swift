/// A number measured on each net's landscape that a variability result averages over nets.
/// Declared once in `LandscapeMeasures.perNet`: a landscape shows it as a field, and
/// variability reports its mean, with no other file to touch (README, "Contributing").
public struct PerNetMeasure: Sendable {
    /// How the number reads: a share in [0, 1], a count, or any real.
    public enum Scale: Sendable { case share, count, real }

    public let name: String
    public let doc: String
    public let scale: Scale
    /// Shown as a table column (false for details).
    public let inTables: Bool
    /// A short title for a chart's axis ("share of dead units").
    public let label: String
    /// The value for one landscape, or nil when it is not defined there (e.g. no unit probe).
    public let value: @Sendable (LandscapeMeasures) -> Double?

    public init(_ name: String, _ scale: Scale, _ doc: String, label: String, inTables: Bool = true,
                value: @escaping @Sendable (LandscapeMeasures) -> Double?) {
        self.name = name
        self.label = label
        self.scale = scale
        self.doc = doc
        self.inTables = inTables
        self.value = value
    }
}
