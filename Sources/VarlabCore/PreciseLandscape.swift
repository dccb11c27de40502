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

    /// The landscape in float64, points in blocks so the work stays in cache.
    public static func float64(_ net: MLP, resolution r: Int) -> Landscape {
        let axis = Landscape.axis(r)
        var values = [Double](repeating: 0, count: r * r)
        let block = 256
        var start = 0
        while start < r * r {
            let n = min(block, r * r - start)
            var h = [Double](repeating: 0, count: 2 * n)
            for p in 0..<n {
                h[p] = axis[(start + p) % r]
                h[n + p] = axis[(start + p) / r]
            }
            for (l, layer) in net.layers.enumerated() {
                let branchOut = apply(layer, to: h, points: n)
                h = net.addsSkip(l) ? zip(h, branchOut).map { $0 + (net.branch ?? 1) * $1 } : branchOut
            }
            for p in 0..<n { values[start + p] = h[p] }
            start += n
        }
        return Landscape(resolution: r, values: values)
    }

    /// z[i][p] = b_i + sum_k W_ik h[k][p], then the activation: unit-major, points contiguous.
    static func apply(_ layer: DenseLayer, to h: [Double], points n: Int) -> [Double] {
        var z = [Double](repeating: 0, count: layer.outputs * n)
        z.withUnsafeMutableBufferPointer { zp in
            h.withUnsafeBufferPointer { hp in
                for i in 0..<layer.outputs {
                    let row = i * n
                    let b = Double(layer.bias[i])
                    for p in 0..<n { zp[row + p] = b }
                    for k in 0..<layer.inputs {
                        let w = Double(layer.weights[i * layer.inputs + k])
                        let col = k * n
                        for p in 0..<n { zp[row + p] += w * hp[col + p] }
                    }
                }
            }
        }
        if !layer.activation.isLinear {
            for j in z.indices { z[j] = layer.activation.apply(z[j]) }
        }
        return z
    }
}
