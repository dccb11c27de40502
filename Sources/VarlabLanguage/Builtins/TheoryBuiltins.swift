import VarlabCore

/// Infinite-width theory to show beside the measurements.
enum TheoryBuiltins {
    static let act = BuiltinArgument.activation("act", "an activation")
    static let correlation = BuiltinArgument.number("c", in: -1...1, "a correlation in [-1, 1]")
    static let deadWidth = BuiltinArgument.integer("width", in: 1...10_000, "units per layer N")
    static let deadLayers = BuiltinArgument.integer("layers", in: 0...10_000_000, "hidden layers H")

    enum TheoryArgument {
        static let depth = BuiltinArgument.integer("depth", default: 20, in: 1...100_000, "layers")
        static let c0 = BuiltinArgument.number("c0", default: 0, in: -1...1, "correlation at the input (-1...1)")
        static let bias = BuiltinArgument.number(
            "bias", default: 0, in: 0...1e6, "bias std s_b (in both the length and the correlation map)")
    }

    static var all: [Builtin] {
        [
            Builtin(
                "theory", topic: .theory,
                "Mean-field signal propagation in an infinitely wide net with varlab's init: per layer, the "
                    + "correlation c of two inputs and their squared length q; row 0 is the input (c0, q = 1), "
                    + "rows 1..depth the hidden layers. The bias std s_b enters both maps (it pulls c "
                    + "towards 1). Closed forms for relu, abs, linear, leaky; quadrature otherwise.",
                arguments: [act, TheoryArgument.depth, TheoryArgument.c0, TheoryArgument.bias],
                example: "theory(relu, depth: 20)\ntheory(abs).c", returns: MeanFieldTheory.Step.schema.info,
                returnsTable: true
            ) { c in
                let act = try c[Self.act]
                // Closed forms are cheap; numerical integration (tanh, sigmoid ...) costs ~1 ms a layer.
                let closed = act.definition.hasClosedForm
                let depth = try c.integer(TheoryArgument.depth, in: 1...(closed ? 100_000 : 1000))
                let c0 = try c[TheoryArgument.c0]
                let bias = try c[TheoryArgument.bias]
                return .list(
                    MeanFieldTheory.iterate(act, depth: depth, initialCorrelation: c0, biasStd: bias).map(\.row))
            },
            Builtin(
                "correlation_map", topic: .theory,
                "One step of the mean-field correlation map c -> c' of an activation.",
                arguments: [act, correlation],
                example: "correlation_map(abs, 0)   # 0.6366"
            ) { c in
                let act = try c[Self.act]
                let x = try c[correlation]
                return .number(MeanFieldTheory.correlationMap(act, x))
            },
            Builtin(
                "dead_probability", topic: .theory,
                "Chance that a zero-bias ReLU net with `layers` hidden layers of `width` units is dead (some "
                    + "layer all zero) at a given input: 1 - (1 - 2^-width)^layers.",
                arguments: [deadWidth, deadLayers],
                example: "dead_probability(width: 5, layers: 64)"
            ) { c in
                let w = try c[deadWidth]
                let h = try c[deadLayers]
                return .number(MeanFieldTheory.deadProbability(width: w, layers: h))
            },
        ]
    }
}
