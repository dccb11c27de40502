import CLineSupport
import Foundation
import VarlabCore
import VarlabHost
import VarlabLanguage

/// The interactive loop: read (with readline), run, echo; state survives errors and Ctrl-C.
final class REPL {
    let interpreter: Interpreter
    let host: TerminalHost
    let history: HistoryFile
    private var historyWarned = false

    init(interpreter: Interpreter, host: TerminalHost) {
        self.interpreter = interpreter
        self.host = host
        history = HistoryFile(path: HistoryFile.defaultPath())
    }

    func run() -> Int32 {
        LineEditor.setup()
        LineEditor.candidates = { [unowned self] context, word in self.completions(context: context, word: word) }
        for line in history.load() { LineEditor.addToHistory(line) }
        host.out("varlab \(VarlabVersion.current) — :help for a tour, :quit or Ctrl-D to leave\n")
        var buffer = ""
        while true {
            guard let line = LineEditor.read(prompt: buffer.isEmpty ? "varlab> " : "   ...> ") else {
                host.out("\n")
                return 0
            }
            if varlab_take_line_cancelled() != 0 {
                buffer = ""
                varlab_clear_interrupt()
                continue
            }
            if buffer.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                remember(line)
                if command(line.trimmingCharacters(in: .whitespaces)) == .quit { return 0 }
                continue
            }
            buffer += line + "\n"
            if Parser.needsMoreInput(buffer) { continue }
            // A multi-line entry is one history entry: Up recalls the whole function.
            let entry = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
            if !entry.isEmpty { remember(entry) }
            evaluate(buffer, file: "<repl>")
            buffer = ""
        }
    }

    private func remember(_ line: String) {
        LineEditor.addToHistory(line)
        if !history.append(line), !historyWarned {
            historyWarned = true
            host.error("note: cannot write history to \(history.path); set VARLAB_HISTORY to another file")
        }
    }

    private func evaluate(_ source: String, file: String) {
        varlab_clear_interrupt()
        let errors = interpreter.run(source)
        host.finishOutput()
        for error in errors {
            host.error(
                error.kind == .interrupted
                    ? "interrupted; your variables are intact" : Diagnostics.render(error, source: source, file: file))
        }
        varlab_clear_interrupt()
    }

    enum CommandResult { case done, quit }

    private func command(_ line: String) -> CommandResult {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case ":quit", ":q", ":exit":
            return .quit
        case ":help", ":h":
            if argument.isEmpty {
                host.out(Help.overview + "\n\n" + Help.index(interpreter: interpreter) + "\n")
            } else if let text = Help.topic(argument, interpreter: interpreter) {
                host.out(text + "\n")
            } else {
                let hint =
                    Suggestion.closest(to: argument, in: interpreter.builtinNames).map { "; did you mean '\($0)'?" }
                    ?? ""
                host.error("no help for '\(argument)'\(hint) (:help lists everything)")
            }
        case ":vars":
            let user = interpreter.globals.names.filter {
                interpreter.builtin(named: $0) == nil && $0 != "pi" && $0 != "quick"
            }
            if user.isEmpty { host.out("no variables yet\n") }
            // Wrapped at spaces to the terminal's width (a long value had broken mid-word).
            for name in user {
                if let v = interpreter.globals.lookup(name) {
                    let text = ValueFormatter.inline(v)
                    let shown = text.count > 100 ? text.prefix(99) + "…" : Substring(text)
                    let line = "\(name) = \(shown)  (\(v.typeName))"
                    host.out(Help.wrap(line, indent: 0, hanging: 4, width: max(40, host.terminalWidth - 1)) + "\n")
                }
            }
        case ":load":
            guard !argument.isEmpty else {
                host.error(":load needs a file name, as in :load examples/tour.var")
                break
            }
            // Through the session's files, so --confine holds here too.
            do {
                evaluate(try host.files.read(argument), file: argument)
            } catch {
                host.error(":load: cannot read '\(argument)': \(AtomicFile.reason(error))")
            }
        case ":reset":
            interpreter.resetGlobals()
            host.out("all variables cleared\n")
        default:
            host.error("unknown command \(parts[0]); commands are :help, :vars, :load FILE, :reset, :quit")
        }
        return .done
    }

    /// The language's completion, plus REPL commands at the start of a line and file
    /// names after `:load` and inside a string.
    func completions(context: String, word: String) -> [String] {
        let trimmed = context.trimmingCharacters(in: .whitespaces)
        if trimmed == ":load" { return FileNameCompletion.candidates(for: word) }
        // Inside a string (load("examples/ ...), file names.
        if context.filter({ $0 == "\"" }).count % 2 == 1 { return FileNameCompletion.candidates(for: word) }
        // readline's word stops at '[' (t[0].v3_ gives "0].v3_"): complete the whole access
        // path and hand back what extends readline's word.
        let whole = Completion.word(before: context + word)
        if whole.count > word.count, whole.hasSuffix(word) {
            let extra = whole.count - word.count
            return Completion.candidates(
                context: String(context.dropLast(extra)), word: whole, interpreter: interpreter
            )
            .map { String($0.dropFirst(extra)) }
        }
        var names = Completion.candidates(context: context, word: word, interpreter: interpreter)
        if trimmed.isEmpty { names += [":help", ":vars", ":load", ":reset", ":quit"].filter { $0.hasPrefix(word) } }
        return names
    }
}
