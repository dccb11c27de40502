/// The syntax tree. Every node carries the location of its first token.
public indirect enum ExprKind: Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case nilLiteral
    case identifier(String)
    case list([Expr])
    case range(Expr, Expr)
    case record([(name: String, value: Expr)])
    case member(Expr, String)
    case index(Expr, Expr)
    /// `xs[a:b]`: items a up to but not including b; either end may be left out.
    case slice(Expr, Expr?, Expr?)
    case call(Expr, [CallArgument])
    case unary(Symbol, Expr)  // - x
    case not(Expr)
    case binary(Symbol, Expr, Expr)  // arithmetic and comparison
    case and(Expr, Expr)
    case or(Expr, Expr)
    case function(FunctionDecl)  // fn (a, b: 1) { ... }
}

/// An expression and where it starts in the source.
public struct Expr: Sendable {
    /// What the expression is.
    public var kind: ExprKind
    /// Where it starts (errors point here).
    public var location: SourceLocation
}

/// A call argument: positional when `label` is nil.
public struct CallArgument: Sendable {
    /// The keyword, or nil for a positional argument.
    public var label: String?
    /// The argument's expression.
    public var value: Expr
    /// Where the argument starts.
    public var location: SourceLocation
}

/// A function's parameter, with its default if it has one.
public struct Parameter: Sendable {
    /// The parameter's name.
    public var name: String
    /// Evaluated at each call that leaves the parameter out; nil: the parameter must be given.
    public var defaultValue: Expr?
    /// Where the parameter is declared.
    public var location: SourceLocation
}

/// A function: `fn name(a, b: 1) { ... }` or the value `fn (x) { ... }`.
public final class FunctionDecl: Sendable {
    /// The function's name (nil for a function value).
    public let name: String?
    /// Its parameters, in order.
    public let parameters: [Parameter]
    /// Its statements.
    public let body: [Stmt]
    /// Where `fn` stands.
    public let location: SourceLocation

    init(name: String?, parameters: [Parameter], body: [Stmt], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

/// What a statement does.
public indirect enum StmtKind: Sendable {
    case expression(Expr)
    case assign(String, Expr)
    case assignIndex(Expr, Expr, Expr)  // target[index] = value
    case assignMember(Expr, String, Expr)  // target.name = value
    case ifElse(Expr, [Stmt], [Stmt]?)
    case forIn(String, Expr, [Stmt])
    case whileLoop(Expr, [Stmt])
    case function(FunctionDecl)
    case returnValue(Expr?)
    case breakLoop
    case continueLoop
}

/// A statement and where it starts in the source.
public struct Stmt: Sendable {
    /// What the statement does.
    public var kind: StmtKind
    /// Where it starts (errors point here).
    public var location: SourceLocation
}

/// A parsed program: its statements, and the syntax errors found (parsing recovers at the
/// next statement, so all of them are reported).
public struct Program: Sendable {
    /// The statements parsed (those with syntax errors left out).
    public var statements: [Stmt]
    /// Every syntax error found, in order (at most 20).
    public var errors: [VarlabError]
}
