/// Widths of text set in DejaVu Sans, the font every figure names, so labels can be laid out
/// before any renderer sees them (titles that never overlap, legends that fit). Advance
/// widths per 1000 units of the em for ASCII 32...126, read from the font with cairo.
public enum TextMetrics {
    public static let fontFamily = "DejaVu Sans, Verdana, sans-serif"

    static let regular: [Int] = [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
        636, 636,
        636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
        748, 787,
        603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615,
        352, 635,
        634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636,
        838,
    ]
    static let bold: [Int] = [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
        696, 696,
        696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
        837, 850,
        733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678,
        435, 716,
        712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712,
        838,
    ]

    /// The width in pixels of `text` at `size` pixels; characters outside ASCII count as a
    /// wide letter (0.7 em), so estimates err on the roomy side.
    public static func width(_ text: String, size: Double, bold isBold: Bool = false) -> Double {
        let table = isBold ? bold : regular
        var units = 0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            units += (32...126).contains(v) ? table[v - 32] : 700
        }
        return Double(units) * size / 1000
    }

    /// The longest prefix of `text` that fits in `width` pixels, with "…" when cut.
    public static func fit(_ text: String, size: Double, width: Double, bold: Bool = false) -> String {
        guard self.width(text, size: size, bold: bold) > width else { return text }
        var cut = text
        while !cut.isEmpty, self.width(cut + "…", size: size, bold: bold) > width { cut.removeLast() }
        return cut + "…"
    }

    /// `text` broken at spaces into lines of at most `width` pixels; at most `maxLines`,
    /// the last one cut with "…" if the text runs on.
    public static func wrap(_ text: String, size: Double, width: Double, maxLines: Int, bold: Bool = false) -> [String]
    {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if self.width(candidate, size: size, bold: bold) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return lines.map { fit($0, size: size, width: width, bold: bold) } }
        let kept = Array(lines.prefix(maxLines - 1)), rest = lines[(maxLines - 1)...].joined(separator: " ")
        return (kept + [rest]).map { fit($0, size: size, width: width, bold: bold) }
    }
}
