import CKernels

/// Landscapes whose differences are as small as float32's rounding: recomputed in float64
/// (docs/measures.md, "Measures of one landscape", precision).
///
/// A float32 landscape carries rounding noise of about 2^k * 2e-7 of its RMS in its k-th
/// differences, so an affine net shows V3 near 1e-6 instead of 0 and a very smooth net at a
/// fine grid can read several times its true V3. Where some V_k (k >= 2) is within 100x of
/// that floor, the landscape is computed again in float64.
public enum PreciseLandscape {
    /// The float32 rounding floor of V_k, relative to the RMS.
    public static func floor(order k: Int) -> Double { Double(1 << k) * 2e-7 }

    public static func needsFloat64(_ m: LandscapeMeasures) -> Bool {
        guard m.rms > 0 else { return false }
        return (2...4).contains { k in m.v(k) > 0 && m.v(k) < 100 * floor(order: k) }
    }

    /// The landscape in float64, points in blocks of 256 so the work stays in cache; the
    /// affine maps run in a vectorised C kernel.
    public static func float64(_ net: MLP, resolution r: Int) -> Landscape {
        let axis = Landscape.axis(r)
        let layers = net.layers.map { (w: $0.weights.map(Double.init), b: $0.bias.map(Double.init), layer: $0) }
        let widest = max(net.input, net.layers.map(\.outputs).max() ?? 1)
        var values = [Double](repeating: 0, count: r * r)
        let block = 256
        var h = [Double](repeating: 0, count: widest * block), z = h
        var start = 0
        while start < r * r {
            let n = min(block, r * r - start)
            let T = (n + 7) / 8 * 8  // padded points are computed and dropped
            for p in 0..<T {
                let q = min(start + p, r * r - 1)
                h[p] = axis[q % r]
                h[T + p] = axis[q / r]
            }
            for (l, item) in layers.enumerated() {
                let layer = item.layer
                vl_affine_f64(item.w, item.b, h, Int32(layer.inputs), Int32(layer.outputs), Int32(T), &z)
                let count = layer.outputs * T
                if !layer.activation.isLinear { activate(&z, count: count, layer.activation) }
                if net.addsSkip(l), let alpha = net.branch {
                    h.withUnsafeBufferPointer { hp in
                        z.withUnsafeMutableBufferPointer { zp in
                            for j in 0..<count { zp[j] = hp[j] + alpha * zp[j] }
                        }
                    }
                }
                swap(&h, &z)
            }
            for p in 0..<n { values[start + p] = h[p] }
            start += n
        }
        return Landscape(resolution: r, values: values)
    }

    /// phi in float64 over the first `count` values: in vectorised C for every registered
    /// code (within 1e-15 of the definitions, docs/measures.md "Kernels"), in Swift for an
    /// activation without one.
    static func activate(_ z: inout [Double], count: Int, _ act: Activation) {
        guard let code = act.definition.tileCode else {
            for j in 0..<count { z[j] = act.apply(z[j]) }
            return
        }
        z.withUnsafeMutableBufferPointer { vl_activate_f64($0.baseAddress, Int32(count), code, act.slope) }
    }
}
