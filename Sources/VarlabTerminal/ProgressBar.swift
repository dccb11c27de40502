import Foundation

/// A progress line on stderr with rate and time left, redrawn at most 10 times a second.
/// Only for a terminal: the executable never creates one for pipes or --json.
public final class ProgressBar {
    private let lock = NSLock()
    private var started: Date?
    /// Progress when the clock started: the rate counts only what was done since.
    private var startDone = 0
    private var lastDone = 0
    private var lastTotal = 0
    private var label = ""
    private var lastDraw = Date.distantPast
    private var visible = false
    private let write: (String) -> Void

    public init(write: @escaping (String) -> Void) {
        self.write = write
    }

    public func update(_ label: String, done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        // A new task (another label with another total, or a count that went back) restarts
        // the clock. A table's rows share one count of the whole run (their labels differ,
        // their total does not), so the time left is the whole run's. A line erased to draw
        // something else (a watched training's pictures) keeps it: the rate had read
        // 306620/s after each redraw.
        if (label != self.label && total != lastTotal) || started == nil || done < lastDone {
            started = now
            startDone = done
        }
        self.label = label
        lastDone = done
        lastTotal = total
        guard done >= total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(started ?? now)
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let rate = elapsed > 0 ? Double(done - startDone) / elapsed : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        write("\r\u{1B}[2K\(label) \(bar) \(done)/\(total)  " + ProgressBar.pace(rate, left: total - done))
        visible = true
    }

    /// Erases the line before other output is printed.
    public func clear() {
        lock.lock()
        defer { lock.unlock() }
        if visible { write("\r\u{1B}[2K") }
        visible = false
    }

    /// Ends the task: the next update starts a new clock.
    public func finish() {
        clear()
        lock.lock()
        defer { lock.unlock() }
        started = nil
        label = ""
        lastDraw = .distantPast
    }

    /// "780.5/s  54s left", "12s each  1m24s left" for slow items (a table's rows: "0.0/s"
    /// had been printed), or "time left ?" before anything has finished since the clock started.
    public static func pace(_ rate: Double, left: Int) -> String {
        guard rate > 0 else { return "time left ?" }
        let each = rate >= 1 ? String(format: "%.1f/s", rate) : "\(duration(1 / rate)) each"
        return "\(each)  \(duration(Double(left) / rate)) left"
    }

    /// "42s", "2m05s", "2h01m", or "?" for an unknowable or absurd time.
    public static func duration(_ s: Double) -> String {
        guard s.isFinite, s < 1e7 else { return "?" }
        if s < 60 { return String(format: "%.0fs", s) }
        if s < 3600 { return String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) }
        return String(format: "%dh%02dm", Int(s) / 3600, (Int(s) % 3600) / 60)
    }
}
