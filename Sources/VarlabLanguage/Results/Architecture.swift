import VarlabCore

/// The architecture and the settings that drew a net: the fields a net, a sweep row and every
/// result about a family share, so `depth`, `params` or `seed` mean one thing everywhere.
public struct Architecture: Sendable {
    /// Hidden layers L.
    public var depth: Int
    /// Units per hidden layer (the widest layer's when widths differ).
    public var width: Int
    /// The hidden widths when they differ from layer to layer; nil for a uniform net.
    public var widths: [Int]?
    /// Weights and biases the net has.
    public var params: Int
    /// Nonlinear units.
    public var activations: Int
    /// Input dimension d.
    public var input: Int
    /// The activation's name ("relu/linear" for a loaded net of several).
    public var act: String
    /// The branch scale of a residual net; nil for a plain one.
    public var branch: Double?
    /// The random family, when there is one (loaded nets have none).
    public var spec: MLPSpec?

    /// The architecture of a random family.
    public init(spec: MLPSpec) {
        depth = spec.depth
        width = spec.width
        widths = spec.widths
        params = spec.parameterCount
        activations = spec.activationCount
        input = spec.input
        act = spec.activation.name
        branch = spec.branchScale
        self.spec = spec
    }

    /// The architecture of a concrete net (its family's settings when it has one).
    public init(net: MLP, spec: MLPSpec?) {
        depth = net.depth
        width = net.width
        let layers = net.hidden.map(\.outputs)
        widths = Set(layers).count > 1 ? layers : nil
        params = net.parameterCount
        activations = net.activationCount
        input = net.input
        act = spec?.activation.name ?? Set(net.hidden.map(\.activation.description)).sorted().joined(separator: "/")
        branch = net.branch
        self.spec = spec
    }

    /// Architecture first, then the settings that make the family reproducible from its columns.
    public static let fields: [Field<Architecture>] = [
        .number("depth", .count, "hidden layers L", role: .architecture) { Double($0.depth) },
        .text("act", "activation of the hidden layers", role: .architecture) { $0.act },
        .number(
            "width", .count, "units per hidden layer n (the widest layer's, when widths differ)", role: .architecture
        ) {
            Double($0.width)
        },
        .text("widths", "the hidden layers' widths when they differ, first to last: 64,8,64", role: .architecture) {
            $0.widths.map { $0.map(String.init).joined(separator: ",") }
        },
        .number("params", .count, "parameters the net has, P(L, n)", role: .architecture) { Double($0.params) },
        .number("budget", .count, "parameter budget asked for (params is what fits)", role: .setting) {
            $0.spec?.budget.map(Double.init)
        },
        .number(
            "activations", .count, "nonlinear units: activated layers times width", role: .architecture, inTables: false
        ) { Double($0.activations) },
        .number("input", .count, "input dimension d", role: .setting, inTables: false) { Double($0.input) },
        .number("act_ratio", .real, "share of hidden layers that apply act", role: .setting) { $0.spec?.actRatio },
        .text("act_formula", "a custom activation as compiled (variables it read filled in)", role: .setting) {
            $0.spec?.activation.custom?.source
        },
        .text("act_hash", "a custom activation's hash: it changes whenever the function does", role: .setting) {
            $0.spec?.activation.custom?.fingerprint
        },
        .number("slope", .real, "negative slope of leaky", role: .setting) { a in
            guard case .leaky(let s)? = a.spec?.activation else { return nil }
            return s
        },
        Field("residual", .flag, "residual net: h_l = h_(l-1) + branch * phi(z_l) for layers 2..L", role: .setting) {
            .value(.bool($0.branch != nil))
        },
        .number("branch", .real, "branch scale alpha of a residual net (1/sqrt(L) unless given)", role: .setting) {
            $0.branch
        },
        .text("init", "weight init scheme", role: .setting) { $0.spec?.initScheme.rawValue },
        .number("bias", .real, "bias standard deviation s_b", role: .setting) { $0.spec?.biasStd },
        .number("seed", .count, "seed of the family (net i draws from stream (seed, i))", role: .setting) {
            $0.spec.map { Double($0.seed) }
        },
    ]

    /// "37" for a uniform net, "64,8,64" for one whose widths differ.
    static func widthText(_ widths: [Int]) -> String {
        Set(widths).count > 1 ? widths.map(String.init).joined(separator: ",") : String(widths.first ?? 0)
    }

    static func fields<Whole>(of part: @escaping @Sendable (Whole) -> MLPSpec) -> [Field<Whole>] {
        fields.map { $0.lifted { Architecture(spec: part($0)) } }
    }
}
