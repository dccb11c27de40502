import CKernels
import Foundation

/// Update rules: Adam, plain SGD and SGD with momentum.
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

    /// Updates w in place from its gradient g and moments m, v; with a pair, each thread
    /// takes half of the entries (each entry's update is independent of the others).
    func apply(_ w: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], pair: ThreadPair?) {
        let n = w.count
        w.withUnsafeMutableBufferPointer { w in
            g.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        let (w, g, m, v) = (w.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
                        // Halves start at a multiple of 64, so no entry moves between a
                        // vectorised loop body and its scalar tail.
                        let half = (n / 2 + 63) / 64 * 64
                        guard let pair, n >= 4096 else { return update(w, g, m, v, 0..<n) }
                        pair.run { part in update(w, g, m, v, part == 0 ? 0..<half : half..<n) }
                    }
                }
            }
        }
    }

    private func update(
        _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, _ r: Range<Int>
    ) {
        switch optimizer {
        case .sgd:
            for j in r { w[j] -= lr * g[j] }
        case .momentum:
            for j in r {
                m[j] = UpdateRule.momentum * m[j] + g[j]
                w[j] -= lr * m[j]
            }
        case .adam:
            let o = r.lowerBound
            vl_adam(
                w + o, g + o, m + o, v + o, Int32(r.count), lr, UpdateRule.beta1, UpdateRule.beta2,
                correction1, correction2, UpdateRule.epsilon)
        }
    }
}
