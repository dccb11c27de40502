import CKernels

/// The mutable heart of a training run: weights in the kernels' packed layout, optimiser
/// moments, and the activations of one minibatch, all allocated once.
struct TrainingState {
    /// A class, so the optimiser can update several of its arrays in place at once.
    final class Layer {
        let inputs: Int, outputs: Int
        let ldw: Int  // outputs rounded up to 6: forward layout wt[k * ldw + i]
        let ldwIn: Int  // inputs rounded up to 6: wt has this many rows (the extra ones zero)
        let activation: Activation
        let code: Int32?
        /// What phi' reuses of phi, for an activation without a fused kernel (nil: none).
        let reuse: ActivationDefinition.Reuse?
        var wt: [Float], bias: [Float]
        var gwt: [Float], gbias: [Float]
        var mw: [Float], vw: [Float], mb: [Float], vb: [Float]

        init(_ layer: DenseLayer) {
            inputs = layer.inputs
            outputs = layer.outputs
            ldw = (layer.outputs + 5) / 6 * 6
            ldwIn = (layer.inputs + 5) / 6 * 6
            activation = layer.activation
            code = BatchForward.code(layer.activation)
            reuse = code == nil ? layer.activation.definition.reuse : nil
            wt = [Float](repeating: 0, count: ldwIn * ldw)
            for i in 0..<layer.outputs { for k in 0..<layer.inputs { wt[k * ldw + i] = layer.weight(i, k) } }
            bias = [Float](repeating: 0, count: ldw)
            for i in 0..<layer.outputs { bias[i] = layer.bias[i] }
            gwt = [Float](repeating: 0, count: wt.count)
            gbias = [Float](repeating: 0, count: ldw)
            mw = gwt
            vw = gwt
            mb = gbias
            vb = gbias
        }
    }

    let layers: [Layer]
    /// The output layer's weights followed by its bias, so one optimiser call updates both.
    var outW: [Float], gOutW: [Float], mOutW: [Float], vOutW: [Float]
    let input: Int
    let T: Int
    /// The branch scale of a residual net (nil: plain), and the same in float32 for the loops.
    let branchScale: Double?
    var branch: Float? { branchScale.map(Float.init) }
    // Per-batch buffers: hs[0] is the input, hs[l + 1] and zs[l] belong to hidden layer l.
    var hs: [[Float]], zs: [[Float]]
    /// Per hidden layer with a `reuse`, what phi' takes from phi (in float64), else empty.
    var kept: [[Double]]
    var dh: [Float], dz: [Float], g: [Float], f: [Float]
    /// The gradient that a residual layer passes straight through its skip connection.
    var skip: [Float]

    /// The second thread that runs half of every kernel's rows, when there is one.
    let pair: ThreadPair?

    /// `threads` > 1 gives a wide enough net a second thread (ThreadPair); the numbers are
    /// the same either way, because each row of every product is computed alike.
    init(net: MLP, batch: Int, threads: Int = 1) {
        T = max(16, (batch + 15) / 16 * 16)
        pair = threads > 1 && TrainingState.splits(net) ? ThreadPair() : nil
        input = net.input
        branchScale = net.branch
        let packed = net.hidden.map(Layer.init)
        layers = packed
        let out = net.layers[net.layers.count - 1]
        outW = out.weights + out.bias
        gOutW = [Float](repeating: 0, count: outW.count)
        mOutW = gOutW
        vOutW = gOutW
        let widest = max(packed.map { max($0.ldw, $0.ldwIn) }.max() ?? 6, net.input)
        let t = T
        hs = [[Float](repeating: 0, count: net.input * t)] + packed.map { [Float](repeating: 0, count: $0.ldw * t) }
        zs = packed.map { [Float](repeating: 0, count: $0.ldw * t) }
        kept = packed.map { $0.reuse == nil ? [] : [Double](repeating: 0, count: $0.ldw * t) }
        dh = [Float](repeating: 0, count: widest * T)
        dz = dh
        skip = net.branch == nil ? [] : dh
        g = [Float](repeating: 0, count: T)
        f = g
    }

    /// One optimiser step on the given points; returns the batch's mean loss.
    mutating func step(_ split: Dataset.Split, _ indices: ArraySlice<Int>, options: TrainingOptions, step: Int)
        -> Double
    {
        let loss = lossAndGradients(split, indices, loss: options.loss)
        update(options: options, step: step)
        return loss
    }

    /// Forward and backward on the given points without updating; returns the mean loss.
    mutating func lossAndGradients(_ split: Dataset.Split, _ indices: ArraySlice<Int>, loss kind: LossKind) -> Double {
        let count = indices.count
        for (p, index) in indices.enumerated() {
            for d in 0..<input { hs[0][d * T + p] = Float(split.inputs[input * index + d]) }
        }
        for p in count..<T { for d in 0..<input { hs[0][d * T + p] = 0 } }
        forward()
        // dL/df per point, averaged over the real points; padded points get 0.
        var loss = 0.0
        for (p, index) in indices.enumerated() {
            let y = split.labels[index], fp = Double(f[p])
            loss += LossFunction.value(fp, y, kind)
            g[p] = Float(LossFunction.derivative(fp, y, kind) / Double(count))
        }
        for q in count..<T { g[q] = 0 }
        backward()
        return loss / Double(count)
    }

    mutating func forward() {
        for l in layers.indices {
            forwardLayer(l)
            if let alpha = branch, l >= 1 {
                let n = layers[l].outputs * T
                hs[l].withUnsafeBufferPointer { h in
                    hs[l + 1].withUnsafeMutableBufferPointer { out in
                        for j in 0..<n { out[j] = h[j] + alpha * out[j] }
                    }
                }
            }
        }
        let width = layers.last?.outputs ?? input
        hs[layers.count].withUnsafeBufferPointer { h in
            f.withUnsafeMutableBufferPointer { out in
                vl_rowvec(outW, outW[width], h.baseAddress, Int32(width), Int32(T), out.baseAddress)
            }
        }
    }

    /// z_l and phi(z_l) of hidden layer l (the branch, for a residual layer).
    private mutating func forwardLayer(_ l: Int) {
        let layer = layers[l], T = T, pair = pair
        guard let code = layer.code else { return forwardLayerInSwift(l) }
        let slope = BatchForward.slope(layer.activation)
        // z for the backward pass and h = act(z) from one pass of the kernel, rows in parts.
        hs[l].withUnsafeBufferPointer { h in
            zs[l].withUnsafeMutableBufferPointer { z in
                hs[l + 1].withUnsafeMutableBufferPointer { out in
                    layer.wt.withUnsafeBufferPointer { w in
                        layer.bias.withUnsafeBufferPointer { b in
                            let (h, z, out, w, b) = (
                                h.baseAddress!, z.baseAddress!, out.baseAddress!, w.baseAddress!, b.baseAddress!
                            )
                            TrainingState.inParts(pair, layer.ldw, multiple: 6, depth: layer.inputs) { r in
                                vl_affine_both(
                                    w + r.lowerBound, Int32(layer.ldw), b + r.lowerBound, h, Int32(layer.inputs),
                                    Int32(r.count), Int32(T), z + r.lowerBound * T, out + r.lowerBound * T, code, slope)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The same for an activation without a kernel: the product in C, phi in Swift.
    private mutating func forwardLayerInSwift(_ l: Int) {
        let layer = layers[l]
        hs[l].withUnsafeBufferPointer { h in
            zs[l].withUnsafeMutableBufferPointer { z in
                vl_affine(
                    layer.wt, Int32(layer.ldw), layer.bias, h.baseAddress, Int32(layer.inputs), Int32(layer.ldw),
                    Int32(T), z.baseAddress)
            }
        }
        let n = layer.ldw * T
        hs[l + 1].withUnsafeMutableBufferPointer { h in
            zs[l].withUnsafeBufferPointer { z in
                if let program = layer.activation.custom?.program {
                    // As the built-ins train: their float64 definitions, a value at a time.
                    h.baseAddress!.update(from: z.baseAddress!, count: n)
                    program.apply(h.baseAddress!, count: n, exact: true)
                } else if let reuse = layer.reuse {
                    // phi and what phi' will reuse of it, in one call of libm.
                    kept[l].withUnsafeMutableBufferPointer { k in
                        for j in 0..<n {
                            let (value, reused) = reuse.apply(Double(z[j]))
                            h[j] = Float(value)
                            k[j] = reused
                        }
                    }
                } else {
                    // The definition taken once: `definition` builds a struct a call, which
                    // had cost several times tanh itself a value. The same values as
                    // Activation.apply(Float) (its smooth case), bit for bit.
                    let phi = layer.activation.definition.apply
                    for j in 0..<n { h[j] = Float(phi(Double(z[j]), 0)) }
                }
            }
        }
    }

    mutating func backward() {
        let L = layers.count
        let width = layers.last?.outputs ?? input
        // Output layer: dW_out[k] = sum_p g[p] h_L[k][p]; dh_L[k][p] = W_out[k] g[p].
        hs[L].withUnsafeBufferPointer { h in
            vl_grad_outer(g, h.baseAddress, 1, Int32(width), Int32(T), &gOutW, 1)
        }
        gOutW[width] = g.reduce(0, +)
        vl_outer_rows(&dh, outW, g, Int32(width), Int32(T))
        for l in stride(from: L - 1, through: 0, by: -1) {
            let layer = layers[l]
            let n = layer.outputs * T
            let residual = branch != nil && l >= 1
            // The skip passes dh on unchanged; the branch gets alpha * dh.
            if residual, let alpha = branch {
                for j in 0..<n {
                    skip[j] = dh[j]
                    dh[j] *= alpha
                }
            }
            layerGradients(l)
            if l > 0 {
                backpropagate(through: l)
                if residual { for j in 0..<n { dh[j] += skip[j] } }
            }
        }
    }

    /// dz = dh phi'(z) of hidden layer l and its weight and bias gradients, rows in parts
    /// (each row of dz, dW and db needs only the same row of dh and z).
    private mutating func layerGradients(_ l: Int) {
        let layer = layers[l], T = T, pair = pair
        let slope = BatchForward.slope(layer.activation)
        kept[l].withUnsafeBufferPointer { kept in
            dz.withUnsafeMutableBufferPointer { dz in
                dh.withUnsafeBufferPointer { dh in
                    zs[l].withUnsafeBufferPointer { z in
                        hs[l].withUnsafeBufferPointer { h in
                            layer.gwt.withUnsafeMutableBufferPointer { gw in
                                layer.gbias.withUnsafeMutableBufferPointer { gb in
                                    let (dz, dh, z, h, gw, gb) = (
                                        dz.baseAddress!, dh.baseAddress!, z.baseAddress!, h.baseAddress!,
                                        gw.baseAddress!,
                                        gb.baseAddress!
                                    )
                                    TrainingState.inParts(pair, layer.outputs, multiple: 4, depth: layer.inputs) { r in
                                        let first = r.lowerBound * T, count = r.count * T
                                        if let code = layer.code {
                                            vl_activation_backward(
                                                dz + first, dh + first, z + first, Int32(count), code, slope)
                                        } else if let program = layer.activation.custom?.program {
                                            TrainingState.customBackward(
                                                program, dz + first, dh + first, z + first, count)
                                        } else if let reuse = layer.reuse, let k = kept.baseAddress {
                                            for j in first..<(first + count) {
                                                dz[j] = dh[j] * Float(reuse.derivative(Double(z[j]), k[j]))
                                            }
                                        } else {
                                            // As Activation.derivative(Float), the definition taken once.
                                            let dphi = layer.activation.definition.derivative
                                            for j in first..<(first + count) {
                                                dz[j] = dh[j] * Float(dphi(Double(z[j]), 0))
                                            }
                                        }
                                        vl_grad_outer(
                                            dz + first, h, Int32(r.count), Int32(layer.inputs), Int32(T),
                                            gw + r.lowerBound,
                                            Int32(layer.ldw))
                                        vl_row_sums(dz + first, Int32(r.count), Int32(T), gb + r.lowerBound)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// dh_{l-1} = W_l^T dz, straight from the forward layout, rows of dh in parts.
    private mutating func backpropagate(through l: Int) {
        let layer = layers[l], T = T, pair = pair
        dz.withUnsafeBufferPointer { dz in
            dh.withUnsafeMutableBufferPointer { dh in
                layer.wt.withUnsafeBufferPointer { w in
                    let (dz, dh, w) = (dz.baseAddress!, dh.baseAddress!, w.baseAddress!)
                    TrainingState.inParts(pair, layer.ldwIn, multiple: 6, depth: layer.outputs) { r in
                        vl_affine_t(
                            w + r.lowerBound * layer.ldw, Int32(layer.ldw), dz, Int32(layer.outputs), Int32(r.count),
                            Int32(T), dh + r.lowerBound * T)
                    }
                }
            }
        }
    }

    mutating func update(options: TrainingOptions, step: Int) {
        let rule = UpdateRule(options: options, step: step)
        for layer in layers {
            rule.apply(&layer.wt, layer.gwt, &layer.mw, &layer.vw, pair: pair)
            rule.apply(&layer.bias, layer.gbias, &layer.mb, &layer.vb, pair: pair)
        }
        rule.apply(&outW, gOutW, &mOutW, &vOutW, pair: pair)
    }

    /// Runs body over rows 0..<count: with a pair, in two parts split at a multiple of
    /// `multiple` (the kernels' row blocks), one on each thread; without, whole.
    private static func inParts(
        _ pair: ThreadPair?, _ count: Int, multiple: Int, depth: Int, _ body: @escaping (Range<Int>) -> Void
    ) {
        guard let pair, count >= 2 * multiple, count * depth >= minWork else { return body(0..<count) }
        let half = (count / 2 + multiple - 1) / multiple * multiple
        pair.run { part in body(part == 0 ? 0..<half : half..<count) }
    }

    /// Whether a second thread pays for itself: some hidden layer has enough arithmetic.
    static func splits(_ net: MLP) -> Bool {
        net.hidden.contains { $0.inputs * $0.outputs >= minWork }
    }

    /// Multiply-adds per point below which a part is not worth a hand-over: the other core
    /// must fetch half of each layer's activations, which at 42 x 42 (W2, L = 2) costs more
    /// than the half of the product it saves (measured; docs/measures.md, "Training").
    static let minWork = 2048

    /// The gradients of the last backward pass, shaped like the net's layers.
    func gradients() -> [DenseLayer] { dense(weights: \.gwt, bias: \.gbias, output: gOutW) }

    /// The current weights as an MLP (residual when the trained net was).
    func net() -> MLP { MLP(layers: dense(weights: \.wt, bias: \.bias, output: outW), branch: branchScale) }

    /// Unpacks per-layer arrays in the kernels' layout into row-major dense layers.
    private func dense(weights: KeyPath<Layer, [Float]>, bias: KeyPath<Layer, [Float]>, output: [Float]) -> [DenseLayer]
    {
        var result: [DenseLayer] = layers.map { layer in
            let packed = layer[keyPath: weights]
            var w = [Float](repeating: 0, count: layer.outputs * layer.inputs)
            for i in 0..<layer.outputs {
                for k in 0..<layer.inputs { w[i * layer.inputs + k] = packed[k * layer.ldw + i] }
            }
            return DenseLayer(
                inputs: layer.inputs, outputs: layer.outputs, weights: w,
                bias: Array(layer[keyPath: bias].prefix(layer.outputs)), activation: layer.activation)
        }
        result.append(
            DenseLayer(
                inputs: output.count - 1, outputs: 1, weights: Array(output.dropLast()),
                bias: [output[output.count - 1]],
                activation: .linear))
        return result
    }
}

extension TrainingState {
    /// dz = dh phi'(z) for a custom expression: phi' by its forward-mode program in float64,
    /// rounded to float as a built-in's derivative is.
    static func customBackward(
        _ program: ActivationProgram, _ dz: UnsafeMutablePointer<Float>, _ dh: UnsafePointer<Float>,
        _ z: UnsafePointer<Float>, _ count: Int
    ) {
        var wide = (0..<count).map { Double(z[$0]) }, slope = [Double](repeating: 0, count: count)
        wide.withUnsafeMutableBufferPointer { w in
            slope.withUnsafeMutableBufferPointer {
                program.derivative(w.baseAddress!, into: $0.baseAddress!, count: count)
            }
        }
        for j in 0..<count { dz[j] = dh[j] * Float(slope[j]) }
    }
}
