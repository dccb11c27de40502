import VarlabCore

/// A concrete net, and the family it was drawn from when it was drawn.
public final class NetValue: FieldSource {
    /// Where the weights come from: only a drawn net stands for its random family.
    public enum Origin: Sendable { case drawn, trained, loaded }

    /// The concrete net (its weights).
    public let net: MLP
    /// The family it was drawn from, if any.
    public let spec: MLPSpec?
    /// Drawn, trained or loaded.
    public let origin: Origin

    /// A net with its family and origin.
    public init(net: MLP, spec: MLPSpec?, origin: Origin = .drawn) {
        self.net = net
        self.spec = spec
        self.origin = origin
    }

    /// The random family behind the net, or nil for trained and loaded weights.
    public var family: MLPSpec? { origin == .drawn ? spec : nil }

    /// The random family of the net's architecture: the one a trained net was drawn from, or
    /// for a loaded net its widths and activation with the default init, bias and `seed`
    /// (docs/measures.md, "Architectures as data"); nil where the layers' activations follow
    /// no act_ratio pattern.
    public func architectureFamily(seed: UInt64) -> MLPSpec? {
        if let spec { return spec }
        let hidden = Array(net.hidden), acts = hidden.map(\.activation)
        let nonlinear = acts.enumerated().filter { !$0.element.isLinear }
        let act = nonlinear.first?.element ?? .linear
        guard nonlinear.allSatisfy({ $0.element == act }) else { return nil }
        var spec = MLPSpec(
            input: net.input, widths: hidden.map(\.outputs), activation: act,
            actRatio: act.isLinear ? 1 : Double(nonlinear.count) / Double(hidden.count), seed: seed)
        guard act.isLinear || spec.activatedLayers == nonlinear.map(\.offset) else { return nil }
        if let branch = net.branch, spec.widths == nil {
            spec.residual = true
            spec.branch = branch
        }
        return spec
    }

    /// Its depth, width, parameters and settings, as results report them.
    public var architecture: Architecture { Architecture(net: net, spec: spec) }

    /// Its fields, declared once.
    public static let schema = Schema<NetValue>(
        "net",
        Architecture.fields.map { $0.lifted { $0.architecture } } + [
            .init("trained", .flag, "true for the output of train()", role: .setting, inTables: false) {
                .value(.bool($0.origin == .trained))
            }
        ])
}
