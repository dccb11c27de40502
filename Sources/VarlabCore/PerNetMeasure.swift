/// A number measured on each net's landscape, declared once in `LandscapeMeasures.perNet`
/// (docs/measures.md, "Measures of one landscape"). From the declaration alone a landscape
/// shows it as a field, variability reports it over nets (field, table column, summary
/// line), help lists it, and the store keeps it by name (README, "Contributing").
public struct PerNetMeasure: Sendable {
    /// How the number reads: a share in [0, 1], a count, or any real.
    public enum Scale: Sendable { case share, count, real }

    /// What a variability result reports of it over nets.
    public enum Aggregate: Sendable {
        /// The mean over the nets where it is defined, under the measure's own name.
        case mean
        /// The share of nets where it is above 0, as a field of its own.
        case shareOfNets(name: String, doc: String, label: String)
    }

    /// What a measure is computed from: one landscape, its spread, and (when the units were
    /// observed and can be classified) what the units did over the grid.
    public struct Input {
        /// The landscape.
        public let landscape: Landscape
        /// Its spread (std / RMS).
        public let spread: Double
        /// What its units did (nil where not observed or not classifiable).
        public let units: UnitMeasures?
    }

    /// The name results, tables and the store use.
    public let name: String
    /// What it means, for help and docs.
    public let doc: String
    /// How its numbers read.
    public let scale: Scale
    /// Shown as a table column (false for details).
    public let inTables: Bool
    /// A short title for a chart's axis ("share of dead units").
    public let label: String
    /// Its words in a variability summary line ("dead units"): its label unless declared
    /// otherwise; nil only for a measure declared `inSummary: false`.
    public let summary: String?
    /// What a variability result reports of it over nets.
    public let aggregate: Aggregate
    /// Defined only where the units were observed (`units: true`); why it is absent
    /// elsewhere is said by the language (MeasureAbsence).
    public let needsUnits: Bool
    /// Which activations it is defined for (docs/measures.md, "Measures of one landscape").
    public let definedFor: Definedness
    /// Whether it reads the landscape's values (not only its spread and units): a family's
    /// nets are then held to the value contract too, not only to the measures' (docs/measures.md,
    /// "Precision"). True unless declared otherwise, the safe side for a new measure.
    public let readsValues: Bool

    /// The activations a unit measure needs; the absence message follows from it.
    public enum Definedness: Sendable {
        /// Every net (measured on the landscape alone).
        case everyNet
        /// Activations with a breakpoint (pieces to be on or to cross).
        case breakpoints
        /// Activations with a constant piece (a unit can die).
        case constantPiece
        /// Piecewise-linear activations (sign patterns count linear regions).
        case piecewiseLinear
    }
    /// The value for one landscape, or nil when it is not defined there.
    public let compute: @Sendable (Input) -> Double?

    /// Declares a measure; `LandscapeMeasures.perNet` lists them all.
    public init(
        _ name: String, _ scale: Scale, _ doc: String, label: String, summary: String? = nil, inSummary: Bool = true,
        inTables: Bool = true,
        aggregate: Aggregate = .mean, needsUnits: Bool = false, definedFor: Definedness = .everyNet,
        readsValues: Bool = true, compute: @escaping @Sendable (Input) -> Double?
    ) {
        self.definedFor = definedFor
        self.readsValues = readsValues
        self.name = name
        self.scale = scale
        self.doc = doc
        self.label = label
        self.summary = inSummary ? summary ?? label : nil
        self.inTables = inTables
        self.aggregate = aggregate
        self.needsUnits = needsUnits
        self.compute = compute
    }

    /// The name a variability result reports it under.
    public var aggregateName: String {
        if case .shareOfNets(let name, _, _) = aggregate { return name }
        return name
    }
}
