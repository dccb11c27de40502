import VarlabCore

/// Infinite-width theory to show beside the measurements.
enum TheoryBuiltins {
    static var all: [Builtin] {
        [
            Builtin("theory", topic: "theory",
                    "Mean-field signal propagation at criticality: per layer, the correlation c of two inputs and the squared length q, starting from c0 (closed forms for relu, abs, linear, leaky; quadrature otherwise).",
                    parameters: [.init("act", "an activation"), .init("depth", default: "20", "layers"),
                                 .init("c0", default: "0", "correlation at the input (-1...1)"), .init("bias", default: "0", "bias std s_b in the length map")],
                    example: "theory(relu, depth: 20)   theory(abs).c") { c in
                let act = try c.activation("act", default: .relu)
                // Closed forms are cheap; numerical integration (tanh, sigmoid ...) costs ~1 ms a layer.
                let closed: Bool
                switch act { case .relu, .abs, .linear, .leaky: closed = true; default: closed = false }
                let depth = try c.integer("depth", default: 20, in: 1...(closed ? 100_000 : 1000))
                let c0 = try c.number("c0", default: 0)
                guard c0 >= -1, c0 <= 1 else { throw c.argumentError("c0", "must be a correlation in [-1, 1]") }
                let bias = try c.number("bias", default: 0)
                guard bias >= 0 else { throw c.argumentError("bias", "must be 0 or more") }
                return .list(MeanFieldTheory.iterate(act, depth: depth, initialCorrelation: c0, biasStd: bias).map { step in
                    .record(Record([("layer", .number(Double(step.layer))), ("c", .number(step.correlation)), ("q", .number(step.length))]))
                })
            },
            Builtin("correlation_map", topic: "theory", "One step of the mean-field correlation map c -> c' of an activation.",
                    parameters: [.init("act", "an activation"), .init("c", "a correlation in [-1, 1]")],
                    example: "correlation_map(abs, 0)   # 0.6366") { c in
                let act = try c.activation("act", default: .relu)
                let x = try c.number("c")
                guard x >= -1, x <= 1 else { throw c.argumentError("c", "must be in [-1, 1]") }
                return .number(MeanFieldTheory.correlationMap(act, x))
            },
            Builtin("dead_probability", topic: "theory",
                    "Chance that a zero-bias ReLU net with `layers` hidden layers of `width` units is dead (some layer all zero) at a given input: 1 - (1 - 2^-width)^layers.",
                    parameters: [.init("width", "units per layer N"), .init("layers", "hidden layers H")],
                    example: "dead_probability(width: 5, layers: 64)") { c in
                let w = try c.integer("width", in: 1...10_000)
                let h = try c.integer("layers", in: 0...10_000_000)
                return .number(MeanFieldTheory.deadProbability(width: w, layers: h))
            },
        ]
    }
}
