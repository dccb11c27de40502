/// A hand-written recursive-descent parser: one function per grammar rule, with the rule
/// above it (grammar.md has the whole grammar). A syntax error abandons the statement,
/// skips to the next one and carries on, so every error of a script is reported.
public struct Parser {
    private var tokens: [Token]
    private var position = 0
    private var errors: [VarlabError] = []
    private var depth = 0
    /// Whether the first error was found with nothing but line ends left to read.
    private var firstErrorAtEnd = false

    /// Deeper nesting than this is refused, not allowed to overflow the stack.
    public static let maximumNesting = 200

    /// A parser over the lexer's tokens.
    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// The program in `source`, with every syntax error (parsing resumes at the next statement).
    public static func parse(_ source: String) -> Program {
        let (tokens, lexErrors) = Lexer.tokenize(source)
        var parser = Parser(tokens: tokens)
        var program = parser.program()
        program.errors = capped(
            (lexErrors + program.errors).sorted {
                ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
            })
        return program
    }

    /// Syntax errors reported for one program at the most; the rest are counted in a last one.
    public static let maximumErrors = 20

    /// The first errors and a count of the others: a pasted binary or a long line of stray
    /// characters must not print megabytes (later errors usually follow from the first).
    static func capped(_ errors: [VarlabError]) -> [VarlabError] {
        guard errors.count > maximumErrors else { return errors }
        let more = errors.count - maximumErrors
        return Array(errors.prefix(maximumErrors)) + [
            .syntax(
                "\(more) more syntax error\(more == 1 ? "" : "s") not shown; fix the first ones (the rest often follow "
                    + "from them)", at: errors[maximumErrors].location ?? SourceLocation(line: 1, column: 1))
        ]
    }

    /// True when `source` is a correct beginning that needs more lines: its first error is
    /// at the end of the input (an open bracket or block, a line ending in an operator, a
    /// pipe or a comma). The REPL asks this instead of keeping its own copy of the rules.
    public static func needsMoreInput(_ source: String) -> Bool {
        let (tokens, lexErrors) = Lexer.tokenize(source)
        guard lexErrors.isEmpty else { return false }
        var parser = Parser(tokens: tokens)
        _ = parser.program()
        return parser.firstErrorAtEnd
    }

    private var onlyLineEndsLeft: Bool {
        tokens[min(position, tokens.count - 1)...].allSatisfy { $0.kind == .newline || $0.kind.isEnd }
    }

    // MARK: token helpers

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private func peekKind(_ offset: Int = 1) -> TokenKind { tokens[min(position + offset, tokens.count - 1)].kind }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
    private func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    private mutating func match(_ symbol: Symbol) -> Bool {
        if check(symbol) {
            advance()
            return true
        }
        return false
    }

    private mutating func match(_ keyword: Keyword) -> Bool {
        if check(keyword) {
            advance()
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: Symbol, _ context: String) throws -> Token {
        guard check(symbol) else {
            throw error("expected '\(symbol.rawValue)' \(context), found \(current.describedForError)")
        }
        return advance()
    }

    private func error(_ message: String, at location: SourceLocation? = nil) -> VarlabError {
        .syntax(message, at: location ?? current.location)
    }

    private mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    private mutating func nest() throws {
        depth += 1
        if depth > Parser.maximumNesting {
            throw error("nesting deeper than \(Parser.maximumNesting) levels; split the expression into steps")
        }
    }

    /// One more link of a left-associative chain (a + b + c, x |> f |> g, f(1)(2), r.a.b):
    /// each nests the tree a level deeper, and evaluating or freeing it recurses through
    /// every level, so links count against the same nesting budget as brackets. The caller
    /// gives the levels back when the chain ends (`depth -= links`).
    private mutating func link(_ links: inout Int) throws {
        links += 1
        depth += 1
        if depth > Parser.maximumNesting {
            throw error(
                "an expression nested or chained deeper than \(Parser.maximumNesting) levels (each operator of a "
                    + "chain such as a + b + c or x |> f |> g is a level); split it into steps")
        }
    }

    // MARK: statements

    // program = { separator } { statement { separator } } EOF
    mutating func program() -> Program {
        var statements: [Stmt] = []
        skipSeparators()
        while !current.kind.isEnd {
            if let statement = recoveringStatement() { statements.append(statement) }
            skipSeparators()
        }
        return Program(statements: statements, errors: errors)
    }

    private mutating func skipSeparators() {
        while current.kind == .newline || check(.semicolon) { advance() }
    }

    /// A statement, or nil after recording its error and skipping to the next statement.
    private mutating func recoveringStatement() -> Stmt? {
        do {
            depth = 0
            let s = try statement()
            try endOfStatement()
            return s
        } catch let e as VarlabError {
            if errors.isEmpty { firstErrorAtEnd = onlyLineEndsLeft }
            errors.append(e)
            synchronize()
            return nil
        } catch {
            return nil
        }
    }

    private mutating func endOfStatement() throws {
        switch current.kind {
        case .newline, .end, .symbol(.semicolon), .symbol(.rightBrace): return
        default:
            throw error("expected the end of the statement (a new line or ';'), found \(current.describedForError)")
        }
    }

    /// Skips to the next line or ';' outside any brace opened since the error.
    private mutating func synchronize() {
        var braces = 0
        while !current.kind.isEnd {
            switch current.kind {
            case .symbol(.leftBrace): braces += 1
            case .symbol(.rightBrace):
                if braces == 0 {
                    advance()
                    return
                }
                braces -= 1
            case .newline, .symbol(.semicolon):
                if braces == 0 { return }
            default: break
            }
            advance()
        }
    }

    // statement = fnDecl | ifStmt | forStmt | whileStmt | returnStmt | "break" | "continue" | assignOrExpr
    private mutating func statement() throws -> Stmt {
        let location = current.location
        switch current.kind {
        case .keyword(.fn) where isIdentifier(peekKind()):
            return Stmt(kind: .function(try functionDecl()), location: location)
        case .identifier("def") where isIdentifier(peekKind()):
            throw error("functions are written 'fn name(x) { ... }' in varlab (Python writes 'def name(x):')")
        case .keyword(.if): return try ifStatement()
        case .keyword(.for): return try forStatement()
        case .keyword(.while): return try whileStatement()
        case .keyword(.return):
            advance()
            switch current.kind {
            case .newline, .end, .symbol(.semicolon), .symbol(.rightBrace):
                return Stmt(kind: .returnValue(nil), location: location)
            default: return Stmt(kind: .returnValue(try expression()), location: location)
            }
        case .keyword(.break):
            advance()
            return Stmt(kind: .breakLoop, location: location)
        case .keyword(.continue):
            advance()
            return Stmt(kind: .continueLoop, location: location)
        default: return try assignmentOrExpression()
        }
    }

    private func isIdentifier(_ kind: TokenKind) -> Bool {
        if case .identifier = kind { return true }
        return false
    }

    // fnDecl = "fn" IDENT params block
    private mutating func functionDecl() throws -> FunctionDecl {
        let location = advance().location  // fn
        guard case .identifier(let name) = current.kind else { throw error("expected a function name after 'fn'") }
        advance()
        let params = try parameters()
        let body = try block("the body of function '\(name)'")
        return FunctionDecl(name: name, parameters: params, body: body, location: location)
    }

    // params = "(" [ param { "," param } ] ")" ;  param = IDENT [ ":" expr ]
    private mutating func parameters() throws -> [Parameter] {
        _ = try expect(.leftParen, "to start the parameter list")
        var params: [Parameter] = []
        var seenDefault = false
        while !check(.rightParen) {
            guard case .identifier(let name) = current.kind else {
                throw error("expected a parameter name, found \(current.describedForError)")
            }
            let location = advance().location
            if params.contains(where: { $0.name == name }) {
                throw error("parameter '\(name)' appears twice", at: location)
            }
            var defaultValue: Expr? = nil
            if match(.colon) {
                defaultValue = try expression()
                seenDefault = true
            } else if seenDefault {
                throw error(
                    "parameter '\(name)' needs a default value: it follows one that has a default", at: location)
            }
            params.append(Parameter(name: name, defaultValue: defaultValue, location: location))
            if !match(.comma) { break }
        }
        _ = try expect(.rightParen, "to end the parameter list")
        return params
    }

    // block = "{" { separator } { statement { separator } } "}"
    private mutating func block(_ what: String) throws -> [Stmt] {
        try nest()
        defer { depth -= 1 }
        if check(.colon) {
            throw error(
                "expected '{' to start \(what), found ':'; varlab's blocks are { ... } (Python's are ':' and an indent)"
            )
        }
        if check(.assign) {
            throw error("expected '{' to start \(what), found '='; to compare two values write '=='")
        }
        _ = try expect(.leftBrace, "to start \(what)")
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.rightBrace) {
            if current.kind.isEnd { throw error("missing '}' to end \(what)") }
            statements.append(try statement())
            try endOfStatement()
            skipSeparators()
        }
        advance()
        return statements
    }

    // ifStmt = "if" expr block [ "else" ( ifStmt | block ) ]
    private mutating func ifStatement() throws -> Stmt {
        let location = advance().location
        let condition = try expression()
        let then = try block("the 'if' branch")
        var otherwise: [Stmt]? = nil
        // Allow `}` NEWLINE `else` as well as `} else`.
        var look = position
        while tokens[look].kind == .newline, look < tokens.count - 1 { look += 1 }
        if tokens[look].kind == .keyword(.else) {
            position = look
            advance()
            if check(.if) { otherwise = [try ifStatement()] } else { otherwise = try block("the 'else' branch") }
        }
        return Stmt(kind: .ifElse(condition, then, otherwise), location: location)
    }

    // forStmt = "for" IDENT "in" expr block
    private mutating func forStatement() throws -> Stmt {
        let location = advance().location
        guard case .identifier(let name) = current.kind else { throw error("expected a loop variable after 'for'") }
        advance()
        guard match(.in) else { throw error("expected 'in' after 'for \(name)'") }
        let sequence = try expression()
        let body = try block("the loop body")
        return Stmt(kind: .forIn(name, sequence, body), location: location)
    }

    // whileStmt = "while" expr block
    private mutating func whileStatement() throws -> Stmt {
        let location = advance().location
        let condition = try expression()
        return Stmt(kind: .whileLoop(condition, try block("the loop body")), location: location)
    }

    // assignOrExpr = expr [ "=" expr ]
    private mutating func assignmentOrExpression() throws -> Stmt {
        let location = current.location
        let target = try expression()
        guard match(.assign) else { return Stmt(kind: .expression(target), location: location) }
        let value = try expression()
        switch target.kind {
        case .identifier(let name): return Stmt(kind: .assign(name, value), location: location)
        case .index(let base, let index): return Stmt(kind: .assignIndex(base, index, value), location: location)
        case .member(let base, let name): return Stmt(kind: .assignMember(base, name, value), location: location)
        default:
            throw error(
                "can only assign to a name, an element xs[i] or a field r.name (use '==' to compare)", at: location)
        }
    }

    // MARK: expressions

    // expr = pipeline ;  pipeline = or { "|>" postfix }
    mutating func expression() throws -> Expr {
        try nest()
        defer { depth -= 1 }
        var lhs = try orExpression()
        var links = 0
        defer { depth -= links }
        while true {
            // A pipeline may continue on the next line: `x` NEWLINE `|> f()`.
            var look = position
            while tokens[look].kind == .newline, look < tokens.count - 1 { look += 1 }
            guard tokens[look].kind == .symbol(.pipe) else { return lhs }
            position = look
            try link(&links)
            let pipeAt = advance().location
            skipNewlines()
            let rhs = try postfix()
            let piped = CallArgument(label: nil, value: lhs, location: lhs.location)
            if case .call(let callee, let args) = rhs.kind {
                lhs = Expr(kind: .call(callee, [piped] + args), location: pipeAt)
            } else {
                lhs = Expr(kind: .call(rhs, [piped]), location: pipeAt)
            }
        }
    }

    // or = and { "or" and }
    private mutating func orExpression() throws -> Expr {
        var lhs = try andExpression()
        var links = 0
        defer { depth -= links }
        while check(.or) {
            try link(&links)
            let location = advance().location
            skipNewlines()
            lhs = Expr(kind: .or(lhs, try andExpression()), location: location)
        }
        return lhs
    }

    // and = not { "and" not }
    private mutating func andExpression() throws -> Expr {
        var lhs = try notExpression()
        var links = 0
        defer { depth -= links }
        while check(.and) {
            try link(&links)
            let location = advance().location
            skipNewlines()
            lhs = Expr(kind: .and(lhs, try notExpression()), location: location)
        }
        return lhs
    }

    // not = "not" not | comparison
    private mutating func notExpression() throws -> Expr {
        if check(.not) {
            let location = advance().location
            try nest()
            defer { depth -= 1 }
            return Expr(kind: .not(try notExpression()), location: location)
        }
        return try comparison()
    }

    // comparison = range [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) range ]
    private mutating func comparison() throws -> Expr {
        let lhs = try rangeExpression()
        let comparisons: [Symbol] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]
        guard case .symbol(let op) = current.kind, comparisons.contains(op) else { return lhs }
        let location = advance().location
        skipNewlines()
        let rhs = try rangeExpression()
        if case .symbol(let next) = current.kind, comparisons.contains(next) {
            throw error("comparisons do not chain; write 'a < b and b < c'")
        }
        return Expr(kind: .binary(op, lhs, rhs), location: location)
    }

    // range = additive [ ".." additive ]
    private mutating func rangeExpression() throws -> Expr {
        let lhs = try additive()
        guard check(.range) else { return lhs }
        let location = advance().location
        return Expr(kind: .range(lhs, try additive()), location: location)
    }

    // additive = multiplicative { ( "+" | "-" ) multiplicative }
    private mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        var links = 0
        defer { depth -= links }
        while case .symbol(let op) = current.kind, op == .plus || op == .minus {
            try link(&links)
            let location = advance().location
            skipNewlines()
            lhs = Expr(kind: .binary(op, lhs, try multiplicative()), location: location)
        }
        return lhs
    }

    // multiplicative = unary { ( "*" | "/" | "%" ) unary }
    private mutating func multiplicative() throws -> Expr {
        var lhs = try unary()
        var links = 0
        defer { depth -= links }
        while case .symbol(let op) = current.kind, op == .star || op == .slash || op == .percent {
            try link(&links)
            let location = advance().location
            if op == .star && check(.star) {
                throw error("a power is written 'x ^ y' in varlab (Python writes 'x ** y')")
            }
            skipNewlines()
            lhs = Expr(kind: .binary(op, lhs, try unary()), location: location)
        }
        return lhs
    }

    // unary = "-" unary | power
    private mutating func unary() throws -> Expr {
        if check(.minus) {
            let location = advance().location
            try nest()
            defer { depth -= 1 }
            return Expr(kind: .unary(.minus, try unary()), location: location)
        }
        return try power()
    }

    // power = postfix [ "^" unary ]      (right-associative: 2^3^2 = 2^9; -2^2 = -4)
    private mutating func power() throws -> Expr {
        let base = try postfix()
        guard check(.caret) else { return base }
        let location = advance().location
        try nest()
        defer { depth -= 1 }
        return Expr(kind: .binary(.caret, base, try unary()), location: location)
    }

    // postfix = primary { "(" args ")" | "[" expr "]" | "[" [expr] ":" [expr] "]" | "." IDENT }
    private mutating func postfix() throws -> Expr {
        var expr = try primary()
        var links = 0
        defer { depth -= links }
        while true {
            if check(.leftParen) || check(.leftBracket) || check(.dot) { try link(&links) }
            if check(.leftParen) {
                advance()
                expr = Expr(kind: .call(expr, try arguments()), location: expr.location)
            } else if check(.leftBracket) {
                let location = advance().location
                let low = check(.colon) ? nil : try expression()
                if check(.colon) {
                    advance()
                    let high = check(.rightBracket) ? nil : try expression()
                    _ = try expect(.rightBracket, "to close the slice")
                    expr = Expr(kind: .slice(expr, low, high), location: location)
                } else if let low {
                    _ = try expect(.rightBracket, "to close the index")
                    expr = Expr(kind: .index(expr, low), location: location)
                }
            } else if check(.dot) {
                let location = advance().location
                guard case .identifier(let name) = current.kind else { throw error("expected a field name after '.'") }
                advance()
                expr = Expr(kind: .member(expr, name), location: location)
            } else {
                return expr
            }
        }
    }

    // args = [ arg { "," arg } [ "," ] ] ")" ;  arg = [ IDENT ":" ] expr
    private mutating func arguments() throws -> [CallArgument] {
        var args: [CallArgument] = []
        var seenLabel = false
        while !check(.rightParen) {
            let location = current.location
            var label: String? = nil
            if case .identifier(let name) = current.kind, peekKind() == .symbol(.colon) {
                label = name
                advance()
                advance()
                if args.contains(where: { $0.label == name }) {
                    throw error("argument '\(name)' is given twice", at: location)
                }
                seenLabel = true
            } else if case .identifier(let name) = current.kind, peekKind() == .symbol(.assign) {
                throw error(
                    "a keyword argument is written '\(name): value' in varlab (Python writes '\(name)=value')",
                    at: location)
            } else if seenLabel {
                throw error("positional arguments must come before keyword arguments", at: location)
            }
            args.append(CallArgument(label: label, value: try expression(), location: location))
            if !match(.comma) { break }
        }
        _ = try expect(.rightParen, "to close the argument list")
        return args
    }

    // primary = NUMBER | STRING | "true" | "false" | "nil" | IDENT | "(" expr ")" | list | record | lambda
    private mutating func primary() throws -> Expr {
        let token = current
        let location = token.location
        switch token.kind {
        case .number(let x):
            advance()
            return Expr(kind: .number(x), location: location)
        case .string(let s):
            advance()
            return Expr(kind: .string(s), location: location)
        case .keyword(.true):
            advance()
            return Expr(kind: .bool(true), location: location)
        case .keyword(.false):
            advance()
            return Expr(kind: .bool(false), location: location)
        case .keyword(.nil):
            advance()
            return Expr(kind: .nilLiteral, location: location)
        case .identifier(let name):
            advance()
            // f"width {n}": a Python f-string (an f right before a string).
            if name == "f" || name == "F", case .string = current.kind, current.location.line == location.line,
                current.location.column == location.column + 1
            {
                throw error(
                    "varlab has no f-strings; join text with +, as in \"width \" + str(n) (fmt(x, digits: 3) "
                        + "formats a number)", at: location)
            }
            return Expr(kind: .identifier(name), location: location)
        case .symbol(.leftParen):
            advance()
            let inner = try expression()
            _ = try expect(.rightParen, "to close '('")
            return inner
        case .symbol(.leftBracket): return try list()
        case .symbol(.leftBrace): return try record()
        case .keyword(.fn):
            advance()
            let params = try parameters()
            let body = try block("the function body")
            return Expr(
                kind: .function(FunctionDecl(name: nil, parameters: params, body: body, location: location)),
                location: location)
        case .end: throw error("unexpected end of input: an expression is missing")
        case .newline: throw error("an expression is missing before the end of the line")
        default: throw error("expected an expression, found \(token.describedForError)")
        }
    }

    // list = "[" [ expr { "," expr } [ "," ] ] "]"
    private mutating func list() throws -> Expr {
        let location = advance().location
        var items: [Expr] = []
        while !check(.rightBracket) {
            items.append(try expression())
            if check(.for) {
                throw error(
                    "varlab has no list comprehensions ([x * 2 for x in xs] in Python); write "
                        + "map(xs, fn (x) { return x * 2 }), or filter(xs, fn (x) { ... }) to keep some")
            }
            if !match(.comma) { break }
        }
        _ = try expect(.rightBracket, "to close the list")
        return Expr(kind: .list(items), location: location)
    }

    // record = "{" [ IDENT ":" expr { "," IDENT ":" expr } [ "," ] ] "}"
    private mutating func record() throws -> Expr {
        let location = advance().location
        var fields: [(name: String, value: Expr)] = []
        skipNewlines()
        while !check(.rightBrace) {
            guard case .identifier(let name) = current.kind else {
                throw error("expected a field name in the record, found \(current.describedForError)")
            }
            let fieldAt = advance().location
            _ = try expect(.colon, "after field name '\(name)'")
            if fields.contains(where: { $0.name == name }) { throw error("field '\(name)' appears twice", at: fieldAt) }
            skipNewlines()
            fields.append((name, try expression()))
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        _ = try expect(.rightBrace, "to close the record")
        return Expr(kind: .record(fields), location: location)
    }
}
