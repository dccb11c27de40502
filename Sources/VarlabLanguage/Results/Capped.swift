/// What quick mode reduced in one call ("samples 16, grid 32"), so a result says so.
public struct Capped: Sendable {
    /// Each setting quick mode reduced, with its new value.
    public var items: [String] = []

    /// Nothing reduced.
    public init() {}

    /// "samples 16, grid 32", or nil when nothing was reduced.
    public var text: String? { items.isEmpty ? nil : items.joined(separator: ", ") }

    static func field<Source>(_ read: @escaping @Sendable (Source) -> Capped) -> Field<Source> {
        .text("capped", "what quick mode reduced to make this result (absent at full size)", role: .setting) {
            read($0).text
        }
    }
}
