import Foundation

/// The REPL's history on disk: `$VARLAB_HISTORY`, else `$XDG_STATE_HOME/varlab/history`,
/// else `~/.local/state/varlab/history`. Each line is appended with one O_APPEND write
/// as soon as it is entered, so a crash, kill -9 or a second REPL loses or mixes nothing.
/// A multi-line entry is one line of the file, its line ends stored as U+001E (which no
/// one types), so it comes back whole after a restart.
struct HistoryFile {
    let path: String
    static let lineEnd = "\u{1E}"

    static func defaultPath(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = env["VARLAB_HISTORY"], !explicit.isEmpty { return explicit }
        let state =
            env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return state + "/varlab/history"
    }

    /// The most recent lines, oldest first.
    func load(limit: Int = 2000) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Array(
            text.split(separator: "\n").map { $0.replacingOccurrences(of: HistoryFile.lineEnd, with: "\n") }.suffix(
                limit))
    }

    /// Appends one line; failures are reported once by the caller, never fatal.
    func append(_ line: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array((line.replacingOccurrences(of: "\n", with: HistoryFile.lineEnd) + "\n").utf8)
        return bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
