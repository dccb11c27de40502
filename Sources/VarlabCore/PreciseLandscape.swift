import CKernels

/// A net in float64 (docs/measures.md, "Precision"): the reference that float32 landscapes
/// are checked against, and the path that replaces them where the check fails.
public struct Float64Net: Sendable {
    struct Layer: Sendable {
        var weights: [Double]  // outputs x inputs, row-major
        var bias: [Double]
        var inputs: Int
        var outputs: Int
        var activation: Activation
    }

    let layers: [Layer]
    let branch: Double?
    let input: Int

    /// The net's own float32 weights, exactly; on a plane, its first layer folded onto the
    /// plane in float64 (Plane.restrict).
    public init(_ net: MLP, plane: Plane? = nil) {
        self.init(net, perturbation: 0, plane: plane)
    }

    /// Every weight and bias w becomes w (1 + eps u), u ~ N(0, 1) from a fixed stream: how
    /// much the landscape moves under such noise says whether its digits mean anything.
    public init(_ net: MLP, perturbation eps: Double, plane: Plane? = nil) {
        var rng = RandomStream(seed: 0x0C4A_0715, stream: 0)
        let jitter = { (w: Float) -> Double in Double(w) * (1 + eps * rng.normal()) }
        var layers = net.layers.map {
            Layer(
                weights: eps == 0 ? $0.weights.map(Double.init) : $0.weights.map(jitter),
                bias: eps == 0 ? $0.bias.map(Double.init) : $0.bias.map(jitter),
                inputs: $0.inputs, outputs: $0.outputs, activation: $0.activation)
        }
        if let plane, !layers.isEmpty {
            let folded = plane.fold(weights: layers[0].weights, bias: layers[0].bias, outputs: layers[0].outputs)
            layers[0].weights = folded.weights
            layers[0].bias = folded.bias
            layers[0].inputs = 2
        }
        self.layers = layers
        branch = net.branch
        input = plane == nil ? net.input : 2
    }

    /// f at each point (xs[p], ys[p]), points in blocks that keep a layer's values within
    /// 128 KB (at most 256 points), so the work stays in cache and a wide net's buffers are not
    /// megabytes of fresh pages for every probe; the affine maps run in a vectorised C kernel.
    public func evaluate(xs: [Double], ys: [Double], fused: Bool = true) -> [Double] {
        precondition(input == 2 && xs.count == ys.count, "float64 points")
        if fused, let values = single(xs: xs, ys: ys) { return values }
        let widest = max(input, layers.map(\.outputs).max() ?? 1)
        let count = xs.count, block = min(256, max(8, (1 << 14) / widest / 8 * 8), (count + 7) / 8 * 8)
        var values = [Double](repeating: 0, count: count)
        var h = [Double](repeating: 0, count: widest * block), z = h
        var start = 0
        while start < count {
            let n = min(block, count - start)
            let T = (n + 7) / 8 * 8  // padded points repeat the last one and are dropped
            for p in 0..<T {
                let q = min(start + p, count - 1)
                h[p] = xs[q]
                h[T + p] = ys[q]
            }
            for (l, layer) in layers.enumerated() {
                vl_affine_f64(layer.weights, layer.bias, h, Int32(layer.inputs), Int32(layer.outputs), Int32(T), &z)
                let size = layer.outputs * T
                if !layer.activation.isLinear { PreciseLandscape.activate(&z, count: size, layer.activation) }
                if let alpha = branch, l >= 1 && l < layers.count - 1 {
                    h.withUnsafeBufferPointer { hp in
                        z.withUnsafeMutableBufferPointer { zp in
                            for j in 0..<size { zp[j] = hp[j] + alpha * zp[j] }
                        }
                    }
                }
                swap(&h, &z)
            }
            for p in 0..<n { values[start + p] = h[p] }
            start += n
        }
        return values
    }
}

extension Float64Net {
    /// A net with one hidden layer straight to f, no tile of hidden values in memory (the
    /// probe of a wide single layer had cost 1.15x its float32 pass); the same values to the
    /// bit as the layer-by-layer path (tested). nil where it does not apply.
    func single(xs: [Double], ys: [Double]) -> [Double]? {
        guard layers.count == 2,
            let code = layers[0].activation.definition.tileCode ?? (layers[0].activation.isLinear ? 0 : nil)
        else { return nil }
        let hidden = layers[0], output = layers[1]
        var out = [Double](repeating: 0, count: xs.count)
        let done = vl_single_f64(
            hidden.weights, hidden.bias, output.weights, output.bias[0], Int32(hidden.outputs), code,
            hidden.activation.slope, xs, ys, Int32(xs.count), &out)
        return done == 1 ? out : nil
    }
}

/// Landscapes in float64, where the float32 one fails the precision contract.
public enum PreciseLandscape {
    /// The whole r x r landscape in float64.
    public static func float64(_ net: MLP, resolution r: Int) -> Landscape {
        float64(Float64Net(net), resolution: r)
    }

    /// The whole r x r landscape of a net already in float64 (perhaps jittered).
    public static func float64(_ net: Float64Net, resolution r: Int) -> Landscape {
        let axis = Landscape.axis(r)
        let xs = (0..<r * r).map { axis[$0 % r] }, ys = (0..<r * r).map { axis[$0 / r] }
        return Landscape(resolution: r, values: net.evaluate(xs: xs, ys: ys))
    }

    /// phi in float64 over the first `count` values: in vectorised C for every registered
    /// code (within 1e-15 of the definitions, docs/measures.md "Kernels"), in Swift for an
    /// activation without one.
    static func activate(_ z: inout [Double], count: Int, _ act: Activation) {
        if let program = act.custom?.program {
            return z.withUnsafeMutableBufferPointer { program.apply($0.baseAddress!, count: count) }
        }
        guard let code = act.definition.tileCode else {
            // Activation.apply(Double)'s general case, the definition taken once.
            let phi = act.definition.apply, slope = act.slope
            for j in 0..<count { z[j] = phi(z[j], slope) }
            return
        }
        z.withUnsafeMutableBufferPointer { vl_activate_f64($0.baseAddress, Int32(count), code, act.slope) }
    }
}
