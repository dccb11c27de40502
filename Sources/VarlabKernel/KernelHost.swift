import Foundation
import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage
import VarlabStore

/// The interpreter's window on a notebook: echoes become execute_result, print() a stdout
/// stream, pictures display_data, notes a stderr stream. Interrupts come as SIGINT.
final class KernelHost: InterpreterHost {
    let files: FileStore
    /// Sends one iopub message (type, content) for the request being executed.
    var publish: (String, JSON) -> Void = { _, _ in }
    var executionCount = 0
    private let interrupted: () -> Bool
    /// One progress display per long call, updated in place at most 4 times a second.
    private var progressID: String?
    private var progressLabel = ""
    private var lastProgress = 0.0
    private let lock = NSLock()

    private let clearInterrupt: () -> Void

    init(files: FileStore, interrupted: @escaping () -> Bool, clearInterrupt: @escaping () -> Void = {}) {
        self.files = files
        self.interrupted = interrupted
        self.clearInterrupt = clearInterrupt
    }

    func acknowledgeInterrupt() { clearInterrupt() }

    func echo(_ value: Value) {
        publish(
            "execute_result",
            .object([
                ("execution_count", .number(Double(executionCount))),
                ("data", RichOutput.bundle(for: value)), ("metadata", .object([])),
            ]))
    }

    func write(_ text: String) {
        publish("stream", .object([("name", .string("stdout")), ("text", .string(text))]))
    }

    func show(_ figure: Figure) {
        publish(
            "display_data",
            .object([("data", RichOutput.figureBundle(figure)), ("metadata", .object([])), ("transient", .object([]))]))
    }

    func warn(_ message: String) {
        publish("stream", .object([("name", .string("stderr")), ("text", .string("note: \(message)\n"))]))
    }

    var isInterrupted: Bool { interrupted() }

    /// Progress of long work as one output that updates in place (display_id), so a
    /// notebook shows "variability relu L=8: 1200 of 100000" without scrolling.
    func progress(_ label: String, done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = MonotonicClock.seconds()
        let finished = done >= total
        if label != progressLabel {
            progressID = nil
            progressLabel = label
        }
        guard finished || now - lastProgress >= 0.25 else { return }
        lastProgress = now
        let isNew = progressID == nil
        let id = progressID ?? UUID().uuidString.lowercased()
        progressID = finished ? nil : id
        if isNew && finished { return }  // too quick to be worth a line
        // A finished call empties its progress display, so no progress line is left in a
        // saved notebook (they had stayed as "variability: done (200)").
        let data: JSON =
            finished
            ? .object([])
            : .object([("text/plain", .string("\(label): \(done) of \(total) (\(100 * done / max(total, 1))%)"))])
        publish(
            isNew ? "display_data" : "update_display_data",
            .object([("data", data), ("metadata", .object([])), ("transient", .object([("display_id", .string(id))]))]))
    }

    /// A watched run's frames: one display, replaced in place.
    private var watchID: String?
    var canWatch: Bool { true }

    func watch(_ frame: [Figure]) {
        let isNew = watchID == nil
        let id = watchID ?? UUID().uuidString.lowercased()
        watchID = id
        for (k, figure) in frame.enumerated() {
            publish(
                isNew ? "display_data" : "update_display_data",
                .object([
                    ("data", RichOutput.figureBundle(figure)), ("metadata", .object([])),
                    ("transient", .object([("display_id", .string("\(id)-\(k)"))])),
                ]))
        }
    }

    /// Ends any progress display before the next execution.
    func resetProgress() {
        lock.lock()
        watchID = nil
        progressID = nil
        progressLabel = ""
        lastProgress = 0
        lock.unlock()
    }

    func clock() -> Double { MonotonicClock.seconds() }

    func openStore(_ path: String) throws -> WorkStore { try SQLiteStore(path: path) }
}
