import CKernels
import Foundation

/// A custom activation's expression compiled once into steps over whole tiles: each step is a
/// loop over a chunk of values, so the cost per value is arithmetic, not dispatch (no
/// interpreter and no closure per element). Equal subexpressions share one step.
struct ActivationProgram: Sendable {
    enum Step: Sendable {
        case input
        case constant(Double)
        case function(ElementaryFunction, Int)
        case activation(Activation, Int)
        case arithmetic(ArithmeticOperator, Int, Int)
        // Conditions leave 1 or 0 in their register.
        case compare(Comparison, Int, Int)
        case and(Int, Int)
        case or(Int, Int)
        case not(Int)
        case select(Int, Int, Int)
    }

    /// Register i holds step i's values; the last step is phi.
    let steps: [Step]
    /// Values per pass: the registers of a chunk stay in the first-level cache.
    static let chunk = 256

    init(_ expression: ActivationExpression) {
        var builder = Builder()
        _ = builder.add(expression)
        steps = builder.steps
    }

    private struct Builder {
        var steps: [Step] = []
        var seen: [ActivationExpression: Int] = [:]
        var seenConditions: [ActivationCondition: Int] = [:]

        mutating func add(_ e: ActivationExpression) -> Int {
            if let i = seen[e] { return i }
            let step: Step
            switch e {
            case .input: step = .input
            case .constant(let c): step = .constant(c)
            case .function(let f, let a): step = .function(f, add(a))
            case .activation(let act, let a): step = .activation(act, add(a))
            case .arithmetic(let op, let a, let b): step = .arithmetic(op, add(a), add(b))
            case .select(let c, let a, let b): step = .select(add(c), add(a), add(b))
            }
            steps.append(step)
            seen[e] = steps.count - 1
            return steps.count - 1
        }

        mutating func add(_ c: ActivationCondition) -> Int {
            if let i = seenConditions[c] { return i }
            let step: Step
            switch c {
            case .compare(let op, let a, let b): step = .compare(op, add(a), add(b))
            case .and(let a, let b): step = .and(add(a), add(b))
            case .or(let a, let b): step = .or(add(a), add(b))
            case .not(let a): step = .not(add(a))
            }
            steps.append(step)
            seenConditions[c] = steps.count - 1
            return steps.count - 1
        }
    }

    /// phi over `count` values in place. `exact`: built-in activations inside apply their
    /// float64 definitions one value at a time, as training applies the built-ins themselves;
    /// otherwise their tile kernels, as landscapes do (so `tanh(x)` is tanh to the bit).
    func apply<F: ProgramFloat>(_ z: UnsafeMutablePointer<F>, count: Int, exact: Bool = false) {
        let n = steps.count, size = Self.chunk
        let registers = UnsafeMutablePointer<F>.allocate(capacity: n * size)
        defer { registers.deallocate() }
        var start = 0
        while start < count {
            let m = min(size, count - start)
            let x = z + start
            for (i, step) in steps.enumerated() {
                run(step, into: registers + i * size, registers, x, m, exact)
            }
            x.update(from: registers + (n - 1) * size, count: m)
            start += m
        }
    }

    private func run<F: ProgramFloat>(
        _ step: Step, into r: UnsafeMutablePointer<F>, _ regs: UnsafeMutablePointer<F>, _ x: UnsafeMutablePointer<F>,
        _ m: Int, _ exact: Bool
    ) {
        let size = Self.chunk
        switch step {
        case .input: r.update(from: x, count: m)
        case .constant(let c): r.update(repeating: F(c), count: m)
        case .function(let f, let a):
            let a = regs + a * size
            for j in 0..<m { r[j] = f.apply(a[j]) }
        case .activation(let act, let a):
            r.update(from: regs + a * size, count: m)
            F.activate(r, count: m, act, exact: exact)
        case .arithmetic(let op, let a, let b):
            let a = regs + a * size, b = regs + b * size
            switch op {
            // The common ones as plain loops the compiler vectorises.
            case .add: for j in 0..<m { r[j] = a[j] + b[j] }
            case .subtract: for j in 0..<m { r[j] = a[j] - b[j] }
            case .multiply: for j in 0..<m { r[j] = a[j] * b[j] }
            case .divide: for j in 0..<m { r[j] = a[j] / b[j] }
            default: for j in 0..<m { r[j] = op.apply(a[j], b[j]) }
            }
        case .compare(let op, let a, let b):
            let a = regs + a * size, b = regs + b * size
            for j in 0..<m { r[j] = op.holds(a[j], b[j]) ? 1 : 0 }
        case .and(let a, let b):
            let a = regs + a * size, b = regs + b * size
            for j in 0..<m { r[j] = a[j] != 0 && b[j] != 0 ? 1 : 0 }
        case .or(let a, let b):
            let a = regs + a * size, b = regs + b * size
            for j in 0..<m { r[j] = a[j] != 0 || b[j] != 0 ? 1 : 0 }
        case .not(let a):
            let a = regs + a * size
            for j in 0..<m { r[j] = a[j] != 0 ? 0 : 1 }
        case .select(let c, let a, let b):
            let c = regs + c * size, a = regs + a * size, b = regs + b * size
            for j in 0..<m { r[j] = c[j] != 0 ? a[j] : b[j] }
        }
    }

    /// phi'(z) over `count` values into `d`, by forward-mode differentiation a chunk at a time
    /// (each register carries its values and their derivatives with respect to x), in float64
    /// with the built-ins' own definitions, as training differentiates the built-ins.
    func derivative(_ z: UnsafePointer<Double>, into d: UnsafeMutablePointer<Double>, count: Int) {
        let n = steps.count, size = Self.chunk
        let values = UnsafeMutablePointer<Double>.allocate(capacity: n * size)
        let slopes = UnsafeMutablePointer<Double>.allocate(capacity: n * size)
        defer {
            values.deallocate()
            slopes.deallocate()
        }
        var start = 0
        while start < count {
            let m = min(size, count - start)
            for (i, step) in steps.enumerated() {
                let v = values + i * size, s = slopes + i * size
                switch step {
                case .input:
                    v.update(from: z + start, count: m)
                    s.update(repeating: 1, count: m)
                case .constant, .compare, .and, .or, .not:
                    run(step, into: v, values, UnsafeMutablePointer(mutating: z + start), m, true)
                    s.update(repeating: 0, count: m)
                case .function(let f, let a):
                    for j in 0..<m { (v[j], s[j]) = f.dual(values[a * size + j], slopes[a * size + j]) }
                case .activation(let act, let a):
                    let u = values + a * size, du = slopes + a * size
                    v.update(from: u, count: m)
                    Double.activate(v, count: m, act, exact: true)
                    Self.chain(act, u, du, into: s, m)
                case .arithmetic(let op, let a, let b):
                    for j in 0..<m {
                        (v[j], s[j]) = op.dual(
                            values[a * size + j], slopes[a * size + j], values[b * size + j], slopes[b * size + j])
                    }
                case .select(let c, let a, let b):
                    for j in 0..<m {
                        let pick = values[c * size + j] != 0 ? a : b
                        v[j] = values[pick * size + j]
                        s[j] = slopes[pick * size + j]
                    }
                }
            }
            (d + start).update(from: slopes + (n - 1) * size, count: m)
            start += m
        }
    }
}

extension ActivationProgram {
    /// s = phi'(u) du, the piecewise-linear built-ins inline (subgradient 0 at the kink, as
    /// their definitions), the others through their definitions.
    static func chain(
        _ act: Activation, _ u: UnsafePointer<Double>, _ du: UnsafePointer<Double>,
        into s: UnsafeMutablePointer<Double>,
        _ m: Int
    ) {
        switch act {
        case .linear: s.update(from: du, count: m)
        case .relu: for j in 0..<m { s[j] = u[j] > 0 ? du[j] : 0 }
        case .abs: for j in 0..<m { s[j] = u[j] > 0 ? du[j] : (u[j] < 0 ? -du[j] : 0) }
        case .leaky(let a): for j in 0..<m { s[j] = u[j] > 0 ? du[j] : (u[j] < 0 ? a * du[j] : 0) }
        default:
            let dphi = act.definition.derivative, slope = act.slope
            for j in 0..<m { s[j] = du[j] == 0 ? 0 : dphi(u[j], slope) * du[j] }
        }
    }
}

/// The float types a program runs in: their elementary functions and how a built-in
/// activation is applied to a chunk of them.
protocol ProgramFloat: BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log10(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func activate(_ z: UnsafeMutablePointer<Self>, count: Int, _ act: Activation, exact: Bool)
}

extension Float: ProgramFloat {
    static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    static func log(_ x: Float) -> Float { Foundation.log(x) }
    static func log10(_ x: Float) -> Float { Foundation.log10(x) }
    static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }

    static func activate(_ z: UnsafeMutablePointer<Float>, count: Int, _ act: Activation, exact: Bool) {
        // The piecewise-linear kernels are exact, so even the exact path may take them.
        if let code = act.definition.tileCode, !exact || act.definition.isPiecewiseLinear {
            vl_activate(z, Int32(count), code, Float(act.slope))
        } else {
            // Activation.apply(Float)'s smooth case with the definition taken once.
            let phi = act.definition.apply
            for j in 0..<count { z[j] = Float(phi(Double(z[j]), 0)) }
        }
    }
}

extension Double: ProgramFloat {
    static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    static func log(_ x: Double) -> Double { Foundation.log(x) }
    static func log10(_ x: Double) -> Double { Foundation.log10(x) }
    static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }

    static func activate(_ z: UnsafeMutablePointer<Double>, count: Int, _ act: Activation, exact: Bool) {
        if let code = act.definition.tileCode, !exact || act.definition.isPiecewiseLinear {
            vl_activate_f64(z, Int32(count), code, act.slope)
        } else {
            let phi = act.definition.apply, slope = act.slope
            for j in 0..<count { z[j] = phi(z[j], slope) }
        }
    }
}
