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
    /// This execution's outputs other than progress, in order (a watched run's display by its
    /// id, in its last state): replayed after a clear_output when a progress display was
    /// shown, so a saved notebook keeps no emptied progress entry.
    private var outputs: [(key: String?, type: String, content: JSON)] = []
    private var progressShown = false

    init(files: FileStore, interrupted: @escaping () -> Bool, clearInterrupt: @escaping () -> Void = {}) {
        self.files = files
        self.interrupted = interrupted
        self.clearInterrupt = clearInterrupt
    }

    func acknowledgeInterrupt() { clearInterrupt() }

    /// Publishes an output and keeps it for the replay (`key`: a display updated in place).
    private func emit(_ type: String, _ content: JSON, key: String? = nil) {
        lock.lock()
        if let key, let i = outputs.firstIndex(where: { $0.key == key }) {
            outputs[i] = (key, "display_data", content)
        } else {
            outputs.append((key, type == "update_display_data" ? "display_data" : type, content))
        }
        lock.unlock()
        publish(type, content)
    }

    /// Ends an execution: when a progress display was shown, the cell's outputs are cleared
    /// and sent again without it (an emptied display had stayed in saved notebooks as an
    /// empty output, 8 of them in one cell of lesson 3).
    func finishExecution() {
        lock.lock()
        let replay = progressShown ? outputs : nil
        outputs = []
        progressShown = false
        lock.unlock()
        guard let replay else { return }
        publish("clear_output", .object([("wait", .bool(false))]))
        for output in replay {
            guard case .object(let members) = output.content else { continue }
            // Display ids are not sent again: the replayed displays are final.
            publish(output.type, .object(members.map { $0.0 == "transient" ? ($0.0, .object([])) : $0 }))
        }
    }

    func echo(_ value: Value) {
        emit(
            "execute_result",
            .object([
                ("execution_count", .number(Double(executionCount))),
                ("data", RichOutput.bundle(for: value)), ("metadata", .object([])),
            ]))
    }

    func write(_ text: String) {
        emit("stream", .object([("name", .string("stdout")), ("text", .string(text))]))
    }

    func show(_ figure: Figure) {
        emit(
            "display_data",
            .object([("data", RichOutput.figureBundle(figure)), ("metadata", .object([])), ("transient", .object([]))]))
    }

    func warn(_ message: String) {
        emit("stream", .object([("name", .string("stderr")), ("text", .string("note: \(message)\n"))]))
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
        progressShown = true
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
            emit(
                isNew ? "display_data" : "update_display_data",
                .object([
                    ("data", RichOutput.figureBundle(figure)), ("metadata", .object([])),
                    ("transient", .object([("display_id", .string("\(id)-\(k)"))])),
                ]), key: "\(id)-\(k)")
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
