import Foundation

/// Arithmetic and comparison. Numbers combine with numbers, and with lists of numbers
/// element by element (so `t.v3 * 100` works); `+` also joins strings and lists.
enum Operators {
    static func negate(_ v: Value, at location: SourceLocation) throws -> Value {
        switch v {
        case .number(let x): return .number(-x)
        case .list(let items): return .list(try items.map { try negate($0, at: location) })
        default: throw VarlabError.runtime("cannot negate a \(v.typeName)", at: location)
        }
    }

    static func binary(_ op: Symbol, _ l: Value, _ r: Value, at location: SourceLocation, limits: Limits) throws
        -> Value
    {
        switch op {
        case .equal: return .bool(try equal(l, r, at: location))
        case .notEqual: return .bool(!(try equal(l, r, at: location)))
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(op, l, r, at: location))
        default: break
        }
        switch (l, r) {
        case (.number(let a), .number(let b)):
            return .number(try arithmetic(op, a, b, at: location))
        case (.string(let a), .string(let b)) where op == .plus:
            guard a.utf8.count + b.utf8.count <= limits.maximumStringLength else {
                throw VarlabError.runtime(
                    "string longer than the limit \(limits.maximumStringLength) (VARLAB_MAX_STRING)", at: location)
            }
            return .string(a + b)
        case (.string(let a), _) where op == .plus:
            return .string(a + ValueFormatter.inline(r))
        case (.list(let a), .list(let b)) where op == .plus:
            guard a.count + b.count <= limits.maximumListLength else {
                throw VarlabError.runtime(
                    "list longer than the limit \(limits.maximumListLength) (VARLAB_MAX_LIST)", at: location)
            }
            return .list(a + b)
        case (.list(let a), .number):
            return .list(try a.map { try binary(op, $0, r, at: location, limits: limits) })
        case (.number, .list(let b)):
            return .list(try b.map { try binary(op, l, $0, at: location, limits: limits) })
        case (.list(let a), .list(let b)) where a.count == b.count:
            return .list(try zip(a, b).map { try binary(op, $0, $1, at: location, limits: limits) })
        case (.list(let a), .list(let b)):
            throw VarlabError.runtime(
                "'\(op.rawValue)' on lists of different lengths (\(a.count) and \(b.count))", at: location)
        default:
            throw VarlabError.runtime(
                "cannot apply '\(op.rawValue)' to a \(l.typeName) and a \(r.typeName)", at: location)
        }
    }

    static func arithmetic(_ op: Symbol, _ a: Double, _ b: Double, at location: SourceLocation) throws -> Double {
        let result: Double
        switch op {
        case .plus: result = a + b
        case .minus: result = a - b
        case .star: result = a * b
        case .slash:
            guard b != 0 else { throw VarlabError.runtime("division by zero", at: location) }
            result = a / b
        case .percent:
            guard b != 0 else { throw VarlabError.runtime("remainder by zero", at: location) }
            result = a - b * (a / b).rounded(.down)  // sign of the divisor, as in Python
        case .caret:
            result = pow(a, b)
            if result.isNaN {
                throw VarlabError.runtime(
                    "\(ValueFormatter.number(a)) ^ \(ValueFormatter.number(b)) is not a real number", at: location)
            }
        default:
            throw VarlabError.runtime("'\(op.rawValue)' is not an arithmetic operator", at: location)
        }
        guard result.isFinite else {
            throw VarlabError.runtime("arithmetic overflow: the result of '\(op.rawValue)' is too large", at: location)
        }
        return result
    }

    static func compare(_ op: Symbol, _ l: Value, _ r: Value, at location: SourceLocation) throws -> Bool {
        let order: Int
        switch (l, r) {
        case (.number(let a), .number(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .string(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
        default:
            throw VarlabError.runtime(
                "cannot compare a \(l.typeName) with a \(r.typeName) using '\(op.rawValue)'", at: location)
        }
        switch op {
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// Deep equality; values nested deeper than `maximumNesting` are refused, not recursed.
    static let maximumNesting = 1000

    static func equal(_ l: Value, _ r: Value, at location: SourceLocation, depth: Int = 0) throws -> Bool {
        guard depth < maximumNesting else {
            throw VarlabError.runtime("cannot compare values nested deeper than \(maximumNesting) levels", at: location)
        }
        func eq(_ a: Value, _ b: Value) throws -> Bool { try equal(a, b, at: location, depth: depth + 1) }
        switch (l, r) {
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.nil, .nil): return true
        case (.list(let a), .list(let b)): return try a.count == b.count && zip(a, b).allSatisfy { try eq($0, $1) }
        case (.record(let a), .record(let b)):
            let x = a.fields, y = b.fields
            return try a.names == b.names && x.indices.allSatisfy { try eq(x[$0].1, y[$0].1) }
        case (.function(let a), .function(let b)):
            return a === b || (a.activation != nil && a.activation == b.activation)
        case (.net(let a), .net(let b)): return a === b || a.net == b.net
        default: return false
        }
    }
}
