import CKernels
import Foundation

public enum Optimizer: String, CaseIterable, Sendable { case adam, sgd, momentum }

/// Adam, SGD and SGD with momentum (0.9), applied in place.
struct UpdateRule {
    let optimizer: Optimizer
    let lr: Float
    let correction1: Float, correction2: Float
    static let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, momentum: Float = 0.9

    init(options: TrainingOptions, step: Int) {
        optimizer = options.optimizer
        lr = Float(options.learningRate)
        correction1 = 1 - Float(pow(Double(UpdateRule.beta1), Double(step)))
        correction2 = 1 - Float(pow(Double(UpdateRule.beta2), Double(step)))
    }

    func apply(_ w: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float]) {
        let n = w.count
        w.withUnsafeMutableBufferPointer { w in
            g.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        switch optimizer {
                        case .sgd:
                            for j in 0..<n { w[j] -= lr * g[j] }
                        case .momentum:
                            for j in 0..<n { m[j] = UpdateRule.momentum * m[j] + g[j]; w[j] -= lr * m[j] }
                        case .adam:
                            vl_adam(w.baseAddress, g.baseAddress, m.baseAddress, v.baseAddress, Int32(n), lr,
                                    UpdateRule.beta1, UpdateRule.beta2, correction1, correction2, UpdateRule.epsilon)
                        }
                    }
                }
            }
        }
    }
}
