import VarlabCore
import VarlabGraphics

/// Everything the interpreter needs from the outside world. The language does no I/O of its
/// own: output, files, the clock and interrupts come through the host, so the REPL, scripts,
/// tests, the fuzzer and a notebook kernel each bring their own policies.
public protocol InterpreterHost: AnyObject {
    /// The value of a top-level expression statement, to echo.
    func echo(_ value: Value)
    /// Text from print().
    func write(_ text: String)
    /// A figure from show() or plot().
    func show(_ figure: Figure)
    /// A non-fatal note (e.g. "quick mode: samples capped at 16").
    func warn(_ message: String)
    /// Progress of long work: (what, done, total); called from worker threads, serialised.
    func progress(_ label: String, done: Int, total: Int)
    /// True once the user asked to stop (Ctrl-C); checked often by long work.
    var isInterrupted: Bool { get }
    /// Where save(), load() and folder() go.
    var files: FileStore { get }
    /// Seconds on a clock that never jumps back (for clock()).
    func clock() -> Double
    /// Opens (or creates) a store of finished work at `path`, for store().
    func openStore(_ path: String) throws -> WorkStore
    /// True where pictures can be redrawn in place (a terminal, a notebook): train(watch:).
    var canWatch: Bool { get }
    /// Replaces the previous frame of a watched run with these figures.
    func watch(_ frame: [Figure])
    /// The interrupt was handled (a watched run stopped and kept its net): forget it.
    func acknowledgeInterrupt()
}

/// A host that keeps no stores says so.
public struct NoStores: Error, CustomStringConvertible {
    /// A session without stores.
    public init() {}
    /// Says this session cannot keep a store.
    public var description: String { "this session cannot keep a store of results" }
}

extension InterpreterHost {
    /// Refuses: by default a host keeps no stores.
    public func openStore(_ path: String) throws -> WorkStore { throw NoStores() }
    /// Writes "note: message" with the output.
    public func warn(_ message: String) { write("note: \(message)\n") }
    /// Shows nothing by default.
    public func progress(_ label: String, done: Int, total: Int) {}
    /// False by default: no live view.
    public var canWatch: Bool { false }
    /// Draws nothing by default.
    public func watch(_ frame: [Figure]) {}
    /// Nothing to forget by default.
    public func acknowledgeInterrupt() {}
}
