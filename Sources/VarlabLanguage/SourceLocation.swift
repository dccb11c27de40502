/// A 1-based position in a source text.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Every error varlab reports to a user: what went wrong, where, and what to try.
public struct VarlabError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case syntax, runtime, interrupted }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// The user functions that were running, innermost first ("in fn f at 3:5").
    public var callChain: [String] = []

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public static func syntax(_ message: String, at location: SourceLocation) -> VarlabError {
        VarlabError(.syntax, message, at: location)
    }

    public static func runtime(_ message: String, at location: SourceLocation? = nil) -> VarlabError {
        VarlabError(.runtime, message, at: location)
    }

    public static let interrupted = VarlabError(.interrupted, "interrupted")

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
