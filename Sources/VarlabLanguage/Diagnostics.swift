/// Renders errors the way compilers do: `file:line:col: error: message`, then the source
/// line with a caret under the spot, then the chain of user functions that were running.
public enum Diagnostics {
    /// `file:line:col: error: message`, the source line with a caret, and the chain of calls.
    public static func render(_ error: VarlabError, source: String, file: String) -> String {
        guard error.kind != .interrupted else { return "interrupted" }
        guard let location = error.location else { return "\(file): error: \(error.message)" }
        var out = "\(file):\(location.line):\(location.column): error: \(error.message)"
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if location.line >= 1, location.line <= lines.count {
            let full = String(lines[location.line - 1]).replacingOccurrences(of: "\t", with: " ")
            let (text, caretColumn) = clipped(full, caret: min(max(0, location.column - 1), full.count))
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            out += "\n \(number) | \(text)\n \(gutter) | \(String(repeating: " ", count: caretColumn))^"
        }
        for frame in error.callChain { out += "\n  \(frame)" }
        return out
    }

    /// Characters of the source line shown around the caret at the most.
    public static let lineWindow = 100

    /// The part of a long line around the caret, with "…" where it was cut, and the caret's
    /// column within that part.
    static func clipped(_ line: String, caret: Int) -> (String, Int) {
        guard line.count > lineWindow else { return (line, caret) }
        let characters = Array(line)
        let start = max(0, min(caret - lineWindow / 2, characters.count - lineWindow))
        let end = min(characters.count, start + lineWindow)
        let head = start > 0 ? "…" : "", tail = end < characters.count ? "…" : ""
        return (head + String(characters[start..<end]) + tail, caret - start + head.count)
    }
}
