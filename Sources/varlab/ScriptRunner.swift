import CLineSupport
import Foundation
import VarlabLanguage

/// Runs a whole program and turns its errors into messages and an exit code.
enum ScriptRunner {
    static func run(_ source: String, file: String, interpreter: Interpreter, host: TerminalHost) -> Int32 {
        let errors = interpreter.run(source)
        host.finishOutput()
        guard let first = errors.first else { return 0 }
        for error in errors { host.error(Diagnostics.render(error, source: source, file: file)) }
        switch first.kind {
        case .syntax: return 65
        case .runtime: return 70
        case .interrupted: return varlab_terminated() != 0 ? 143 : 130
        }
    }
}
