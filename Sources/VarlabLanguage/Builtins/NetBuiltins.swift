import VarlabCore

/// Making nets: families at a budget, and concrete members of a family.
enum NetBuiltins {
    static var all: [Builtin] { [mlp, sample] }

    enum SampleArgument {
        static let net = BuiltinArgument.value("net", "a net made by mlp()")
        static let index = BuiltinArgument.integer("index", in: 0...Int(Int32.max), "which member, 0 or more")
    }

    static let sample = Builtin(
        "sample", topic: .nets, "Member `index` of a net's random family (index 0 is the net itself).",
        arguments: [SampleArgument.net, SampleArgument.index],
        example: "landscape(sample(net, 3))", returns: NetValue.schema.info
    ) { c in
        let (value, spec) = try family(c, SampleArgument.net)
        let index = try c[SampleArgument.index]
        return .net(NetValue(net: MLP(spec: spec, index: UInt64(index)), spec: value.spec))
    }

    /// mlp's arguments; sweep makes each of its nets through them too.
    enum NetArgument {
        static let depth = BuiltinArgument.optionalInteger(
            "depth", default: "the length of widths or shape", in: 1...Int.max, limit: \Limits.maximumDepth,
            variable: "VARLAB_MAX_LAYERS", "hidden layers L (1 or more)")
        static let widths = BuiltinArgument.layerIntegers(
            "widths", in: 1...1_000_000,
            "the hidden layers' widths, one per layer: [64, 8, 64] (instead of width/params)")
        static let shape = BuiltinArgument.layerNumbers(
            "shape", "relative widths, one per layer: [4, 1, 4], scaled to meet params (docs/measures.md)")
        static let width = BuiltinArgument.optionalInteger(
            "width", default: "nil", in: 1...1_000_000, "units per hidden layer n")
        static let params = BuiltinArgument.integer(
            "params", default: MLPSpec.defaultBudget, in: 1...Int(1e12),
            "parameter budget P, used when width is not given")
        static let act = BuiltinArgument.activation(
            "act", default: .relu, "activation, or a function of yours of one number (:help act)")
        static let actRatio = BuiltinArgument.number(
            "act_ratio", default: 1, "share of hidden layers that apply act (0 < r <= 1); the rest are linear")
        static let initScheme = BuiltinArgument<InitScheme>.choice("init", default: .scaled, "weights")
        // Beyond 1e6 float32 weights overflow in deep nets and every measure is NaN.
        static let bias = BuiltinArgument.number(
            "bias", default: 0.1, in: 0...1e6, "bias standard deviation s_b (0: no biases)")
        static let seed = BuiltinArgument.seed("seed of the family; net i draws from stream (seed, i)")
        static let input = BuiltinArgument.integer(
            "input", default: 2, in: 1...4096,
            "input dimension d: 2 draws landscapes on the square, more on planes through the input space")
        static let slope = BuiltinArgument.number(
            "slope", default: Activation.defaultLeakySlope, "negative slope of leaky")
        static let residual = BuiltinArgument.flag(
            "residual", default: false,
            "skip connections: h_l = h_(l-1) + branch * act(W_l h_(l-1) + b_l) for layers 2..L (same parameters "
                + "as the plain net)"
        )
        static let branch = BuiltinArgument.optionalNumber(
            "branch", default: "1/sqrt(depth)", "branch scale alpha of a residual net")

        static let all: [any DeclaredArgument] = [
            depth, width, params, widths, shape, act, actRatio, initScheme, bias, seed, input, slope, residual, branch,
        ]
    }

    static let mlp = Builtin(
        "mlp", topic: .nets,
        "A random MLP family and its first member. Give width, or params (a budget: the widest net of this "
            + "depth that fits), or neither (budget \(MLPSpec.defaultBudget)); or widths, one per layer; or shape, "
            + "relative widths scaled to meet params. act is an activation or a function of yours of one number.",
        arguments: NetArgument.all,
        example: "net = mlp(depth: 20, act: abs)\nmlp(depth: 16, params: 2000).width   # 10\n"
            + "mlp(widths: [64, 8, 64], act: fn (x) { x / (1 + abs(x)) })\nmlp(shape: [4, 1, 4], params: 10000).widths",
        returns: NetValue.schema.info
    ) { c in
        .net(try makeNet(c, c))
    }

    /// A net from mlp's arguments, as a call or a sweep row gives them; errors point into `c`.
    static func makeNet(_ a: some ArgumentSource, _ c: CallContext) throws -> NetValue {
        typealias A = NetArgument
        let depth = try layerCount(a, c), input = try a.read(A.input)
        let act = try a.read(A.act).withSlope(try a.read(A.slope))
        let ratio = try a.read(A.actRatio)
        guard ratio > 0, ratio <= 1 else {
            throw c.argumentError(A.actRatio, "must be in (0, 1], got \(formatNumber(ratio))")
        }
        let scheme = try a.read(A.initScheme)
        let bias = try a.read(A.bias)
        guard bias >= 0 else {
            throw c.argumentError(A.bias, "must be 0 or more (a standard deviation), got \(formatNumber(bias))")
        }
        let seed = try a.read(A.seed)
        var spec: MLPSpec
        if let widths = try a.read(A.widths) {
            try checkSize(c, MLPSpec.parameterEstimate(widths: widths, input: input))
            spec = MLPSpec(
                input: input, widths: widths, activation: act, actRatio: ratio, initScheme: scheme, biasStd: bias,
                seed: seed)
        } else if let shape = try a.read(A.shape) {
            let budget = try a.read(A.params)
            guard
                let shaped = MLPSpec(
                    input: input, shape: shape, budget: budget, activation: act, actRatio: ratio, initScheme: scheme,
                    biasStd: bias, seed: seed)
            else {
                let smallest = MLPSpec.parameterEstimate(widths: shape.map { _ in 1 }, input: input)
                throw c.argumentError(
                    A.params,
                    "\(budget) is too small for shape [\(shape.map(formatNumber).joined(separator: ", "))]: even "
                        + "width 1 in every layer needs \(formatNumber(smallest)) parameters")
            }
            try checkSize(c, Double(shaped.parameterCount))
            spec = shaped
        } else if let width = try a.read(A.width) {
            if a.isGiven(A.params) { throw c.error("mlp: give width or params, not both", at: A.params) }
            try checkSize(c, MLPSpec.parameterEstimate(depth: depth, width: width, input: input))
            spec = MLPSpec(
                input: input, depth: depth, width: width, activation: act, actRatio: ratio, initScheme: scheme,
                biasStd: bias, seed: seed)
        } else {
            let budget = try a.read(A.params)
            let smallest = MLPSpec.parameterCount(depth: depth, width: 1, input: input)
            let widest = MLPSpec.width(depth: depth, budget: budget, input: input)
            try checkSize(c, min(Double(budget), MLPSpec.parameterEstimate(depth: depth, width: widest, input: input)))
            guard budget >= smallest else {
                throw c.argumentError(
                    A.params, "\(budget) is too small for depth \(depth): even width 1 needs \(smallest) parameters")
            }
            spec = MLPSpec(
                input: input, depth: depth, budget: budget, activation: act, actRatio: ratio, initScheme: scheme,
                biasStd: bias, seed: seed)
        }
        spec.residual = try a.read(A.residual)
        if spec.residual, let widths = spec.widths {
            throw c.argumentError(
                A.residual,
                "needs one width in every layer (h_l = h_(l-1) + ...); widths \(widths.map(String.init)) vary")
        }
        if let branch = try a.read(A.branch) {
            guard spec.residual else {
                throw c.argumentError(A.branch, "is the branch scale of a residual net; add residual: true")
            }
            guard branch > 0, branch <= 10 else {
                throw c.argumentError(A.branch, "must be in (0, 10], got \(formatNumber(branch))")
            }
            spec.branch = branch
        }
        return NetValue(net: MLP(spec: spec), spec: spec)
    }

    /// L from depth, widths or shape (which must agree), and which of the sizes go together.
    static func layerCount(_ a: some ArgumentSource, _ c: CallContext) throws -> Int {
        typealias A = NetArgument
        let widths = try a.read(A.widths), shape = try a.read(A.shape)
        if widths != nil, shape != nil { throw c.argumentError(A.shape, "goes with params, not with widths: give one") }
        if widths != nil, a.isGiven(A.width) || a.isGiven(A.params) {
            throw c.argumentError(
                A.widths, "fixes every layer's width; leave out \(a.isGiven(A.width) ? "width" : "params")")
        }
        if shape != nil, a.isGiven(A.width) {
            throw c.argumentError(A.shape, "is scaled to meet params; leave out width")
        }
        let layers = widths?.count ?? shape?.count
        if let depth = try a.read(A.depth) {
            if let layers, layers != depth {
                throw c.argumentError(
                    A.depth, "is \(depth) but \(widths == nil ? "shape" : "widths") lists \(layers) layers; give one")
            }
            return depth
        }
        guard let layers else {
            throw c.error("mlp: missing argument 'depth' (or widths: or shape:) (see :help mlp)", at: A.depth)
        }
        return layers
    }

    /// Refuses nets over the parameter limit before anything is allocated or multiplied.
    static func checkSize(_ c: CallContext, _ parameters: Double) throws {
        let limit = c.interpreter.options.limits.maximumParameters
        guard parameters <= Double(limit) else {
            throw c.error(
                "mlp: \(formatNumber(parameters)) parameters is more than the limit \(limit); set "
                    + "VARLAB_MAX_PARAMS to raise it"
            )
        }
    }

    /// The random family behind a net argument (imported and trained nets have none).
    static func family(_ c: CallContext, _ argument: BuiltinArgument<Value>) throws -> (NetValue, MLPSpec) {
        let v = try c[argument]
        guard case .net(let n) = v else {
            throw c.argumentError(argument, "must be a net made by mlp(), got a \(v.typeName)")
        }
        return (n, try MeasureBuiltins.families(c, argument, [n])[0])
    }
}
