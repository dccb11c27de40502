/// One dense layer: y = act(W x + b), W stored row-major with rows as output units.
public struct DenseLayer: Equatable, Sendable {
    /// Inputs of the layer (fan-in).
    public var inputs: Int
    /// Units of the layer (fan-out).
    public var outputs: Int
    /// Weights, row-major: one row of `inputs` numbers per output unit.
    public var weights: [Float]  // outputs x inputs, row-major
    /// One bias per output unit.
    public var bias: [Float]
    /// What the layer applies to W x + b (linear for the output layer).
    public var activation: Activation

    /// A layer with its weights and biases, checked for shape.
    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float], activation: Activation) {
        precondition(weights.count == inputs * outputs && bias.count == outputs, "layer shape")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// The weight from input `column` to unit `row`.
    @inline(__always) public func weight(_ row: Int, _ column: Int) -> Float {
        weights[row * inputs + column]
    }
}

/// A concrete MLP with materialised float32 weights: hidden layers then a linear scalar output.
public struct MLP: Equatable, Sendable {
    /// Hidden layers, then the output layer.
    public var layers: [DenseLayer]
    /// The family it was drawn from, when it was drawn (nil for an imported net).
    public var spec: MLPSpec?
    /// Residual nets: h_l = h_{l-1} + branch * phi(z_l) for hidden layers 2..L; nil for plain.
    public var branch: Double?

    /// A net of the given layers (an imported or trained one has no `spec`).
    public init(layers: [DenseLayer], spec: MLPSpec? = nil, branch: Double? = nil) {
        self.layers = layers
        self.spec = spec
        self.branch = branch
    }

    /// True for hidden layer l (0-based) when it adds its branch to its input.
    @inline(__always) public func addsSkip(_ l: Int) -> Bool { branch != nil && l >= 1 && l < depth }

    /// Draws net number `index` of the family `spec` from the stream (spec.seed, index).
    public init(spec: MLPSpec, index: UInt64 = 0) {
        var rng = RandomStream(seed: spec.seed, stream: index)
        let acts = spec.layerActivations, widths = spec.layerWidths
        var layers: [DenseLayer] = []
        var fanIn = spec.input
        for l in 0...spec.depth {
            let isOutput = l == spec.depth
            let fanOut = isOutput ? 1 : widths[l]
            // The gain comes from the activation feeding this layer; the first layer
            // borrows its own activation's gain (He convention).
            let feeding = l == 0 ? acts[0] : acts[l - 1]
            let gain2 = feeding.gainSquared
            var w = [Float](repeating: 0, count: fanIn * fanOut)
            for j in w.indices {
                w[j] = Float(spec.initScheme.weight(fanIn: fanIn, fanOut: fanOut, gainSquared: gain2, rng: &rng))
            }
            var b = [Float](repeating: 0, count: fanOut)
            for j in b.indices { b[j] = Float(spec.initScheme.bias(fanIn: fanIn, biasStd: spec.biasStd, rng: &rng)) }
            layers.append(
                DenseLayer(
                    inputs: fanIn, outputs: fanOut, weights: w, bias: b,
                    activation: isOutput ? .linear : acts[l]))
            fanIn = fanOut
        }
        self.init(layers: layers, spec: spec, branch: spec.branchScale)
    }

    /// Input dimension d.
    public var input: Int { layers.first?.inputs ?? 0 }
    /// Hidden layers L.
    public var depth: Int { layers.count - 1 }
    /// The hidden layers, without the output layer.
    public var hidden: ArraySlice<DenseLayer> { layers.dropLast() }
    /// The widest hidden layer's units.
    public var width: Int { hidden.map(\.outputs).max() ?? 0 }
    /// Weights and biases of every layer.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weights.count + $1.bias.count } }
    /// Nonlinear units: those of hidden layers whose activation is not linear.
    public var activationCount: Int { hidden.filter { !$0.activation.isLinear }.reduce(0) { $0 + $1.outputs } }

    /// Float64 reference evaluation of one point, with every hidden pre-activation.
    /// Slow and simple on purpose: it is the oracle the fast kernels are tested against.
    public func evaluateReference(_ point: [Double]) -> (output: Double, preActivations: [[Double]]) {
        var h = point
        var pre: [[Double]] = []
        for (l, layer) in layers.enumerated() {
            var z = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var s = Double(layer.bias[i])
                for k in 0..<layer.inputs { s += Double(layer.weight(i, k)) * h[k] }
                z[i] = s
            }
            if pre.count < depth { pre.append(z) }
            let branchOut = z.map { layer.activation.apply($0) }
            h = addsSkip(l) ? zip(h, branchOut).map { $0 + (branch ?? 1) * $1 } : branchOut
        }
        return (h[0], pre)
    }
}
