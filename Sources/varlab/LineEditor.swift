import CLineSupport
import CReadline
import Foundation

/// GNU readline with varlab's completion. Readline calls back through a C function
/// pointer, so the candidates come from a global the REPL sets (`nonisolated(unsafe)`:
/// readline and its callbacks run on the REPL's thread only).
enum LineEditor {
    nonisolated(unsafe) static var candidates: (_ lineBeforeWord: String, _ word: String) -> [String] = { _, _ in [] }
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0

    static func setup() {
        varlab_readline_setup(completionGenerator, "varlab")
    }

    /// One line, or nil at end of input (Ctrl-D).
    static func read(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    static func addToHistory(_ line: String) {
        add_history(line)
    }
}

/// readline's generator protocol: called with state 0 first, then 1, 2 ... until NULL.
private let completionGenerator: varlab_completion_generator = { text, state in
    guard let text else { return nil }
    let word = String(cString: text)
    if state == 0 {
        var buffer = [CChar](repeating: 0, count: 4096)
        let before = String(cString: varlab_line_before_cursor(&buffer, Int32(buffer.count)))
        let context = String(before.dropLast(word.count))
        LineEditor.matches = LineEditor.candidates(context, word).filter { $0.hasPrefix(word) }.sorted()
        LineEditor.matchIndex = 0
    }
    guard LineEditor.matchIndex < LineEditor.matches.count else { return nil }
    let match = LineEditor.matches[LineEditor.matchIndex]
    LineEditor.matchIndex += 1
    return strdup(match)
}
