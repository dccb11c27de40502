import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage

/// The interpreter's window on a notebook: echoes become execute_result, print() a stdout
/// stream, pictures display_data, notes a stderr stream. Interrupts come as SIGINT.
final class KernelHost: InterpreterHost {
    let files: FileStore
    /// Sends one iopub message (type, content) for the request being executed.
    var publish: (String, JSON) -> Void = { _, _ in }
    var executionCount = 0
    private let interrupted: () -> Bool

    init(files: FileStore, interrupted: @escaping () -> Bool) {
        self.files = files
        self.interrupted = interrupted
    }

    func echo(_ value: Value) {
        publish("execute_result", .object([("execution_count", .number(Double(executionCount))),
                                           ("data", RichOutput.bundle(for: value)), ("metadata", .object([]))]))
    }

    func write(_ text: String) {
        publish("stream", .object([("name", .string("stdout")), ("text", .string(text))]))
    }

    func show(_ figure: Figure) {
        publish("display_data", .object([("data", RichOutput.figureBundle(figure)), ("metadata", .object([])), ("transient", .object([]))]))
    }

    func warn(_ message: String) {
        publish("stream", .object([("name", .string("stderr")), ("text", .string("note: \(message)\n"))]))
    }

    var isInterrupted: Bool { interrupted() }

    func clock() -> Double { MonotonicClock.seconds() }
}
