/// Renders errors the way compilers do: `file:line:col: error: message`, then the source
/// line with a caret under the spot, then the chain of user functions that were running.
public enum Diagnostics {
    public static func render(_ error: VarlabError, source: String, file: String) -> String {
        guard error.kind != .interrupted else { return "interrupted" }
        guard let location = error.location else { return "\(file): error: \(error.message)" }
        var out = "\(file):\(location.line):\(location.column): error: \(error.message)"
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if location.line >= 1, location.line <= lines.count {
            let text = String(lines[location.line - 1]).replacingOccurrences(of: "\t", with: " ")
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let caretColumn = min(max(0, location.column - 1), text.count)
            out += "\n \(number) | \(text)\n \(gutter) | \(String(repeating: " ", count: caretColumn))^"
        }
        for frame in error.callChain { out += "\n  \(frame)" }
        return out
    }
}
