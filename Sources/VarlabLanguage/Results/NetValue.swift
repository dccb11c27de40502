import VarlabCore

/// A concrete net, and the family it was drawn from when it was drawn.
public final class NetValue: FieldSource {
    /// Where the weights come from: only a drawn net stands for its random family.
    public enum Origin: Sendable { case drawn, trained, loaded }

    public let net: MLP
    public let spec: MLPSpec?
    public let origin: Origin

    public init(net: MLP, spec: MLPSpec?, origin: Origin = .drawn) {
        self.net = net
        self.spec = spec
        self.origin = origin
    }

    /// The random family behind the net, or nil for trained and loaded weights.
    public var family: MLPSpec? { origin == .drawn ? spec : nil }

    public var architecture: Architecture { Architecture(net: net, spec: spec) }

    public static let schema = Schema<NetValue>(
        "net",
        Architecture.fields.map { $0.lifted { $0.architecture } } + [
            .init("trained", .flag, "true for the output of train()", role: .setting, inTables: false) {
                .value(.bool($0.origin == .trained))
            }
        ])
}
