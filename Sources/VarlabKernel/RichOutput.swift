import Foundation
import VarlabCore
import VarlabGraphics
import VarlabLanguage

/// What a notebook shows for a value: a MIME bundle with text/plain always, an HTML table
/// for tables, and SVG and PNG drawn by the same code as saved files for pictures.
enum RichOutput {
    static func bundle(for value: Value) -> JSON {
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

    /// The columns a table prints, as an HTML table (companions folded as `mean ± se`).
    static func html(_ rows: [Record]) -> String {
        let text = ValueFormatter.table(rows).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard text.count >= 2 else { return "<pre>\(escape(text.joined(separator: "\n")))</pre>" }
        // The plain table's columns are separated by two or more spaces; reuse its cells.
        func cells(_ line: String) -> [String] {
            line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let header = cells(text[0])
        var out = "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        var footer = ""
        for line in text.dropFirst(2) {
            if line.hasPrefix("(") {
                footer = line
                continue
            }
            out += "<tr>" + cells(line).map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }
        out += "</tbody></table>"
        if !footer.isEmpty { out += "<p><small>\(escape(footer))</small></p>" }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
