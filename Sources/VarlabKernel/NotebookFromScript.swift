import VarlabCore

/// A .var script as a Jupyter notebook (nbformat 4): runs of comment lines become markdown
/// cells (the `#` taken off; the script's title and each title after a `# ---` rule become
/// headings), runs of code become code cells, a blank line ends a cell. The
/// lessons' notebooks are made by this, and a test keeps them in step with the scripts.
public enum NotebookFromScript {
    /// nbformat's cell types, by their names in the file.
    public enum CellKind: String, Sendable { case markdown, code }

    public static func cells(_ script: String) -> [(kind: CellKind, lines: [String])] {
        var cells: [(CellKind, [String])] = []
        var kind: CellKind? = nil, lines: [String] = []
        func flush() {
            while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
            if let kind, !lines.isEmpty { cells.append((kind, lines)) }
            lines = []
        }
        var depth = 0
        for raw in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            let isComment = trimmed.hasPrefix("#") && depth == 0
            if trimmed.isEmpty && depth == 0 {
                flush()
                kind = nil
                continue
            }
            let lineKind: CellKind = isComment ? .markdown : .code
            if lineKind != kind {
                flush()
                kind = lineKind
            }
            if isComment {
                let text = trimmed.dropFirst().drop { $0 == " " }
                lines.append(text.allSatisfy { $0 == "-" } && !text.isEmpty ? "---" : String(text))
            } else {
                lines.append(raw)
                // A block stays in one cell: count braces outside strings and comments.
                var inString = false
                for c in raw {
                    if c == "\"" { inString.toggle() }
                    if inString { continue }
                    if c == "#" { break }
                    if c == "{" || c == "(" || c == "[" { depth += 1 }
                    if c == "}" || c == ")" || c == "]" { depth = max(0, depth - 1) }
                }
            }
        }
        flush()
        return headed(cells)
    }

    /// Titles as headings (they had been plain paragraphs): the first line of the first
    /// text cell is the notebook's title, and a line right after a `---` rule a section's.
    static func headed(_ cells: [(CellKind, [String])]) -> [(kind: CellKind, lines: [String])] {
        var titled = false
        return cells.map { kind, lines in
            guard kind == .markdown else { return (kind, lines) }
            var out = lines
            if !titled, let first = out.first, !first.isEmpty, first != "---" { out[0] = "# " + first }
            titled = true
            for i in out.indices.dropFirst() where out[i - 1] == "---" && !out[i].isEmpty && out[i] != "---" {
                out[i] = "## " + out[i]
            }
            return (kind, out)
        }
    }

    public static func notebook(_ script: String) -> String {
        let cellDocs: [JSON] = cells(script).map { cell in
            let source = JSON.array(
                cell.lines.enumerated().map { i, line in .string(line + (i < cell.lines.count - 1 ? "\n" : "")) })
            var members: [(String, JSON)] = [
                ("cell_type", .string(cell.kind.rawValue)), ("metadata", .object([])), ("source", source),
            ]
            if cell.kind == .code { members += [("execution_count", .null), ("outputs", .array([]))] }
            return .object(members)
        }
        let doc = JSON.object([
            ("cells", .array(cellDocs)),
            (
                "metadata",
                .object([
                    (
                        "kernelspec",
                        .object([
                            ("display_name", .string("varlab")), ("language", .string("varlab")),
                            ("name", .string("varlab")),
                        ])
                    ),
                    (
                        "language_info",
                        .object([
                            ("name", .string("varlab")), ("file_extension", .string(".var")),
                            ("mimetype", .string("text/x-varlab")),
                        ])
                    ),
                ])
            ),
            ("nbformat", .number(4)), ("nbformat_minor", .number(4)),
        ])
        return doc.text + "\n"
    }
}
