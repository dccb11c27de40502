import VarlabCore

/// Turns a user function of one number into a custom activation (grammar.md, "Custom
/// activations"): its body, with the functions it calls inlined and the numbers it reads from
/// variables filled in, becomes one ActivationExpression that the core evaluates a tile at a
/// time. What cannot be part of such a function (a call to train, a loop, a string) is
/// refused where it stands, with what an activation may use.
struct ActivationCompiler {
    let argument: String
    /// Bounds inlining (each if/else copies the statements after it into both branches).
    private var budget = 20_000
    private var inlining: [String] = []

    static let allowed =
        "an activation's body may use x, numbers and variables holding numbers, + - * / % ^, comparisons with and/or/not "
        + "in if/else, local variables, return, the activations (\(Activation.names.joined(separator: ", "))), "
        + "\(ElementaryFunction.allCases.dropFirst().map(\.rawValue).joined(separator: ", ")), min, max, and functions "
        + "of yours made of these"

    init(argument: String) { self.argument = argument }

    /// The activation a user function stands for, checked (CustomActivation.Refusal).
    mutating func activation(_ decl: FunctionDecl, closure: Scope, at use: SourceLocation) throws -> Activation {
        let name = decl.name ?? "custom"
        guard decl.parameters.count == 1 else {
            throw error(
                "an activation is a function of one number x; '\(decl.name ?? "fn")' takes "
                    + "\(decl.parameters.count) argument\(decl.parameters.count == 1 ? "" : "s")",
                at: decl.location)
        }
        let body = try function(decl, closure: closure, arguments: [.input], at: use)
        do {
            return .custom(try CustomActivation(name: name, expression: body, source: body.formula))
        } catch let refusal as CustomActivation.Refusal {
            let which = decl.name.map { "'\($0)'" } ?? "this function"
            throw error("\(which) cannot be an activation: \(refusal)", at: decl.location)
        }
    }

    private func error(_ message: String, at location: SourceLocation) -> VarlabError {
        VarlabError.runtime("\(argument): \(message)", at: location)
    }

    /// A function's body with its parameters bound to expressions.
    private mutating func function(
        _ decl: FunctionDecl, closure: Scope, arguments: [ActivationExpression], at use: SourceLocation
    ) throws -> ActivationExpression {
        let name = decl.name ?? "fn"
        guard !inlining.contains(name) || decl.name == nil else {
            throw error("'\(name)' calls itself; an activation's body cannot recurse", at: use)
        }
        guard arguments.count == decl.parameters.count else {
            throw error("\(name) takes \(decl.parameters.count) argument(s), got \(arguments.count)", at: use)
        }
        inlining.append(name)
        defer { inlining.removeLast() }
        var locals: [String: ActivationExpression] = [:]
        for (p, a) in zip(decl.parameters, arguments) { locals[p.name] = a }
        let context = Context(closure: closure, locals: locals)
        guard let value = try block(decl.body[...], context) else {
            throw error(
                "'\(name)' does not give a number on every path (end it with an expression or return)",
                at: decl.location)
        }
        return value
    }

    private struct Context {
        let closure: Scope
        var locals: [String: ActivationExpression]
    }

    /// The value a run of statements gives, or nil where it falls off the end without one.
    /// An if/else takes the statements after it into both branches and selects between them.
    private mutating func block(_ statements: ArraySlice<Stmt>, _ context: Context) throws -> ActivationExpression? {
        var context = context
        for index in statements.indices {
            let statement = statements[index]
            budget -= 1
            guard budget > 0 else {
                throw error("the function is too large to be an activation", at: statement.location)
            }
            let isLast = index == statements.index(before: statements.endIndex)
            switch statement.kind {
            case .assign(let name, let expr):
                context.locals[name] = try expression(expr, context)
            case .expression(let expr):
                let value = try expression(expr, context)
                if isLast { return value }
            case .returnValue(let expr):
                guard let expr else { throw error("'return' needs a number here", at: statement.location) }
                return try expression(expr, context)
            case .ifElse(let condition, let then, let otherwise):
                let test = try self.condition(condition, context)
                let rest = statements[statements.index(after: index)...]
                let yes = try block((then + rest)[...], context)
                let no = try block(((otherwise ?? []) + rest)[...], context)
                guard let yes, let no else { return nil }
                return yes == no ? yes : .select(test, yes, no)
            case .forIn, .whileLoop:
                throw error("a loop cannot be part of an activation (use if/else)", at: statement.location)
            case .function:
                throw error("define functions outside the activation; \(Self.allowed)", at: statement.location)
            case .assignIndex, .assignMember:
                throw error("an activation's body works on numbers only; \(Self.allowed)", at: statement.location)
            case .breakLoop, .continueLoop:
                throw error("'break' and 'continue' belong in loops", at: statement.location)
            }
        }
        return nil
    }

    private mutating func expression(_ expr: Expr, _ context: Context) throws -> ActivationExpression {
        switch expr.kind {
        case .number(let x): return .constant(x)
        case .identifier(let name): return try variable(name, context, at: expr.location)
        case .unary(let op, let operand) where op == .minus: return .function(.negate, try expression(operand, context))
        case .binary(let op, let a, let b):
            guard let arithmetic = ArithmeticOperator(rawValue: op.rawValue) else {
                throw error("a comparison gives true or false, not a number; use it in if/else", at: expr.location)
            }
            return .arithmetic(arithmetic, try expression(a, context), try expression(b, context))
        case .call(let callee, let arguments): return try call(callee, arguments, context, at: expr.location)
        case .and, .or, .not:
            throw error("and, or and not give true or false, not a number; use them in if/else", at: expr.location)
        default:
            throw error("\(Self.describe(expr)) cannot be part of an activation; \(Self.allowed)", at: expr.location)
        }
    }

    private func variable(_ name: String, _ context: Context, at location: SourceLocation) throws
        -> ActivationExpression
    {
        if let local = context.locals[name] { return local }
        switch context.closure.lookup(name) {
        case .number(let x)?: return .constant(x)
        case nil:
            throw error(
                "unknown name '\(name)'\(Suggestion.hint(for: name, in: Array(context.locals.keys)))", at: location)
        case let value?:
            throw error("'\(name)' is a \(value.typeName); \(Self.allowed)", at: location)
        }
    }

    private mutating func call(
        _ callee: Expr, _ arguments: [CallArgument], _ context: Context, at location: SourceLocation
    ) throws -> ActivationExpression {
        guard case .identifier(let name) = callee.kind, context.locals[name] == nil,
            case .function(let f)? = context.closure.lookup(name)
        else {
            throw error("only functions can be called; \(Self.allowed)", at: callee.location)
        }
        if let label = arguments.first(where: { $0.label != nil }) {
            throw error(
                "call \(name) with plain arguments in an activation (no '\(label.label ?? ""):')", at: label.location)
        }
        let args = try arguments.map { try expression($0.value, context) }
        switch f.body {
        case .user(let decl, let closure):
            return try function(decl, closure: closure, arguments: args, at: location)
        case .builtin(let builtin):
            return try self.builtin(builtin, args, at: location)
        }
    }

    private func builtin(_ b: Builtin, _ args: [ActivationExpression], at location: SourceLocation) throws
        -> ActivationExpression
    {
        if let op = ArithmeticOperator(rawValue: b.name), op == .minimum || op == .maximum {
            guard let first = args.first, args.count >= 2 else {
                throw error("\(b.name) needs two numbers or more in an activation", at: location)
            }
            return args.dropFirst().reduce(first) { .arithmetic(op, $0, $1) }
        }
        let act = b.isActivation ? Activation(name: b.name) : nil
        let function = ElementaryFunction(rawValue: b.name).flatMap { $0 == .negate ? nil : $0 }
        guard act != nil || function != nil else {
            throw error("'\(b.name)' cannot be part of an activation; \(Self.allowed)", at: location)
        }
        guard args.count == 1, let arg = args.first else {
            throw error("\(b.name) takes one number, got \(args.count)", at: location)
        }
        if let act { return .activation(act, arg) }
        return .function(function ?? .exp, arg)
    }

    private mutating func condition(_ expr: Expr, _ context: Context) throws -> ActivationCondition {
        switch expr.kind {
        case .binary(let op, let a, let b):
            guard let comparison = Comparison(rawValue: op.rawValue) else {
                throw error("an if/else condition here must compare numbers (<, <=, >, >=, ==, !=)", at: expr.location)
            }
            return .compare(comparison, try expression(a, context), try expression(b, context))
        case .and(let a, let b): return .and(try condition(a, context), try condition(b, context))
        case .or(let a, let b): return .or(try condition(a, context), try condition(b, context))
        case .not(let a): return .not(try condition(a, context))
        case .bool(let truth): return .compare(truth ? .equal : .notEqual, .constant(0), .constant(0))
        default:
            throw error("an if/else condition here must compare numbers (<, <=, >, >=, ==, !=)", at: expr.location)
        }
    }

    private static func describe(_ expr: Expr) -> String {
        switch expr.kind {
        case .string: "a string"
        case .list, .range: "a list"
        case .record: "a record"
        case .function: "a function value"
        case .member(_, let name): "a field ('.\(name)')"
        case .index, .slice: "an index"
        case .nilLiteral: "nil"
        case .bool: "true or false"
        default: "this"
        }
    }
}
