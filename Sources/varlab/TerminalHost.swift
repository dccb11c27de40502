import CLineSupport
import Foundation
import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage
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
        progressBar = (!json && isatty(STDERR_FILENO) != 0 && isatty(STDOUT_FILENO) != 0) ? ProgressBar { text in
            Output.write(text, to: STDERR_FILENO)
        } : nil
    }

    var terminalWidth: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 20 { return columns }
        return 100
    }

    func out(_ text: String) {
        progressBar?.clear()
        Output.write(text, to: STDOUT_FILENO)
    }

    func error(_ text: String) {
        progressBar?.clear()
        Output.write(text + "\n", to: STDERR_FILENO)
    }

    func finishOutput() { progressBar?.clear() }

    func clock() -> Double { MonotonicClock.seconds() }

    func openStore(_ path: String) throws -> WorkStore {
        var target = path
        if let disk = files as? DiskFiles { target = try disk.url(path).path }
        return try SQLiteStore(path: target)
    }

    func echo(_ value: Value) {
        if json {
            out(ValueJSON.json(value).text + "\n")
            return
        }
        switch value {
        case .figure(let figure):
            show(figure)
        case .landscape(let l):
            out(ValueFormatter.summary(value) + "\n")
            show(.heatmaps([HeatmapPanel(resolution: l.landscape.resolution, values: l.landscape.values, caption: l.caption)]))
        case .dataset(let d):
            // A small picture of the training points: yellow/+ is +1, green/o is -1.
            out(ValueFormatter.summary(value) + "\n")
            let points = LabelledPoint.sample(d.dataset.train, limit: 400)
            out(HeatmapText.render([HeatmapPanel(resolution: 2, values: [0, 0, 0, 0], caption: d.dataset.name, points: points)],
                                   mode: colorMode, terminalWidth: min(terminalWidth, 60)) + "\n")
        default:
            out(ValueFormatter.summary(value) + "\n")
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
            out(JSON.object([("figure", .string(figure.title ?? "figure"))]).text + "\n")
            return
        }
        switch figure {
        case .heatmaps(let panels): out(HeatmapText.render(panels, mode: colorMode, terminalWidth: terminalWidth) + "\n")
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
