import Foundation
import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage
import VarlabStore

/// A host that records what a program shows, line by line, for assertions.
final class CapturingHost: InterpreterHost, @unchecked Sendable {
    var lines: [String] = []
    var figures: [Figure] = []
    var files: FileStore
    /// A fake clock that tests can move.
    var now = 100.0

    init(files: FileStore = DiskFiles(workingDirectory: CapturingHost.freshFolder())) { self.files = files }

    /// A new empty folder per session, so tests never write into the repository or share files.
    static func freshFolder() -> String {
        let path = NSTemporaryDirectory() + "varlab-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func echo(_ value: Value) {
        lines += ValueFormatter.summary(value).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    func write(_ text: String) {
        var t = text
        if t.hasSuffix("\n") { t.removeLast() }
        lines += t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    func show(_ figure: Figure) {
        figures.append(figure)
        lines += figure.outline
    }
    var warnings: [String] = []
    func warn(_ message: String) { warnings.append(message) }
    /// Progress reports (label, done, total), in order; workers may report from any thread.
    private let progressLock = NSLock()
    private var progressLog: [(label: String, done: Int, total: Int)] = []
    var progressReports: [(label: String, done: Int, total: Int)] { progressLock.withLock { progressLog } }
    /// A simulated Ctrl-C: interrupted once a progress report (label, done) satisfies this.
    var interruptWhen: (@Sendable (String, Int) -> Bool)? = nil
    private var interrupted = false
    func progress(_ label: String, done: Int, total: Int) {
        progressLock.withLock {
            progressLog.append((label, done, total))
            if interruptWhen?(label, done) == true { interrupted = true }
        }
    }
    var isInterrupted: Bool { progressLock.withLock { interrupted } }
    func acknowledgeInterrupt() { progressLock.withLock { interrupted = false } }
    func clock() -> Double { now }
    func openStore(_ path: String) throws -> WorkStore {
        guard let disk = files as? DiskFiles else { return try SQLiteStore(path: path) }
        let target = try disk.storePath(path)
        return try SQLiteStore(path: target.path, noFollow: target.noFollow)
    }
}

func makeInterpreter(quick: Bool = true, threads: Int = 2) -> (Interpreter, CapturingHost) {
    let host = CapturingHost()
    var options = InterpreterOptions()
    options.quick = quick
    options.threads = threads
    return (Interpreter(host: host, options: options), host)
}
