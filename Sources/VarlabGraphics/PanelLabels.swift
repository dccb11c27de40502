/// Splits what panels say into a common line (details equal in every panel) and each
/// panel's own label (its name, the details that differ, its note), so two panels never
/// read the same unless they show the same thing.
public struct PanelLabels: Sendable, Equatable {
    public var common: String
    public var own: [String]

    public init(_ panels: [some LabelledPanel]) {
        let keys = panels.first?.details.map(\.key) ?? []
        let shared = Set(
            keys.filter { key in
                let texts = panels.map { $0.details.first { $0.key == key }?.text }
                return panels.count > 1 && texts.allSatisfy { $0 != nil && $0 == texts[0] }
            })
        common = (panels.first?.details ?? []).filter { shared.contains($0.key) }.map(\.text).joined(separator: "  ")
        own = panels.map { p in
            ([p.name] + p.details.filter { !shared.contains($0.key) }.map(\.text)).filter { !$0.isEmpty }.joined(
                separator: "  ")
        }
    }
}
