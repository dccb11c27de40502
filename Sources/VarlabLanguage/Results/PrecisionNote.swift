/// What results say about the precision they were computed in (docs/measures.md, "Precision").
enum PrecisionNote {
    static let chaotic =
        "float64 itself moves a V_k by more than 1% (or the spread by 1e-4) when the weights are jittered by "
        + "1e-7, so only the first digits mean anything"

    /// The line a variability result prints when any net left float32 or is chaotic.
    static func line(float64: Int, chaotic: Int, of nets: Int, upFront: Bool) -> String? {
        guard float64 > 0 || chaotic > 0 else { return nil }
        var parts: [String] = []
        if float64 > 0 {
            parts.append(
                upFront
                    ? "all \(nets) nets in float64 (its first nets all needed it)"
                    : "\(float64) of \(nets) nets in float64 (their float32 landscape failed the precision check)")
        }
        if chaotic > 0 {
            parts.append(
                "\(chaotic) chaotic: float64 itself moves under 1e-7 weight noise, so their own V_k mean only "
                    + "their first digits"
            )
        }
        return "precision: " + parts.joined(separator: "; ")
    }
}
