/// Per hidden layer of a concrete net, side by side (docs/measures.md): how far the hidden
/// representation has collapsed over the grid, and how large the gradient of f with
/// respect to that layer's weights is (vanishing gradients). Computed in float64.
public struct LayerProfile: Sendable {
    /// One hidden layer's numbers.
    public struct Row: Equatable, Sendable {
        /// The hidden layer, from 1.
        public var layer: Int  // 1-based hidden layer
        /// The activation the layer applies.
        public var activation: Activation
        /// std over the grid / RMS of the layer's output h_l, pooled over units.
        public var spread: Double
        /// RMS of h_l over grid and units.
        public var rms: Double
        /// Mean over grid points of ||df/dW_l||_F.
        public var gradientNorm: Double
    }

    /// One row per hidden layer, first to last.
    public var rows: [Row]
    /// Grid points per side the profile was taken on.
    public var resolution: Int

    /// The profile of a net over an r x r grid.
    public init(net: MLP, resolution: Int = 32, execution: Execution = .serial) throws {
        let axis = Landscape.axis(resolution)
        let depth = net.depth
        var sumH = [[Double]](), sumH2 = [Double](repeating: 0, count: depth), grad = sumH2
        for l in 0..<depth { sumH.append([Double](repeating: 0, count: net.layers[l].outputs)) }
        for i in 0..<resolution {
            try execution.checkCancelled()
            for j in 0..<resolution {
                let (hs, deltas) = LayerProfile.backprop(net, point: [axis[j], axis[i]])
                for l in 0..<depth {
                    for (u, v) in hs[l + 1].enumerated() {
                        sumH[l][u] += v
                        sumH2[l] += v * v
                    }
                    // df/dW_l = delta_l h_{l-1}^T, a rank-one matrix: its norm is a product.
                    grad[l] += LayerProfile.norm(deltas[l]) * LayerProfile.norm(hs[l])
                }
            }
        }
        let points = Double(resolution * resolution)
        rows = (0..<depth).map { l in
            let units = Double(net.layers[l].outputs)
            let meanSquare = sumH2[l] / (points * units)
            let squaredMeans = sumH[l].reduce(0) { $0 + ($1 / points) * ($1 / points) } / units
            let rms = meanSquare.squareRoot()
            let spread = rms > 0 ? (max(0, meanSquare - squaredMeans)).squareRoot() / rms : 0
            return Row(
                layer: l + 1, activation: net.layers[l].activation, spread: min(1, spread),
                rms: rms, gradientNorm: grad[l] / points)
        }
        self.resolution = resolution
    }

    /// Layer outputs h_0 ... h_L and the gradients df/dz_l of each hidden pre-activation.
    static func backprop(_ net: MLP, point: [Double]) -> (hs: [[Double]], deltas: [[Double]]) {
        var hs = [point], zs: [[Double]] = []
        let alpha = net.branch ?? 1
        for (l, layer) in net.hidden.enumerated() {
            let h = hs[hs.count - 1]
            let z = (0..<layer.outputs).map { i in
                (0..<layer.inputs).reduce(Double(layer.bias[i])) { $0 + Double(layer.weight(i, $1)) * h[$1] }
            }
            zs.append(z)
            let out = z.map { layer.activation.apply($0) }
            hs.append(net.addsSkip(l) ? zip(h, out).map { $0 + alpha * $1 } : out)
        }
        var deltas = [[Double]](repeating: [], count: net.depth)
        // Gradient flowing into h_L from the linear output layer.
        let output = net.layers[net.depth]
        var upstream = (0..<output.inputs).map { Double(output.weight(0, $0)) }
        for l in stride(from: net.depth - 1, through: 0, by: -1) {
            let layer = net.layers[l]
            // A residual layer scales its branch by alpha and passes upstream through the skip.
            let scale = net.addsSkip(l) ? alpha : 1
            let delta = (0..<layer.outputs).map { scale * upstream[$0] * layer.activation.derivative(zs[l][$0]) }
            deltas[l] = delta
            let skip = upstream
            upstream = (0..<layer.inputs).map { k in
                (0..<layer.outputs).reduce(net.addsSkip(l) ? skip[k] : 0.0) {
                    $0 + Double(layer.weight($1, k)) * delta[$1]
                }
            }
        }
        return (hs, deltas)
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
