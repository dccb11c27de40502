import Foundation
import VarlabCore

/// Settings that hold for a whole session.
public struct InterpreterOptions: Sendable {
    /// The seed of nets, datasets and training when a call gives none.
    public var seed: UInt64 = RandomStream.defaultSeed
    /// Worker threads for measurements (results never depend on it).
    public var threads: Int = Execution.defaultThreads
    /// Reduced sizes for tests and previews (see `QuickMode`).
    public var quick: Bool = false
    /// The host reads any VARLAB_MAX_* overrides from its environment.
    public var limits: Limits = Limits()
    /// Where finished work is kept (`--store`, `store()`); nil computes everything.
    public var store: WorkStore?
    /// This process's share of every heavy call (`--shard I/N`).
    public var shard: Shard?

    /// The defaults: every core, session seed 1, full size, the default limits.
    public init() {}
}

/// Walks the syntax tree. One interpreter is one session: its global variables survive
/// errors and interrupts.
public final class Interpreter {
    /// Where output, files, the clock and stores come from.
    public let host: InterpreterHost
    /// Threads, seed, quick mode, limits, store and shard of this session.
    public var options: InterpreterOptions
    /// The session's variables, builtins included.
    public let globals: Scope
    let builtins: [String: Builtin]
    private var callDepth = 0
    private var notes: Set<String> = []

    /// An interpreter talking to `host`.
    public init(host: InterpreterHost, options: InterpreterOptions = InterpreterOptions()) {
        self.host = host
        self.options = options
        builtins = BuiltinLibrary.all()
        globals = Scope()
        resetGlobals()
    }

    /// Forgets every variable the user made; builtins, `pi` and `quick` stay.
    public func resetGlobals() {
        releaseValues()
        for (name, b) in builtins { globals.define(name, .function(Callable(.builtin(b)))) }
        globals.define("pi", .number(Double.pi))
        globals.define("quick", .bool(options.quick))
    }

    /// `net.train(d)`: a builtin called as a method (the habit of Python and Swift). varlab
    /// passes the value first, `train(net, d)`; said instead of "no field 'train'".
    private func methodHabit(_ calleeExpr: Expr, in scope: Scope) throws {
        guard case .member(let base, let name) = calleeExpr.kind, builtins[name] != nil else { return }
        if let value = try? evaluate(base, in: scope), (try? Members.get(value, name, at: calleeExpr.location)) != nil {
            return
        }
        var receiver = "value"
        if case .identifier(let variable) = base.kind { receiver = variable }
        throw VarlabError.runtime(
            "'\(name)' is a function, not a field: varlab passes the value first, as in \(name)(\(receiver), ...)",
            at: calleeExpr.location)
    }

    /// Drops every variable on a thread with a large stack: freeing a value nested 100,000
    /// levels deep (built by a loop) recurses once per level, which overflowed the main
    /// thread's stack when the program ended. Hosts call this before they exit.
    public func releaseValues() {
        let globals = globals
        Interpreter.onLargeStack { globals.removeAll() }
    }

    /// Tells the host something once per session (repeats are dropped).
    func noteOnce(_ message: String) {
        if notes.insert(message).inserted { host.warn(message) }
    }

    /// Every builtin's name, sorted.
    public var builtinNames: [String] { builtins.keys.sorted() }
    /// The builtin of that name, or nil.
    public func builtin(named name: String) -> Builtin? { builtins[name] }

    /// Parses and runs a program; returns its errors (syntax errors stop it from running).
    /// Runs on a thread with a large stack so deep (but legal) nesting never overflows.
    @discardableResult
    public func run(_ source: String) -> [VarlabError] {
        let program = Parser.parse(source)
        if !program.errors.isEmpty { return program.errors }
        var result: [VarlabError] = []
        Interpreter.onLargeStack {
            do {
                try self.executeTopLevel(program.statements)
            } catch let e as VarlabError {
                result = [e]
            } catch is Cancelled {
                result = [.interrupted]
            } catch {
                result = [.runtime("\(error)")]
            }
        }
        return result
    }

    static func onLargeStack(_ body: @escaping () -> Void) {
        let done = DispatchSemaphore(value: 0)
        // The caller waits until body has finished: body never runs beside its own thread.
        nonisolated(unsafe) let body = body
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        done.wait()
    }

    private func executeTopLevel(_ statements: [Stmt]) throws {
        callDepth = 0
        for statement in statements {
            if case .expression(let expr) = statement.kind {
                let value = try evaluate(expr, in: globals)
                if case .nil = value { continue }
                host.echo(value)
                // `_` is the last echoed value, as in Python's REPL.
                globals.assign("_", value)
            } else {
                switch try execute(statement, in: globals) {
                case .normal: break
                case .returned: throw VarlabError.runtime("'return' outside a function", at: statement.location)
                case .broke, .continued:
                    throw VarlabError.runtime("'break' or 'continue' outside a loop", at: statement.location)
                }
            }
        }
    }

    // MARK: statements

    enum Flow {
        case normal, broke, continued
        case returned(Value)
    }

    func executeBlock(_ statements: [Stmt], in scope: Scope) throws -> Flow {
        for statement in statements {
            let flow = try execute(statement, in: scope)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// A function's body: its value is what `return` gives or, without one, the value of its
    /// last statement when that is an expression, or an if/else whose branch taken ends in one
    /// (grammar.md, "Functions"): `fn (x) { x / (1 + abs(x)) }` gives a number.
    func executeBody(_ statements: [Stmt], in scope: Scope) throws -> Flow {
        guard let last = statements.last else { return .normal }
        let flow = try executeBlock(Array(statements.dropLast()), in: scope)
        guard case .normal = flow else { return flow }
        switch last.kind {
        case .expression(let expr):
            try checkInterrupted(at: last.location)
            return .returned(try evaluate(expr, in: scope))
        case .ifElse(let condition, let then, let otherwise):
            try checkInterrupted(at: last.location)
            if try evaluate(condition, in: scope).isTruthy { return try executeBody(then, in: scope) }
            return try otherwise.map { try executeBody($0, in: scope) } ?? .normal
        default:
            return try execute(last, in: scope)
        }
    }

    func execute(_ statement: Stmt, in scope: Scope) throws -> Flow {
        try checkInterrupted(at: statement.location)
        switch statement.kind {
        case .expression(let expr):
            _ = try evaluate(expr, in: scope)
        case .assign(let name, let expr):
            if builtins[name] != nil, scope.lookup(name).map(isBuiltinValue) == true {
                throw VarlabError.runtime(
                    "'\(name)' is a builtin; pick another name for your variable", at: statement.location)
            }
            scope.assign(name, try evaluate(expr, in: scope))
        case .assignIndex(let target, let indexExpr, let valueExpr):
            try assignIndex(target, indexExpr, valueExpr, in: scope, at: statement.location)
        case .assignMember(let target, let name, let valueExpr):
            guard case .identifier(let variable) = target.kind, case .record(var record)? = scope.lookup(variable)
            else {
                // A net, a landscape or a result is made by its builtin: its fields say how.
                if case .identifier(let variable) = target.kind, let held = scope.lookup(variable) {
                    let remake =
                        if case .net = held { "; make another with mlp(..., \(name): ...)" } else { "" }
                    throw VarlabError.runtime(
                        "'\(variable)' holds a \(held.typeName), whose fields are read-only (they say how it was "
                            + "made)\(remake); a record { ... } is one whose fields you can set",
                        at: statement.location)
                }
                throw VarlabError.runtime("can only set a field of a record held in a variable", at: statement.location)
            }
            record[name] = try evaluate(valueExpr, in: scope)
            scope.assign(variable, .record(record))
        case .ifElse(let condition, let then, let otherwise):
            if try evaluate(condition, in: scope).isTruthy {
                return try executeBlock(then, in: scope)
            } else if let otherwise {
                return try executeBlock(otherwise, in: scope)
            }
        case .forIn(let name, let sequenceExpr, let body):
            let sequence = try iterate(try evaluate(sequenceExpr, in: scope), at: sequenceExpr.location)
            for item in sequence {
                scope.assign(name, item)
                switch try executeBlock(body, in: scope) {
                case .broke: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continued: continue
                }
            }
        case .whileLoop(let condition, let body):
            while try evaluate(condition, in: scope).isTruthy {
                try checkInterrupted(at: statement.location)
                switch try executeBlock(body, in: scope) {
                case .broke: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continued: continue
                }
            }
        case .function(let decl):
            scope.assign(decl.name ?? "fn", .function(Callable(.user(decl, scope))))
        case .returnValue(let expr):
            return .returned(try expr.map { try evaluate($0, in: scope) } ?? .nil)
        case .breakLoop:
            return .broke
        case .continueLoop:
            return .continued
        }
        return .normal
    }

    private func isBuiltinValue(_ v: Value) -> Bool {
        if case .function(let f) = v, case .builtin = f.body { return true }
        return false
    }

    private func assignIndex(
        _ target: Expr, _ indexExpr: Expr, _ valueExpr: Expr, in scope: Scope, at location: SourceLocation
    ) throws {
        guard case .identifier(let variable) = target.kind, let container = scope.lookup(variable) else {
            throw VarlabError.runtime("can only set an element of a list or record held in a variable", at: location)
        }
        let index = try evaluate(indexExpr, in: scope)
        let value = try evaluate(valueExpr, in: scope)
        switch (container, index) {
        case (.list(var items), .number):
            let i = try listIndex(index, count: items.count, at: indexExpr.location)
            items[i] = value
            scope.assign(variable, .list(items))
        case (.record(var record), .string(let key)):
            record[key] = value
            scope.assign(variable, .record(record))
        default:
            throw VarlabError.runtime(
                "cannot set an element of a \(container.typeName) with a \(index.typeName) index", at: location)
        }
    }

    func iterate(_ value: Value, at location: SourceLocation) throws -> [Value] {
        switch value {
        case .list(let items): return items
        case .string(let s): return s.map { .string(String($0)) }
        case .record(let r): return r.names.map { .string($0) }
        default:
            throw VarlabError.runtime(
                "cannot loop over a \(value.typeName); use a list, a range like 1..10, a string or a record",
                at: location)
        }
    }

    func checkInterrupted(at location: SourceLocation) throws {
        if host.isInterrupted { throw VarlabError.interrupted }
    }

    // MARK: expressions

    func evaluate(_ expr: Expr, in scope: Scope) throws -> Value {
        switch expr.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .nilLiteral: return .nil
        case .identifier(let name):
            guard let v = scope.lookup(name) else {
                let known = scope.allNames + Keyword.allCases.map(\.rawValue)
                throw VarlabError.runtime(
                    "unknown name '\(name)'\(Suggestion.hint(for: name, in: known))", at: expr.location)
            }
            return v
        case .list(let items):
            return .list(try items.map { try evaluate($0, in: scope) })
        case .range(let lowExpr, let highExpr):
            return try range(try evaluate(lowExpr, in: scope), try evaluate(highExpr, in: scope), at: expr.location)
        case .record(let fields):
            var record = Record()
            for field in fields { record[field.name] = try evaluate(field.value, in: scope) }
            return .record(record)
        case .member(let baseExpr, let name):
            return try Members.get(try evaluate(baseExpr, in: scope), name, at: expr.location)
        case .index(let baseExpr, let indexExpr):
            return try index(try evaluate(baseExpr, in: scope), try evaluate(indexExpr, in: scope), at: expr.location)
        case .slice(let baseExpr, let lowExpr, let highExpr):
            return try slice(
                try evaluate(baseExpr, in: scope), try lowExpr.map { try evaluate($0, in: scope) },
                try highExpr.map { try evaluate($0, in: scope) }, at: expr.location)
        case .call(let calleeExpr, let args):
            return try call(calleeExpr, args, in: scope, at: expr.location)
        case .unary(_, let operand):
            return try Operators.negate(try evaluate(operand, in: scope), at: expr.location)
        case .not(let operand):
            return .bool(!(try evaluate(operand, in: scope).isTruthy))
        case .and(let lhs, let rhs):
            let l = try evaluate(lhs, in: scope)
            return l.isTruthy ? try evaluate(rhs, in: scope) : l
        case .or(let lhs, let rhs):
            let l = try evaluate(lhs, in: scope)
            return l.isTruthy ? l : try evaluate(rhs, in: scope)
        case .binary(let op, let lhs, let rhs):
            let l = try evaluate(lhs, in: scope), r = try evaluate(rhs, in: scope)
            return try Operators.binary(op, l, r, at: expr.location, limits: options.limits)
        case .function(let decl):
            return .function(Callable(.user(decl, scope)))
        }
    }

    private func range(_ low: Value, _ high: Value, at location: SourceLocation) throws -> Value {
        guard case .number(let a) = low, case .number(let b) = high else {
            throw VarlabError.runtime("a range needs numbers on both sides, as in 1..10", at: location)
        }
        guard a.isFinite, b.isFinite, a == a.rounded(), b == b.rounded() else {
            throw VarlabError.runtime("a range needs whole numbers, as in 1..10", at: location)
        }
        let count = b >= a ? b - a + 1 : 0
        guard count <= Double(options.limits.maximumListLength) else {
            throw VarlabError.runtime(
                "range \(formatNumber(a))..\(formatNumber(b)) has \(formatNumber(count)) items, more than the "
                    + "limit \(options.limits.maximumListLength) (VARLAB_MAX_LIST)",
                at: location)
        }
        return .list(count > 0 ? (0..<Int(count)).map { .number(a + Double($0)) } : [])
    }

    func listIndex(_ index: Value, count: Int, at location: SourceLocation) throws -> Int {
        guard case .number(let x) = index, x.isFinite, x == x.rounded() else {
            throw VarlabError.runtime("a list index must be a whole number, got \(describe(index))", at: location)
        }
        let i = x < 0 ? Double(count) + x : x
        guard i >= 0, i < Double(count) else {
            throw VarlabError.runtime(
                "index \(formatNumber(x)) is out of range for a list of \(count) item\(count == 1 ? "" : "s") "
                    + "(indexes start at 0; -1 is the last)",
                at: location)
        }
        return Int(i)
    }

    /// "1.5" for a number, "a string" for anything else: what an index error shows.
    private func describe(_ v: Value) -> String {
        if case .number = v { return ValueFormatter.inline(v) }
        return "a " + v.typeName
    }

    /// Python's rule: negative ends count from the back, ends past the size are clamped.
    private func slice(_ base: Value, _ low: Value?, _ high: Value?, at location: SourceLocation) throws -> Value {
        func bound(_ v: Value?, count: Int, fallback: Int) throws -> Int {
            guard let v else { return fallback }
            guard case .number(let x) = v, x.isFinite, x == x.rounded() else {
                throw VarlabError.runtime("a slice bound must be a whole number, got \(describe(v))", at: location)
            }
            let i = x < 0 ? Double(count) + x : x
            return Int(min(max(i, 0), Double(count)))
        }
        switch base {
        case .list(let items):
            let a = try bound(low, count: items.count, fallback: 0),
                b = try bound(high, count: items.count, fallback: items.count)
            return .list(a < b ? Array(items[a..<b]) : [])
        case .string(let s):
            let chars = Array(s)
            let a = try bound(low, count: chars.count, fallback: 0),
                b = try bound(high, count: chars.count, fallback: chars.count)
            return .string(a < b ? String(chars[a..<b]) : "")
        default:
            throw VarlabError.runtime(
                "cannot slice a \(base.typeName); slices take lists, tables and strings", at: location)
        }
    }

    private func index(_ base: Value, _ index: Value, at location: SourceLocation) throws -> Value {
        switch base {
        case .list(let items):
            return items[try listIndex(index, count: items.count, at: location)]
        case .string(let s):
            let chars = Array(s)
            return .string(String(chars[try listIndex(index, count: chars.count, at: location)]))
        case .record, .result, .net, .landscape, .dataset:
            guard case .string(let key) = index else {
                throw VarlabError.runtime(
                    "a \(base.typeName) is indexed by a field name string, as in r[\"depth\"]", at: location)
            }
            return try Members.get(base, key, at: location)
        default:
            throw VarlabError.runtime("cannot index a \(base.typeName)", at: location)
        }
    }

    // MARK: calls

    private func call(_ calleeExpr: Expr, _ args: [CallArgument], in scope: Scope, at location: SourceLocation) throws
        -> Value
    {
        try methodHabit(calleeExpr, in: scope)
        let callee = try evaluate(calleeExpr, in: scope)
        var positional: [(Value, SourceLocation)] = []
        let notCallable = VarlabError.runtime(
            "a \(callee.typeName) is not a function and cannot be called", at: calleeExpr.location)
        let function: Callable
        switch callee {
        case .function(let f): function = f
        case .net:
            // A concrete net is a function of the point: net(x, y) is output(net, x, y).
            guard let output = builtins["output"] else { throw notCallable }
            function = Callable(.builtin(output))
            positional.append((callee, calleeExpr.location))
        default:
            throw notCallable
        }
        var keywords: [(String, Value, SourceLocation)] = []
        let builtin: Builtin? = if case .builtin(let b) = function.body { b } else { nil }
        for arg in args {
            let parameter = builtin.flatMap { b in
                arg.label.map { label in b.parameters.first { $0.name == label } }
                    ?? b.parameters[safe: positional.count]
            }
            let v = try evaluateArgument(arg.value, for: parameter, in: scope)
            if let label = arg.label {
                keywords.append((label, v, arg.location))
            } else {
                positional.append((v, arg.location))
            }
        }
        return try call(function, positional: positional, keywords: keywords, at: location)
    }

    /// An argument's value. A choice parameter takes bare names (`init: xavier`, also in a
    /// list); a column parameter says that its names need quotes.
    private func evaluateArgument(_ expr: Expr, for parameter: Builtin.Parameter?, in scope: Scope) throws -> Value {
        if parameter?.takesBareName == true, case .identifier(let name) = expr.kind, scope.lookup(name) == nil {
            return .string(name)
        }
        guard let parameter, parameter.choice != nil || parameter.isColumn else { return try evaluate(expr, in: scope) }
        // A name among the choices is the choice even where it also names something else
        // (`split: train`); another bare name is a choice only when nothing else has it.
        func bare(_ e: Expr) -> String? {
            guard case .identifier(let name) = e.kind else { return nil }
            if parameter.choice?.options.contains(name) == true, parameter.choice?.acceptsActivations != true {
                return name
            }
            return scope.lookup(name) == nil ? name : nil
        }
        if let name = bare(expr) {
            if parameter.choice != nil { return .string(name) }
            throw VarlabError.runtime(
                "\(parameter.name) takes a column name in quotes: \(parameter.name): \"\(name)\"", at: expr.location)
        }
        if parameter.choice != nil, case .list(let items) = expr.kind {
            return .list(try items.map { item in try bare(item).map { .string($0) } ?? evaluate(item, in: scope) })
        }
        return try evaluate(expr, in: scope)
    }

    /// Calls a function value with evaluated arguments (also used by map, filter, sort ...).
    public func call(
        _ function: Callable, positional: [(Value, SourceLocation)], keywords: [(String, Value, SourceLocation)] = [],
        at location: SourceLocation
    ) throws -> Value {
        try checkInterrupted(at: location)
        switch function.body {
        case .builtin(let builtin):
            let context = try bind(builtin, positional: positional, keywords: keywords, at: location)
            do {
                return try builtin.run(context)
            } catch is Cancelled {
                throw VarlabError.interrupted
            }
        case .user(let decl, let closure):
            return try callUser(decl, closure: closure, positional: positional, keywords: keywords, at: location)
        }
    }

    private func bind(
        _ builtin: Builtin, positional: [(Value, SourceLocation)], keywords: [(String, Value, SourceLocation)],
        at location: SourceLocation
    ) throws -> CallContext {
        var values: [String: Value] = [:], locations: [String: SourceLocation] = [:]
        var rest: [Value] = []
        for (i, (v, loc)) in positional.enumerated() {
            if i < builtin.parameters.count {
                values[builtin.parameters[i].name] = v
                locations[builtin.parameters[i].name] = loc
            } else if builtin.variadic {
                rest.append(v)
            } else {
                throw VarlabError.runtime(
                    "\(builtin.name) takes at most \(builtin.parameters.count) positional "
                        + "argument\(builtin.parameters.count == 1 ? "" : "s"), got \(positional.count): "
                        + "\(builtin.signature)",
                    at: loc)
            }
        }
        let names = builtin.parameters.map(\.name)
        for (name, v, loc) in keywords {
            guard names.contains(name) else {
                let hint = Suggestion.hint(for: name, in: names)
                let known = hint.isEmpty ? " (it takes \(names.isEmpty ? "none" : names.joined(separator: ", ")))" : ""
                throw VarlabError.runtime("unknown argument '\(name)' for \(builtin.name)\(hint)\(known)", at: loc)
            }
            if values[name] != nil {
                throw VarlabError.runtime("\(builtin.name): argument '\(name)' is given twice", at: loc)
            }
            values[name] = v
            locations[name] = loc
        }
        for p in builtin.parameters where p.isRequired && values[p.name] == nil {
            throw VarlabError.runtime(
                "\(builtin.name): missing argument '\(p.name)': \(builtin.signature)", at: location)
        }
        return CallContext(
            interpreter: self, builtin: builtin, location: location, values: values, locations: locations, rest: rest)
    }

    private func callUser(
        _ decl: FunctionDecl, closure: Scope, positional: [(Value, SourceLocation)],
        keywords: [(String, Value, SourceLocation)], at location: SourceLocation
    ) throws -> Value {
        let name = decl.name ?? "fn"
        guard callDepth < options.limits.maximumCallDepth else {
            throw VarlabError.runtime(
                "calls nested deeper than \(options.limits.maximumCallDepth) (runaway recursion in '\(name)'?); "
                    + "VARLAB_MAX_DEPTH raises the limit",
                at: location)
        }
        guard positional.count <= decl.parameters.count else {
            throw VarlabError.runtime(
                "\(name) takes \(decl.parameters.count) argument\(decl.parameters.count == 1 ? "" : "s"), got "
                    + "\(positional.count)",
                at: location)
        }
        let frame = Scope(parent: closure)
        for (i, (v, _)) in positional.enumerated() { frame.define(decl.parameters[i].name, v) }
        let names = decl.parameters.map(\.name)
        for (label, v, loc) in keywords {
            guard names.contains(label) else {
                throw VarlabError.runtime(
                    "unknown argument '\(label)' for \(name)\(Suggestion.hint(for: label, in: names))", at: loc)
            }
            if positional.count > names.firstIndex(of: label) ?? 0 {
                throw VarlabError.runtime("\(name): argument '\(label)' is given twice", at: loc)
            }
            frame.define(label, v)
        }
        callDepth += 1
        defer { callDepth -= 1 }
        do {
            for p in decl.parameters where frame.lookupLocal(p.name) == nil {
                guard let d = p.defaultValue else {
                    throw VarlabError.runtime("\(name): missing argument '\(p.name)'", at: location)
                }
                frame.define(p.name, try evaluate(d, in: frame))
            }
            if case .returned(let v) = try executeBody(decl.body, in: frame) { return v }
            return .nil
        } catch var e as VarlabError where e.kind == .runtime {
            if e.callChain.count < 20 { e.callChain.append("in \(name) called at \(location)") }
            throw e
        }
    }
}

extension Scope {
    var allNames: [String] {
        var names: [String] = []
        var scope: Scope? = self
        while let s = scope {
            names += s.names
            scope = s.parent
        }
        return names
    }

    func lookupLocal(_ name: String) -> Value? {
        names.contains(name) ? lookup(name) : nil
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension Interpreter {
    /// The field names a value offers (declared ones included), for completion.
    public func fieldNames(of value: Value) -> [String] { Members.names(of: value) }

    /// `value.name`, for completion of nested fields.
    public func field(of value: Value, _ name: String) throws -> Value {
        try Members.get(value, name, at: SourceLocation(line: 0, column: 0))
    }
}
