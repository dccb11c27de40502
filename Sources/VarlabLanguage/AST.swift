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

public struct Expr: Sendable {
    public var kind: ExprKind
    public var location: SourceLocation
}

/// A call argument: positional when `label` is nil.
public struct CallArgument: Sendable {
    public var label: String?
    public var value: Expr
    public var location: SourceLocation
}

public struct Parameter: Sendable {
    public var name: String
    public var defaultValue: Expr?
    public var location: SourceLocation
}

public final class FunctionDecl: Sendable {
    public let name: String?
    public let parameters: [Parameter]
    public let body: [Stmt]
    public let location: SourceLocation

    init(name: String?, parameters: [Parameter], body: [Stmt], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

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

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var location: SourceLocation
}

/// A parsed program: its statements, and the syntax errors found (parsing recovers at the
/// next statement, so all of them are reported).
public struct Program: Sendable {
    public var statements: [Stmt]
    public var errors: [VarlabError]
}
