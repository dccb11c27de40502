import Foundation
import VarlabCore
import VarlabGraphics
import VarlabLanguage

/// What a notebook shows for a value: a MIME bundle with text/plain always, an HTML table
/// for tables, and SVG and PNG drawn by the same code as saved files for pictures.
public enum RichOutput {
    public static func bundle(for value: Value) -> JSON {
        var data: [(String, JSON)] = [("text/plain", .string(ValueFormatter.summary(value)))]
        if let rows = value.tableRows { data.append(("text/html", .string(html(rows)))) }
        if let figure = picture(of: value) { data += images(figure) }
        return .object(data)
    }

    /// SVG always; PNG too unless it cannot be drawn (then the SVG alone still shows).
    static func images(_ figure: Figure) -> [(String, JSON)] {
        var out: [(String, JSON)] = [("image/svg+xml", .string(SVGWriter.svg(figure)))]
        if let png = try? PNGRenderer.png(figure) {
            out.append(("image/png", .string(Data(png).base64EncodedString())))
        }
        return out
    }

    static func figureBundle(_ figure: Figure) -> JSON {
        .object([("text/plain", .string(figure.title ?? "figure"))] + images(figure))
    }

    /// Values that come with a picture when echoed (as in the terminal).
    static func picture(of value: Value) -> Figure? { Pictures.immediate(value) }

    /// The columns a table prints, as an HTML table (companions folded as `mean ± se`): the
    /// same cells as the terminal's table, one per column in every row (an empty cell stays a
    /// cell: abs rows had lost their dead_layer_rate and shifted under 13 headers).
    public static func html(_ rows: [Record]) -> String {
        let (columns, cells, footer, hidden) = ValueFormatter.tableCells(rows)
        guard !columns.isEmpty else { return "<pre>\(escape(ValueFormatter.table(rows)))</pre>" }
        var out = "<table><thead><tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in cells { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
        out += "</tbody></table>"
        var notes: [String] = []
        if !footer.isEmpty { notes.append("(" + footer.joined(separator: ", ") + ")") }
        if !hidden.isEmpty { notes.append(ValueFormatter.hiddenNote(hidden)) }
        for note in notes { out += "<p><small>\(escape(note))</small></p>" }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
