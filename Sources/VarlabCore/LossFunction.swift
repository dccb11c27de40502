import Foundation

/// What training minimises: logistic loss on the scalar output (default) or MSE on +-1.
public enum LossKind: String, CaseIterable, Sendable { case logistic, mse }

/// The loss of one output and its derivative with respect to the output.
public enum LossFunction {
    /// The loss of output f for label y.
    public static func value(_ f: Double, _ y: Double, _ kind: LossKind) -> Double {
        switch kind {
        case .mse: return (f - y) * (f - y)
        case .logistic:
            // log(1 + e^-m) without overflow for large |m|.
            let m = y * f
            return m > 0 ? log1pExp(-m) : -m + log1pExp(m)
        }
    }

    /// d loss / d f at output f for label y.
    public static func derivative(_ f: Double, _ y: Double, _ kind: LossKind) -> Double {
        switch kind {
        case .mse: return 2 * (f - y)
        case .logistic:
            let m = y * f
            let s = m > 0 ? expNeg(m) / (1 + expNeg(m)) : 1 / (1 + expPos(m))
            return -y * s
        }
    }

    static func log1pExp(_ x: Double) -> Double { x > 30 ? x : log1p(exp(x)) }
    static func expNeg(_ m: Double) -> Double { exp(-m) }
    static func expPos(_ m: Double) -> Double { exp(m) }
}
