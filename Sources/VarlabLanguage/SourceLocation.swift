/// A 1-based position in a source text.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// A position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// "line:column".
    public var description: String { "\(line):\(column)" }
}

/// Every error varlab reports to a user: what went wrong, where, and what to try.
public struct VarlabError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A syntax error, a runtime error, or an interrupt.
    public enum Kind: Sendable { case syntax, runtime, interrupted }

    /// Which kind of error.
    public var kind: Kind
    /// What went wrong and what to do.
    public var message: String
    /// Where, when known.
    public var location: SourceLocation?
    /// The user functions that were running, innermost first ("in fn f at 3:5").
    public var callChain: [String] = []

    /// An error of the given kind.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// A syntax error at `location`.
    public static func syntax(_ message: String, at location: SourceLocation) -> VarlabError {
        VarlabError(.syntax, message, at: location)
    }

    /// A runtime error, at `location` when known.
    public static func runtime(_ message: String, at location: SourceLocation? = nil) -> VarlabError {
        VarlabError(.runtime, message, at: location)
    }

    /// The user interrupted.
    public static let interrupted = VarlabError(.interrupted, "interrupted")

    /// "line:col: message", then the calls that were running.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
