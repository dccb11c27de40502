import CKernels

/// What a forward pass saw inside the net, for the landscape measures: for every unit of a
/// nonlinear hidden layer whether its pre-activation was ever > 0 / < 0 over the points, and
/// for every point a 64-bit hash of its sign pattern (z > 0) over all those units.
public struct ForwardObservation: Sendable {
    /// Per nonlinear layer, per unit.
    public var everPositive: [[Bool]]
    /// Per nonlinear layer, per unit: whether its pre-activation was ever < 0.
    public var everNegative: [[Bool]]
    /// The activation of each observed (nonlinear) layer.
    public var activations: [Activation]
    /// Per point; equal patterns give equal hashes, distinct ones collide with chance ~2^-64.
    public var patternHashes: [UInt64]
}

/// A net packed for the batched float32 kernels: weights transposed and padded to the
/// 6-row micro-kernel, so that evaluation allocates only its two tile buffers.
public struct BatchForward: Sendable {
    struct Layer: Sendable {
        var wt: [Float]  // inputs x ldw, wt[k * ldw + i] = W[i][k]
        var ldw: Int
        var bias: [Float]  // padded to ldw
        var inputs: Int
        var outputs: Int
        var activation: Activation
        var kernelCode: Int32?  // fused in registers; nil: a separate pass
        var tileCode: Int32?  // that pass in C (vl_activate); nil: applied in Swift
    }

    let hidden: [Layer]
    let outputWeights: [Float]
    let outputBias: Float
    let input: Int
    /// W1 row-major, for the fused single-layer kernel.
    let firstLayerRowMajor: [Float]
    /// The branch scale of a residual net (nil: plain).
    let branch: Float?

    /// Points per tile: each net's weights and a tile of activations stay in cache.
    public static let tile = 128

    /// Packs a net's weights for the kernels (transposed, padded to the micro-kernel's rows).
    public init(_ net: MLP) {
        var packed: [Layer] = []
        for layer in net.hidden {
            let ldw = (layer.outputs + 5) / 6 * 6
            var wt = [Float](repeating: 0, count: layer.inputs * ldw)
            for i in 0..<layer.outputs { for k in 0..<layer.inputs { wt[k * ldw + i] = layer.weight(i, k) } }
            var bias = [Float](repeating: 0, count: ldw)
            for i in 0..<layer.outputs { bias[i] = layer.bias[i] }
            packed.append(
                Layer(
                    wt: wt, ldw: ldw, bias: bias, inputs: layer.inputs, outputs: layer.outputs,
                    activation: layer.activation, kernelCode: BatchForward.code(layer.activation),
                    tileCode: layer.activation.definition.tileCode))
        }
        hidden = packed
        let out = net.layers[net.layers.count - 1]
        outputWeights = out.weights
        outputBias = out.bias[0]
        input = net.input
        firstLayerRowMajor = net.layers[0].weights
        branch = net.branch.map(Float.init)
    }

    static func code(_ act: Activation) -> Int32? { act.definition.kernelCode }

    static func slope(_ act: Activation) -> Float { Float(act.slope) }

    /// Points per tile for `count` points: whole tiles, or one padded to a multiple of 16.
    /// The grid shortcut relies on the same tiling as evaluate, so both ask here.
    static func tileSize(_ count: Int) -> Int { min(tile, max(16, (count + 15) / 16 * 16)) }

    var maxPaddedWidth: Int { hidden.map(\.ldw).max() ?? 6 }

    /// One hidden layer on a 2-D input with a kernel activation: the fused wide path.
    var usesFusedSingle: Bool { hidden.count == 1 && input == 2 && hidden[0].kernelCode != nil }

    /// Evaluates the net at `count` points given coordinate-major (coords[d * count + p]).
    /// With `observe`, also records the signs of nonlinear pre-activations.
    public func evaluate(coordinates coords: [Float], count: Int, observe: Bool = false)
        -> (outputs: [Float], observation: ForwardObservation?)
    {
        let nonlinear = hidden.filter { !$0.activation.isLinear }
        let keys = observe ? PatternKeys(hidden) : nil
        var pos = nonlinear.map { [UInt8](repeating: 0, count: $0.outputs) }
        var neg = pos
        var hashA = [UInt32](repeating: 0, count: observe ? count : 0)
        var hashB = hashA
        var outputs = [Float](repeating: 0, count: count)
        let T = BatchForward.tileSize(count)
        // The fused single-layer path needs only its inputs, not a tile of hidden units
        // (a partial last tile takes the general path, which does).
        let onlyFused = usesFusedSingle && count % T == 0
        let rows = onlyFused ? input : max(maxPaddedWidth, input)
        var bufA = [Float](repeating: 0, count: rows * T)
        var bufB = onlyFused ? [] : bufA
        var tileOut = [Float](repeating: 0, count: T)
        var tileHashA = [UInt32](repeating: 0, count: T), tileHashB = tileHashA
        var start = 0
        while start < count {
            let n = min(T, count - start)
            // Load the tile's inputs, zero-padded past the last point.
            for d in 0..<input {
                for p in 0..<T { bufA[d * T + p] = p < n ? coords[d * count + start + p] : 0 }
            }
            for p in 0..<T {
                tileHashA[p] = 0
                tileHashB[p] = 0
            }
            runTile(
                T: T, valid: n, a: &bufA, b: &bufB, out: &tileOut, keys: keys,
                pos: &pos, neg: &neg, hashA: &tileHashA, hashB: &tileHashB)
            for p in 0..<n {
                outputs[start + p] = tileOut[p]
                if observe {
                    hashA[start + p] = tileHashA[p]
                    hashB[start + p] = tileHashB[p]
                }
            }
            start += n
        }
        guard observe else { return (outputs, nil) }
        return (outputs, observation(pos: pos, neg: neg, hashA: hashA, hashB: hashB))
    }

    private func observation(pos: [[UInt8]], neg: [[UInt8]], hashA: [UInt32], hashB: [UInt32]) -> ForwardObservation {
        ForwardObservation(
            everPositive: pos.map { $0.map { $0 != 0 } },
            everNegative: neg.map { $0.map { $0 != 0 } },
            activations: hidden.filter { !$0.activation.isLinear }.map(\.activation),
            patternHashes: zip(hashA, hashB).map { UInt64($0) << 32 | UInt64($1) })
    }

    /// Evaluates the net on the r x r grid of Landscape.gridCoordinates. A single wide layer
    /// is observed by a shortcut (each unit's crossing along each row, vl_single_grid_observe) that
    /// gives exactly the observation the point-by-point kernel would, at a fraction of the
    /// cost: at L = 1 observing had more than doubled the time of a landscape.
    public func evaluateGrid(resolution r: Int, observe: Bool) -> (outputs: [Float], observation: ForwardObservation?) {
        let coords = Landscape.gridCoordinates(r)
        guard observe, let shortcut = singleLayerGridObservation(resolution: r) else {
            return evaluate(coordinates: coords, count: r * r, observe: observe)
        }
        return (evaluate(coordinates: coords, count: r * r, observe: false).outputs, shortcut)
    }

    /// The shortcut's observation, or nil where it does not apply: more than one hidden
    /// layer, a linear one, a partial tile (which takes the general kernels), or weights
    /// that are not finite or above 1e30 (where z could overflow and stop being monotone).
    private func singleLayerGridObservation(resolution r: Int) -> ForwardObservation? {
        let count = r * r, T = BatchForward.tileSize(count)
        guard usesFusedSingle, let layer = hidden.first, !layer.activation.isLinear, count % T == 0,
            (firstLayerRowMajor + layer.bias).allSatisfy({ $0.isFinite && Swift.abs($0) <= 1e30 })
        else { return nil }
        let keys = PatternKeys(hidden)
        var hashA = [UInt32](repeating: 0, count: count), hashB = hashA
        var pos = [UInt8](repeating: 0, count: layer.outputs), neg = pos
        let axis = Landscape.axis(r).map(Float.init)
        guard
            vl_single_grid_observe(
                firstLayerRowMajor, layer.bias, Int32(layer.outputs), axis, Int32(r), keys.a[0], keys.b[0],
                &hashA, &hashB, &pos, &neg) == 1
        else { return nil }
        return observation(pos: [pos], neg: [neg], hashA: hashA, hashB: hashB)
    }

    /// One tile through the whole net; `a` holds the inputs on entry. Padded points
    /// (p >= valid) are computed but kept out of the observations.
    private func runTile(
        T: Int, valid: Int, a: inout [Float], b: inout [Float], out: inout [Float],
        keys: PatternKeys?, pos: inout [[UInt8]], neg: inout [[UInt8]],
        hashA: inout [UInt32], hashB: inout [UInt32]
    ) {
        if usesFusedSingle, let code = hidden[0].kernelCode, valid == T {
            runFusedSingle(
                T: T, code: code, a: a, out: &out, keys: keys, pos: &pos, neg: &neg,
                hashA: &hashA, hashB: &hashB)
            return
        }
        var nonlinearIndex = 0
        for (l, layer) in hidden.enumerated() {
            // Without observers a kernel activation is applied in registers, saving a pass.
            let fused = keys == nil && layer.kernelCode != nil
            a.withUnsafeBufferPointer { h in
                b.withUnsafeMutableBufferPointer { z in
                    layer.wt.withUnsafeBufferPointer { wt in
                        layer.bias.withUnsafeBufferPointer { bias in
                            if fused, let code = layer.kernelCode {
                                vl_affine_activate(
                                    wt.baseAddress, Int32(layer.ldw), bias.baseAddress, h.baseAddress,
                                    Int32(layer.inputs), Int32(layer.ldw), Int32(T), z.baseAddress,
                                    code, BatchForward.slope(layer.activation))
                            } else {
                                vl_affine(
                                    wt.baseAddress, Int32(layer.ldw), bias.baseAddress, h.baseAddress,
                                    Int32(layer.inputs), Int32(layer.ldw), Int32(T), z.baseAddress)
                            }
                        }
                    }
                }
            }
            if !layer.activation.isLinear && !fused {
                if let keys {
                    observeTile(
                        b, layer: layer, index: nonlinearIndex, keys: keys, T: T, valid: valid,
                        pos: &pos, neg: &neg, hashA: &hashA, hashB: &hashB)
                }
                activate(&b, layer: layer, T: T)
                nonlinearIndex += 1
            }
            if let alpha = branch, l >= 1 { addSkip(from: a, to: &b, alpha: alpha, count: layer.outputs * T) }
            swap(&a, &b)
        }
        let width = hidden.last?.outputs ?? input
        a.withUnsafeBufferPointer { h in
            out.withUnsafeMutableBufferPointer { o in
                outputWeights.withUnsafeBufferPointer { w in
                    vl_rowvec(w.baseAddress, outputBias, h.baseAddress, Int32(width), Int32(T), o.baseAddress)
                }
            }
        }
    }

    private func observeTile(
        _ z: [Float], layer: Layer, index: Int, keys: PatternKeys, T: Int, valid: Int,
        pos: inout [[UInt8]], neg: inout [[UInt8]],
        hashA: inout [UInt32], hashB: inout [UInt32]
    ) {
        if valid == T {
            z.withUnsafeBufferPointer { zp in
                vl_observe(
                    zp.baseAddress, Int32(layer.outputs), Int32(T), keys.a[index], keys.b[index],
                    &hashA, &hashB, &pos[index], &neg[index])
            }
            return
        }
        // A partial last tile: the padded points must not count, so go point by point.
        for i in 0..<layer.outputs {
            for p in 0..<valid {
                let v = z[i * T + p]
                if v > 0 {
                    pos[index][i] = 1
                    hashA[p] &+= keys.a[index][i]
                    hashB[p] &+= keys.b[index][i]
                } else if v < 0 {
                    neg[index][i] = 1
                }
            }
        }
    }

    /// h_l = h_{l-1} + alpha * phi(z_l): the residual connection of hidden layers 2..L.
    private func addSkip(from h: [Float], to out: inout [Float], alpha: Float, count: Int) {
        h.withUnsafeBufferPointer { hp in
            out.withUnsafeMutableBufferPointer { op in
                for j in 0..<count { op[j] = hp[j] + alpha * op[j] }
            }
        }
    }

    private func activate(_ z: inout [Float], layer: Layer, T: Int) {
        let count = layer.outputs * T
        if let code = layer.tileCode {
            z.withUnsafeMutableBufferPointer {
                vl_activate($0.baseAddress, Int32(count), code, BatchForward.slope(layer.activation))
            }
        } else if let program = layer.activation.custom?.program {
            z.withUnsafeMutableBufferPointer { program.apply($0.baseAddress!, count: count) }
        } else {
            // Activation.apply(Float)'s general case, the definition taken once (it is built a call).
            let phi = layer.activation.definition.apply
            for j in 0..<count { z[j] = Float(phi(Double(z[j]), 0)) }
        }
    }

    private func runFusedSingle(
        T: Int, code: Int32, a: [Float], out: inout [Float], keys: PatternKeys?,
        pos: inout [[UInt8]], neg: inout [[UInt8]],
        hashA: inout [UInt32], hashB: inout [UInt32]
    ) {
        let layer = hidden[0]
        let w1 = firstLayerRowMajor
        a.withUnsafeBufferPointer { h in
            let x = h.baseAddress!, y = h.baseAddress! + T
            // A linear layer has no units to observe (and no keys or flags to write).
            if let keys, !layer.activation.isLinear {
                vl_fused_single(
                    w1, layer.bias, outputWeights, outputBias, Int32(layer.outputs), code,
                    BatchForward.slope(layer.activation), x, y, Int32(T), &out,
                    keys.a[0], keys.b[0], &hashA, &hashB, &pos[0], &neg[0])
            } else if T % 32 == 0 {
                vl_fused_single_fast(
                    w1, layer.bias, outputWeights, outputBias, Int32(layer.outputs), code,
                    BatchForward.slope(layer.activation), x, y, Int32(T), &out)
            } else {
                vl_fused_single(
                    w1, layer.bias, outputWeights, outputBias, Int32(layer.outputs), code,
                    BatchForward.slope(layer.activation), x, y, Int32(T), &out,
                    nil, nil, nil, nil, nil, nil)
            }
        }
    }
}

/// Random keys per nonlinear unit for the sign-pattern hashes: a point's hash is the sum of
/// the keys of its positive units (two 32-bit sums). Fixed, not seeded by the net, and made
/// only when a pass is observed.
struct PatternKeys {
    let a: [[UInt32]], b: [[UInt32]]

    init(_ hidden: [BatchForward.Layer]) {
        var stream = RandomStream(seed: 0x5EED_0F_5167, stream: 0)
        var a: [[UInt32]] = [], b: [[UInt32]] = []
        for layer in hidden where !layer.activation.isLinear {
            a.append((0..<layer.outputs).map { _ in UInt32(truncatingIfNeeded: stream.next()) })
            b.append((0..<layer.outputs).map { _ in UInt32(truncatingIfNeeded: stream.next()) })
        }
        self.a = a
        self.b = b
    }
}
