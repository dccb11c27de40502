import VarlabCore

/// Making nets: families at a budget, and concrete members of a family.
enum NetBuiltins {
    static var all: [Builtin] {
        [
            mlp,
            Builtin("sample", topic: "nets", "Member `index` of a net's random family (index 0 is the net itself).",
                    parameters: [.init("net", "a net made by mlp()"), .init("index", "which member, 0 or more")],
                    example: "landscape(sample(net, 3))", returns: NetValue.schema.info) { c in
                let (value, spec) = try family(c, "net")
                let index = try c.integer("index", in: 0...Int(Int32.max))
                return .net(NetValue(net: MLP(spec: spec, index: UInt64(index)), spec: value.spec))
            },
        ]
    }

    static let mlp = Builtin("mlp", topic: "nets",
            "A random MLP family and its first member. Give width, or params (a budget: the widest net of this depth that fits), or neither (budget \(MLPSpec.defaultBudget)).",
            parameters: [
                .integer("depth", in: 1...Int.max, limit: \Limits.maximumDepth, variable: "VARLAB_MAX_LAYERS", "hidden layers L (1 or more)"),
                .init("width", default: "nil", "units per hidden layer n"),
                .integer("params", default: MLPSpec.defaultBudget, in: 1...Int(1e12), "parameter budget P, used when width is not given"),
                .choice("act", .activation, default: "relu", "activation"),
                .number("act_ratio", default: 1, "share of hidden layers that apply act (0 < r <= 1); the rest are linear"),
                .choice("init", .initScheme, default: InitScheme.scaled.rawValue, "weights"),
                .number("bias", default: 0.1, "bias standard deviation s_b (0: no biases)"),
                .init("seed", default: "the session seed", "seed of the family; net i draws from stream (seed, i)"),
                .integer("input", default: 2, in: 1...4096, "input dimension d (landscapes need 2)"),
                .number("slope", default: Activation.defaultLeakySlope, "negative slope of leaky"),
                .flag("residual", default: false, "skip connections: h_l = h_(l-1) + branch * act(W_l h_(l-1) + b_l) for layers 2..L (same parameters as the plain net)"),
                .init("branch", default: "1/sqrt(depth)", "branch scale alpha of a residual net"),
            ],
            example: "net = mlp(depth: 20, act: abs)\nmlp(depth: 16, params: 2000).width   # 10", returns: NetValue.schema.info) { c in
        .net(try makeNet(c))
    }

    static func makeNet(_ c: CallContext) throws -> NetValue {
        let depth = try c.integer("depth")
        let input = try c.integer("input")
        let slope = try c.number("slope")
        let act = try c.activation("act", slope: slope)
        let ratio = try c.number("act_ratio")
        guard ratio > 0, ratio <= 1 else { throw c.argumentError("act_ratio", "must be in (0, 1], got \(formatNumber(ratio))") }
        let scheme = try c.choice("init", as: InitScheme.self)
        let bias = try c.number("bias")
        guard bias >= 0 else { throw c.argumentError("bias", "must be 0 or more (a standard deviation), got \(formatNumber(bias))") }
        let seed = try seedArgument(c)
        var spec: MLPSpec
        if c.has("width") {
            if c.has("params") { throw c.error("mlp: give width or params, not both", argument: "params") }
            let width = try c.integer("width", in: 1...1_000_000)
            try checkSize(c, MLPSpec.parameterEstimate(depth: depth, width: width, input: input))
            spec = MLPSpec(input: input, depth: depth, width: width, activation: act, actRatio: ratio, initScheme: scheme, biasStd: bias, seed: seed)
        } else {
            let budget = try c.integer("params")
            let smallest = MLPSpec.parameterCount(depth: depth, width: 1, input: input)
            try checkSize(c, min(Double(budget), MLPSpec.parameterEstimate(depth: depth, width: MLPSpec.width(depth: depth, budget: budget, input: input), input: input)))
            guard budget >= smallest else {
                throw c.argumentError("params", "\(budget) is too small for depth \(depth): even width 1 needs \(smallest) parameters")
            }
            spec = MLPSpec(input: input, depth: depth, budget: budget, activation: act, actRatio: ratio, initScheme: scheme, biasStd: bias, seed: seed)
        }
        spec.residual = try c.bool("residual")
        if c.has("branch") {
            guard spec.residual else { throw c.argumentError("branch", "is the branch scale of a residual net; add residual: true") }
            let branch = try c.number("branch")
            guard branch > 0, branch <= 10 else { throw c.argumentError("branch", "must be in (0, 10], got \(formatNumber(branch))") }
            spec.branch = branch
        }
        return NetValue(net: MLP(spec: spec), spec: spec)
    }

    /// Refuses nets over the parameter limit before anything is allocated or multiplied.
    static func checkSize(_ c: CallContext, _ parameters: Double) throws {
        let limit = c.interpreter.options.limits.maximumParameters
        guard parameters <= Double(limit) else {
            throw c.error("mlp: \(formatNumber(parameters)) parameters is more than the limit \(limit); set VARLAB_MAX_PARAMS to raise it")
        }
    }

    static func seedArgument(_ c: CallContext) throws -> UInt64 {
        guard c.has("seed") else { return c.interpreter.options.seed }
        return UInt64(try c.integer("seed", in: 0...Int(1) << 53))
    }

    /// The random family behind a net argument (imported and trained nets have none).
    static func family(_ c: CallContext, _ name: String) throws -> (NetValue, MLPSpec) {
        let v = try c.required(name)
        guard case .net(let n) = v else { throw c.argumentError(name, "must be a net made by mlp(), got a \(v.typeName)") }
        guard let spec = n.family else {
            throw c.argumentError(name, "is a net with fixed weights (loaded or trained), not a random family made by mlp()")
        }
        return (n, spec)
    }
}
