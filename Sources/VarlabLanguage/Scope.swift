/// A table of variables; function calls get a child of the scope the function closes over.
///
/// `@unchecked Sendable`: a closure's scope travels inside values (which are Sendable, as
/// results cross to worker threads), but only the interpreter's own thread reads or writes
/// variables; worker threads get nets and numbers, never a function to call.
public final class Scope: @unchecked Sendable {
    private var variables: [String: Value] = [:]
    /// The enclosing scope (nil for the globals).
    public let parent: Scope?

    /// An empty scope inside `parent`.
    public init(parent: Scope? = nil) {
        self.parent = parent
    }

    /// The value of `name` here or in an enclosing scope.
    public func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let s = scope {
            if let v = s.variables[name] { return v }
            scope = s.parent
        }
        return nil
    }

    /// Assigns where the name already lives (an enclosing scope), else defines it here.
    public func assign(_ name: String, _ value: Value) {
        var scope: Scope? = self
        while let s = scope {
            if s.variables[name] != nil {
                s.variables[name] = value
                return
            }
            scope = s.parent
        }
        variables[name] = value
    }

    /// Defines `name` in this scope.
    public func define(_ name: String, _ value: Value) {
        variables[name] = value
    }

    /// The names defined in this scope, sorted.
    public var names: [String] { variables.keys.sorted() }

    /// Forgets every name of this scope.
    public func removeAll() { variables.removeAll() }
}
