import VarlabGraphics

/// Everything the interpreter needs from the outside world. The language never touches a
/// terminal: the executable (or a test) implements this.
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
}

extension InterpreterHost {
    public func warn(_ message: String) { write("note: \(message)\n") }
    public func progress(_ label: String, done: Int, total: Int) {}
}
