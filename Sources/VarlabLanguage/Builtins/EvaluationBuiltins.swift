import VarlabCore
import VarlabGraphics

/// Looking inside a concrete net: its output at points, a hidden layer's units, and the
/// landscapes of those units. Evaluated in float64 (the reference path).
enum EvaluationBuiltins {
    static var all: [Builtin] { [output, hidden, units] }

    static let net = BuiltinArgument.net("net", "a net")
    static let x = BuiltinArgument.value(
        "x",
        "x coordinate: a number or a list of numbers; for a net with d > 2 inputs, a point (d numbers) or a "
            + "list of points"
    )
    static let y = BuiltinArgument.optional(
        "y", default: "nil", "y coordinate: a number or a list of the same length (nets with 2 inputs)")
    static let layer = BuiltinArgument.integer("layer", in: 1...Int.max, "hidden layer, 1 to depth")
    static let unitsGrid = BuiltinArgument.integer("grid", default: 32, in: 2...256, "grid size r")

    static var output: Builtin {
        Builtin(
            "output", topic: .nets,
            "The net's output f(x, y) at a point, or at each point of two coordinate lists; for a net with d > 2 "
                + "inputs, f at a point given as a list of d numbers (or at each of a list of points). Calling a net "
                + "does the same: net(0.5, -0.2).",
            arguments: [net, x, y],
            example: "net = mlp(depth: 4, act: abs)\nnet(0, 0)\nnet([-1, 0, 1], [0, 0, 0])"
        ) { c in
            let (n, points) = try netAndPoints(c)
            let outputs = points.map { n.net.evaluateReference($0).output }
            return shaped(c, outputs.map { .number($0) })
        }
    }

    static var hidden: Builtin {
        Builtin(
            "hidden", topic: .nets,
            "The values of hidden layer `layer`'s units (after the activation) at a point: a list with one "
                + "number per unit, or one such list per point.",
            arguments: [net, x, y, layer],
            example: "hidden(mlp(depth: 3, width: 4), 0.5, 0.5, layer: 2)"
        ) { c in
            let (n, points) = try netAndPoints(c)
            let layer = try c.integer(Self.layer, in: 1...max(1, n.net.depth))
            let act = n.net.layers[layer - 1].activation
            let rows: [Value] = points.map { p in
                .list(n.net.evaluateReference(p).preActivations[layer - 1].map { .number(act.apply($0)) })
            }
            return shaped(c, rows)
        }
    }

    static var units: Builtin {
        Builtin(
            "units", topic: .nets,
            "The landscape of every unit of hidden layer `layer` (its value after the activation over the "
                + "grid): see which units are dead, linear or bend.",
            arguments: [net, layer, unitsGrid],
            example: "show(units(mlp(depth: 3, width: 6), layer: 2))"
        ) { c in
            let n = try c[net]
            guard n.net.input == 2 else {
                throw c.error("units: landscapes need a net with 2 inputs; this one has \(n.net.input)")
            }
            let layer = try c.integer(Self.layer, in: 1...max(1, n.net.depth))
            let grid = try c[unitsGrid]
            let width = n.net.layers[layer - 1].outputs
            try MeasureBuiltins.checkWork(c, flops: 2 * Double(n.net.parameterCount) * Double(grid * grid))
            guard width <= 256 else {
                throw c.error("units: layer \(layer) has \(width) units; at most 256 landscapes at once")
            }
            let axis = Landscape.axis(grid)
            let act = n.net.layers[layer - 1].activation
            var values = [[Double]](repeating: [Double](repeating: 0, count: grid * grid), count: width)
            for i in 0..<grid {
                try c.checkInterrupted()
                for j in 0..<grid {
                    let z = n.net.evaluateReference([axis[j], axis[i]]).preActivations[layer - 1]
                    for u in 0..<width { values[u][i * grid + j] = act.apply(z[u]) }
                }
            }
            return .list(
                values.enumerated().map { u, v in
                    let l = Landscape(resolution: grid, values: v)
                    return .landscape(
                        LandscapeValue(
                            landscape: l, measures: LandscapeMeasures(l), caption: "layer \(layer) unit \(u + 1)",
                            name: "unit \(u + 1)",
                            details: [PanelDetail("layer", "layer \(layer)")] + Pictures.details(of: n)))
                })
        }
    }

    /// The net and its points: (x, y) numbers, or two lists of the same length.
    static func netAndPoints(_ c: CallContext) throws -> (NetValue, [[Double]]) {
        let n = try c[net]
        guard n.net.input == 2 else { return (n, try points(c, net: n.net)) }
        guard let yValue = try c[y] else {
            throw c.error("\(c.builtin.name): missing argument 'y' (see :help \(c.builtin.name))")
        }
        switch (try c[x], yValue) {
        case (.number(let px), .number(let py)):
            return (
                n,
                [
                    [
                        try c.read(.number(x.name, x.parameter.doc), from: .number(px)),
                        try c.read(.number(y.name, y.parameter.doc), from: .number(py)),
                    ]
                ]
            )
        case (.list, .list):
            let xs = try c.read(coordinates(x), from: c[x]), ys = try c.read(coordinates(y), from: yValue)
            guard xs.count == ys.count else {
                throw c.error("\(c.builtin.name): x has \(xs.count) numbers but y has \(ys.count)")
            }
            guard xs.count <= c.interpreter.options.limits.maximumPoints else {
                throw c.error(
                    "\(c.builtin.name): \(xs.count) points is more than the limit "
                        + "\(c.interpreter.options.limits.maximumPoints) (VARLAB_MAX_POINTS)"
                )
            }
            try MeasureBuiltins.checkWork(c, flops: 2 * Double(n.net.parameterCount) * Double(xs.count))
            return (n, zip(xs, ys).map { [$0, $1] })
        case (let x, let y):
            throw c.error(
                "\(c.builtin.name): x and y must both be numbers or both lists of numbers, got a \(x.typeName) "
                    + "and a \(y.typeName)"
            )
        }
    }

    /// x or y read as a list of numbers.
    static func coordinates<T>(_ a: BuiltinArgument<T>) -> BuiltinArgument<[Double]> {
        .numbers(a.name, a.parameter.doc)
    }

    /// Points of a net with d > 2 inputs: x is one point (d numbers) or a list of them.
    static func points(_ c: CallContext, net: MLP) throws -> [[Double]] {
        let d = net.input
        if try c[y] != nil {
            throw c.argumentError(
                y, "is for nets with 2 inputs; this one has \(d): give the point as x, a list of \(d) numbers")
        }
        let value = try c[x]
        guard case .list(let items) = value else {
            throw c.argumentError(x, "must be a point of \(d) numbers (or a list of points) for a net with \(d) inputs")
        }
        let single = items.allSatisfy { if case .number = $0 { true } else { false } }
        let rows = single ? [value] : items
        guard rows.count <= c.interpreter.options.limits.maximumPoints else {
            throw c.error("\(c.builtin.name): \(rows.count) points is more than the limit (VARLAB_MAX_POINTS)")
        }
        let points = try rows.map { try c.read(coordinates(x), from: $0) }
        guard points.allSatisfy({ $0.count == d }) else {
            throw c.argumentError(x, "must hold points of \(d) numbers each (the net has \(d) inputs)")
        }
        try MeasureBuiltins.checkWork(c, flops: 2 * Double(net.parameterCount) * Double(points.count))
        return points
    }

    /// One value for a point given as numbers; a list for coordinate lists.
    /// One value for a point given as numbers (or as one list of d numbers); a list for
    /// coordinate lists or a list of points.
    static func shaped(_ c: CallContext, _ values: [Value]) -> Value {
        switch try? c[x] {
        case .number?: return values[0]
        case .list(let items)?
        where (try? c[net].net.input) != 2 && items.allSatisfy({ if case .number = $0 { true } else { false } }):
            return values[0]
        default: return .list(values)
        }
    }
}
