/// The body of a custom activation as data: a function of one number x built from constants,
/// arithmetic, elementary functions, the built-in activations and if/else (docs/measures.md,
/// "Custom activations"). The language compiles `fn (x) { ... }` into one; Swift code can
/// build one directly. As data it can be evaluated a tile at a time (ActivationProgram),
/// differentiated, written to a net file and hashed into store keys.
public indirect enum ActivationExpression: Hashable, Sendable {
    case input
    case constant(Double)
    case function(ElementaryFunction, ActivationExpression)
    /// A built-in activation applied to a subexpression (`tanh(x)`, `abs(x - 1)`).
    case activation(Activation, ActivationExpression)
    case arithmetic(ArithmeticOperator, ActivationExpression, ActivationExpression)
    /// `condition ? then : else`, elementwise.
    case select(ActivationCondition, ActivationExpression, ActivationExpression)

    /// Larger expressions are refused when compiled: each node is a pass over a tile.
    public static let maximumNodes = 2000
    /// Deeper ones too: a net file nests one JSON array per level (JSON.maximumDepth).
    public static let maximumDepth = 100

    /// How many operations the expression has (refused above `maximumNodes`).
    public var nodeCount: Int {
        switch self {
        case .input, .constant: 1
        case .function(_, let a), .activation(_, let a): 1 + a.nodeCount
        case .arithmetic(_, let a, let b): 1 + a.nodeCount + b.nodeCount
        case .select(let c, let a, let b): 1 + c.nodeCount + a.nodeCount + b.nodeCount
        }
    }

    /// How deeply the expression nests (refused above `maximumDepth`).
    public var depth: Int {
        switch self {
        case .input, .constant: 1
        case .function(_, let a), .activation(_, let a): 1 + a.depth
        case .arithmetic(_, let a, let b): 1 + max(a.depth, b.depth)
        case .select(let c, let a, let b): 1 + max(c.depth, a.depth, b.depth)
        }
    }
}

/// Functions of one number besides the activations (which are functions too).
public enum ElementaryFunction: String, CaseIterable, Sendable {
    case negate = "-"
    case exp, log, log10, sqrt, cos, floor, ceil
}

/// Operators of two numbers: the language's arithmetic and its min and max.
public enum ArithmeticOperator: String, CaseIterable, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case power = "^"
    case minimum = "min"
    case maximum = "max"
}

/// The comparisons an if/else condition can make.
public enum Comparison: String, CaseIterable, Sendable {
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case equal = "=="
    case notEqual = "!="

    func holds<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> Bool {
        switch self {
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        case .greaterEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}

/// The condition of an if/else in an activation's body.
public indirect enum ActivationCondition: Hashable, Sendable {
    case compare(Comparison, ActivationExpression, ActivationExpression)
    case and(ActivationCondition, ActivationCondition)
    case or(ActivationCondition, ActivationCondition)
    case not(ActivationCondition)

    var nodeCount: Int {
        switch self {
        case .compare(_, let a, let b): 1 + a.nodeCount + b.nodeCount
        case .and(let a, let b), .or(let a, let b): 1 + a.nodeCount + b.nodeCount
        case .not(let a): 1 + a.nodeCount
        }
    }

    var depth: Int {
        switch self {
        case .compare(_, let a, let b): 1 + max(a.depth, b.depth)
        case .and(let a, let b), .or(let a, let b): 1 + max(a.depth, b.depth)
        case .not(let a): 1 + a.depth
        }
    }
}

// MARK: one value at a time

extension ActivationExpression {
    /// phi(x) by walking the tree: the scalar form (quadrature, the float64 reference). The
    /// built-in activations apply their own definitions, so `tanh(x)` is tanh to the bit.
    public func value(at x: Double) -> Double {
        switch self {
        case .input: return x
        case .constant(let c): return c
        case .function(let f, let a): return f.apply(a.value(at: x))
        case .activation(let act, let a): return act.apply(a.value(at: x))
        case .arithmetic(let op, let a, let b): return op.apply(a.value(at: x), b.value(at: x))
        case .select(let c, let a, let b): return c.holds(at: x) ? a.value(at: x) : b.value(at: x)
        }
    }

    /// (phi(x), phi'(x)) by forward-mode differentiation: each node carries its value and its
    /// derivative with respect to x (docs/measures.md, "Custom activations").
    public func dual(at x: Double) -> (value: Double, derivative: Double) {
        switch self {
        case .input: return (x, 1)
        case .constant(let c): return (c, 0)
        case .function(let f, let a):
            let (v, d) = a.dual(at: x)
            return f.dual(v, d)
        case .activation(let act, let a):
            let (v, d) = a.dual(at: x)
            return (act.apply(v), d == 0 ? 0 : act.derivative(v) * d)
        case .arithmetic(let op, let a, let b):
            let (u, du) = a.dual(at: x), (v, dv) = b.dual(at: x)
            return op.dual(u, du, v, dv)
        case .select(let c, let a, let b):
            return c.holds(at: x) ? a.dual(at: x) : b.dual(at: x)
        }
    }
}

extension ActivationCondition {
    func holds(at x: Double) -> Bool {
        switch self {
        case .compare(let op, let a, let b): op.holds(a.value(at: x), b.value(at: x))
        case .and(let a, let b): a.holds(at: x) && b.holds(at: x)
        case .or(let a, let b): a.holds(at: x) || b.holds(at: x)
        case .not(let a): !a.holds(at: x)
        }
    }
}

extension ElementaryFunction {
    func apply<F: ProgramFloat>(_ a: F) -> F {
        switch self {
        case .negate: -a
        case .exp: F.exp(a)
        case .log: F.log(a)
        case .log10: F.log10(a)
        case .sqrt: a.squareRoot()
        case .cos: F.cos(a)
        case .floor: a.rounded(.down)
        case .ceil: a.rounded(.up)
        }
    }

    /// The value and derivative at (a, da). A zero da contributes nothing, so a derivative
    /// that is infinite where the input does not move (sqrt at 0) gives 0, not NaN.
    func dual<F: ProgramFloat>(_ a: F, _ da: F) -> (F, F) {
        let v = apply(a)
        guard da != 0 else { return (v, 0) }
        switch self {
        case .negate: return (v, -da)
        case .exp: return (v, v * da)
        case .log: return (v, da / a)
        case .log10: return (v, da / (a * F(2.302585092994045684)))
        case .sqrt: return (v, da / (2 * v))
        case .cos: return (v, -F.sin(a) * da)
        case .floor, .ceil: return (v, 0)
        }
    }
}

extension ArithmeticOperator {
    func apply<F: ProgramFloat>(_ a: F, _ b: F) -> F {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .remainder: a - b * (a / b).rounded(.down)  // the sign of the divisor, as the language
        case .power: F.pow(a, b)
        case .minimum: b < a ? b : a
        case .maximum: b > a ? b : a
        }
    }

    func dual<F: ProgramFloat>(_ a: F, _ da: F, _ b: F, _ db: F) -> (F, F) {
        let v = apply(a, b)
        switch self {
        case .add: return (v, da + db)
        case .subtract: return (v, da - db)
        case .multiply: return (v, da * b + a * db)
        case .divide: return (v, (da - v * db) / b)
        case .remainder: return (v, da - (db == 0 ? 0 : db * (a / b).rounded(.down)))
        case .power:
            // Each part only where its input moves: x^2 at x < 0 needs no log of x.
            let viaBase = da == 0 ? 0 : b * F.pow(a, b - 1) * da
            let viaExponent = db == 0 ? 0 : v * F.log(a) * db
            return (v, viaBase + viaExponent)
        case .minimum: return (v, b < a ? db : da)
        case .maximum: return (v, b > a ? db : da)
        }
    }
}

// MARK: as JSON (net files) and as a key (the store)

extension ActivationExpression {
    /// Nested arrays: `["/", "x", ["+", 1, ["abs", "x"]]]`. Compact and stable: the text of
    /// this JSON is what a custom activation's hash is taken of.
    public var json: JSON {
        switch self {
        case .input: .string("x")
        case .constant(let c): .number(c)
        case .function(let f, let a): .array([.string(f.rawValue), a.json])
        case .activation(let act, let a):
            if case .leaky(let s) = act {
                .array([.string("leaky"), .number(s), a.json])
            } else {
                .array([.string(act.name), a.json])
            }
        case .arithmetic(let op, let a, let b): .array([.string(op.rawValue), a.json, b.json])
        case .select(let c, let a, let b): .array([.string("if"), c.json, a.json, b.json])
        }
    }

    /// Why a JSON form could not be read as an expression.
    public struct FormatError: Error, CustomStringConvertible {
        /// What was expected, and what was found.
        public let description: String
    }

    /// Reads what `json` writes; anything else is refused with what was found.
    public init(json: JSON) throws {
        switch json {
        case .string("x"): self = .input
        case .number(let c): self = .constant(c)
        case .array(let items):
            guard case .string(let head)? = items.first else { throw FormatError(description: "an operation name") }
            let args = Array(items.dropFirst())
            if head == "if", args.count == 3 {
                self = .select(
                    try ActivationCondition(json: args[0]), try .init(json: args[1]), try .init(json: args[2]))
            } else if head == "leaky", args.count == 2, let s = args[0].number {
                self = .activation(.leaky(slope: s), try .init(json: args[1]))
            } else if args.count == 1, let f = ElementaryFunction(rawValue: head) {
                self = .function(f, try .init(json: args[0]))
            } else if args.count == 1, let act = Activation(name: head) {
                self = .activation(act, try .init(json: args[0]))
            } else if args.count == 2, let op = ArithmeticOperator(rawValue: head) {
                self = .arithmetic(op, try .init(json: args[0]), try .init(json: args[1]))
            } else {
                throw FormatError(description: "unknown operation '\(head)' with \(args.count) operands")
            }
        default: throw FormatError(description: "an expression, got \(json.text.prefix(40))")
        }
    }
}

extension ActivationCondition {
    var json: JSON {
        switch self {
        case .compare(let op, let a, let b): .array([.string(op.rawValue), a.json, b.json])
        case .and(let a, let b): .array([.string("and"), a.json, b.json])
        case .or(let a, let b): .array([.string("or"), a.json, b.json])
        case .not(let a): .array([.string("not"), a.json])
        }
    }

    init(json: JSON) throws {
        guard case .array(let items) = json, case .string(let head)? = items.first else {
            throw ActivationExpression.FormatError(description: "a condition, got \(json.text.prefix(40))")
        }
        let args = Array(items.dropFirst())
        switch (head, args.count) {
        case ("and", 2): self = .and(try .init(json: args[0]), try .init(json: args[1]))
        case ("or", 2): self = .or(try .init(json: args[0]), try .init(json: args[1]))
        case ("not", 1): self = .not(try .init(json: args[0]))
        default:
            guard args.count == 2, let op = Comparison(rawValue: head) else {
                throw ActivationExpression.FormatError(description: "unknown condition '\(head)'")
            }
            self = .compare(op, try ActivationExpression(json: args[0]), try ActivationExpression(json: args[1]))
        }
    }
}

// MARK: as a formula people read

extension ActivationExpression {
    /// Infix, in the language's own notation: `x / (1 + abs(x))`, `if x > 0 { x } else { exp(x) - 1 }`.
    /// What provenance lines and help show of a custom activation: the function as compiled,
    /// with the values of the variables it read filled in.
    public var formula: String { text(precedence: 0) }

    /// Binding strength of the outermost operation: + - 1, * / % 2, unary - 3, ^ 4, atoms 5.
    private var precedence: Int {
        switch self {
        case .input, .constant(_), .activation, .function(_, _): 5
        case .arithmetic(let op, _, _):
            switch op {
            case .add, .subtract: 1
            case .multiply, .divide, .remainder: 2
            case .power: 4
            case .minimum, .maximum: 5
            }
        case .select: 0
        }
    }

    private func text(precedence outer: Int) -> String {
        let own: String
        switch self {
        case .input: own = "x"
        case .constant(let c): own = c < 0 ? "(\(JSON.format(c)))" : JSON.format(c)
        case .function(.negate, let a): own = "-" + a.text(precedence: 4)
        case .function(let f, let a): own = "\(f.rawValue)(\(a.formula))"
        case .activation(let act, let a):
            if case .leaky(let s) = act, s != Activation.defaultLeakySlope {
                own = "leaky(\(a.formula); slope \(JSON.format(s)))"
            } else {
                own = "\(act.name)(\(a.formula))"
            }
        case .arithmetic(let op, let a, let b):
            switch op {
            case .minimum, .maximum: own = "\(op.rawValue)(\(a.formula), \(b.formula))"
            case .power: own = "\(a.text(precedence: 5)) ^ \(b.text(precedence: 4))"
            default:
                let p = precedence
                own = "\(a.text(precedence: p)) \(op.rawValue) \(b.text(precedence: p + 1))"
            }
        case .select(let c, let a, let b): own = "if \(c.formula) { \(a.formula) } else { \(b.formula) }"
        }
        return precedence < outer ? "(\(own))" : own
    }
}

extension ActivationCondition {
    /// The condition in the language's notation: `x > 0`, `(x < 1 and x > -1)`.
    public var formula: String {
        switch self {
        case .compare(let op, let a, let b): "\(a.formula) \(op.rawValue) \(b.formula)"
        case .and(let a, let b): "(\(a.formula) and \(b.formula))"
        case .or(let a, let b): "(\(a.formula) or \(b.formula))"
        case .not(let a): "not (\(a.formula))"
        }
    }
}
