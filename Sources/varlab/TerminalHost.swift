import CLineSupport
import Foundation
import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage
import VarlabStore
import VarlabTerminal

/// The interpreter's window on the terminal: echoes, pictures, notes and progress.
final class TerminalHost: InterpreterHost {
    let json: Bool
    let colorMode: ColorMode
    private let progressBar: ProgressBar?
    let files: FileStore

    init(json: Bool, files: FileStore) {
        self.json = json
        self.files = files
        colorMode = ColorMode.detect(isTerminal: isatty(STDOUT_FILENO) != 0)
        // Progress only where a person watches: a terminal on both outputs, and no JSON.
        progressBar =
            (!json && isatty(STDERR_FILENO) != 0 && isatty(STDOUT_FILENO) != 0)
            ? ProgressBar { text in
                Output.write(text, to: STDERR_FILENO)
            } : nil
    }

    var terminalWidth: Int {
        var columns: Int32 = 0, rows: Int32 = 0
        if varlab_terminal_size(STDOUT_FILENO, &columns, &rows) != 0, columns >= 20 { return Int(columns) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 20 {
            return columns
        }
        return 100
    }

    func out(_ text: String) {
        progressBar?.clear()
        watchLines = 0
        Output.write(text, to: STDOUT_FILENO)
    }

    /// Lines of the last frame of a watched run, to draw the next one over it.
    private var watchLines = 0

    var terminalHeight: Int {
        var columns: Int32 = 0, rows: Int32 = 0
        if varlab_terminal_size(STDOUT_FILENO, &columns, &rows) != 0, rows >= 10 { return Int(rows) }
        return 24
    }

    var canWatch: Bool { !json && isatty(STDOUT_FILENO) != 0 }

    /// Draws a frame over the previous one (cursor up, clear to the end), sized to fit the
    /// terminal's height so nothing scrolls away between frames.
    func watch(_ frame: [Figure]) {
        let room = terminalHeight - 2
        let chartRows = max(5, min(12, room / 3))
        var parts: [String] = []
        for figure in frame {
            switch figure {
            case .chart(let c):
                parts.append(ChartText.render(c, mode: colorMode, terminalWidth: terminalWidth, plotRows: chartRows))
            case .decision(let d):
                parts.append(
                    DecisionText.render(
                        d, mode: colorMode, terminalWidth: terminalWidth, maxLines: room - chartRows - 6))
            case .heatmaps(let h): parts.append(HeatmapText.render(h, mode: colorMode, terminalWidth: terminalWidth))
            }
        }
        let text = parts.joined(separator: "\n") + "\n"
        let up = watchLines > 0 ? "\u{1B}[\(watchLines)F\u{1B}[J" : ""
        out(up + text)
        watchLines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    }

    func acknowledgeInterrupt() { varlab_clear_interrupt() }

    func error(_ text: String) {
        progressBar?.clear()
        Output.write(text + "\n", to: STDERR_FILENO)
    }

    func finishOutput() { progressBar?.finish() }

    func clock() -> Double { MonotonicClock.seconds() }

    func openStore(_ path: String) throws -> WorkStore {
        // Confined (--confine), the store's folders are walked like any file's and the
        // store opened with SQLite's no-follow flag (DiskFiles.storePath).
        guard let disk = files as? DiskFiles else { return try SQLiteStore(path: path) }
        let target: (path: String, noFollow: Bool)
        do {
            target = try disk.storePath(path)
        } catch {
            throw FileStoreError("cannot open the store '\(path)': \(AtomicFile.reason(error))")
        }
        let store = try SQLiteStore(path: target.path, noFollow: target.noFollow)
        if store.isReadOnly {
            warn("the store '\(path)' is read-only: its results are used, new work is not kept")
        }
        return store
    }

    func echo(_ value: Value) {
        if json {
            // A figure says what it shows, as show() does under --json.
            if case .figure(let figure) = value { show(figure) } else { out(ValueJSON.json(value).text + "\n") }
            return
        }
        switch value {
        case .figure(let figure):
            show(figure)
        default:
            // Anything with a picture that needs no computation (a landscape, a dataset, a
            // list of landscapes) is drawn under its summary.
            out(ValueFormatter.summary(value) + "\n")
            if let figure = Pictures.immediate(value) { show(figure) }
        }
    }

    func write(_ text: String) {
        if json {
            out(JSON.object([("print", .string(text.hasSuffix("\n") ? String(text.dropLast()) : text))]).text + "\n")
        } else {
            out(text)
        }
    }

    func show(_ figure: Figure) {
        if json {
            out(
                JSON.object([
                    ("figure", .string(figure.title ?? "figure")),
                    ("outline", .array(figure.outline.map { .string($0) })),
                ]).text + "\n")
            return
        }
        switch figure {
        case .heatmaps(let f): out(HeatmapText.render(f, mode: colorMode, terminalWidth: terminalWidth) + "\n")
        case .decision(let f): out(DecisionText.render(f, mode: colorMode, terminalWidth: terminalWidth) + "\n")
        case .chart(let chart): out(ChartText.render(chart, mode: colorMode, terminalWidth: terminalWidth) + "\n")
        }
    }

    func warn(_ message: String) {
        error("note: \(message)")
    }

    func progress(_ label: String, done: Int, total: Int) {
        progressBar?.update(label, done: done, total: total)
    }

    var isInterrupted: Bool { varlab_interrupted() != 0 }
}
