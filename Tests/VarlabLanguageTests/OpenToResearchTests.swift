import Testing
import VarlabCore
import VarlabLanguage

/// Activations and architectures users bring (grammar.md, "Custom activations" and
/// "Architectures as data"): accepted everywhere a built-in family is, keyed apart in the
/// store, and refused with the reason where they cannot work.
@Suite struct OpenToResearchTests {
    static func run(_ source: String, quick: Bool = true) -> (errors: [VarlabError], host: CapturingHost) {
        let (interpreter, host) = makeInterpreter(quick: quick)
        return (interpreter.run(source), host)
    }

    /// The same V3, C2C and training history from `fn (x) { tanh(x) }` as from tanh, typed.
    @Test func aCustomTanhMatchesTanhInTheLanguage() {
        let (errors, host) = Self.run(
            """
            a = variability(mlp(depth: 6, params: 2000, act: tanh), samples: 12)
            b = variability(mlp(depth: 6, params: 2000, act: fn (x) { tanh(x) }), samples: 12)
            print(abs(a.v3 - b.v3) <= 1e-5 * a.v3, a.c2c == b.c2c)
            d = checkerboard(n: 200, test: 200)
            s = train(mlp(depth: 3, width: 10, act: tanh), d, epochs: 6)
            t = train(mlp(depth: 3, width: 10, act: fn (x) { tanh(x) }), d, epochs: 6)
            print(abs(s.final_loss - t.final_loss) <= 1e-5 * s.final_loss, s.test_acc == t.test_acc)
            """)
        #expect(errors.isEmpty, "\(errors)")
        #expect(host.lines.suffix(2) == ["true true", "true true"], "\(host.lines)")
    }

    /// A custom activation works in every builtin that takes a family, and its provenance says
    /// what it computed.
    @Test func aCustomActivationGoesEverywhere() {
        let (errors, host) = Self.run(
            """
            fn softsign(x) { x / (1 + abs(x)) }
            net = mlp(depth: 4, params: 1500, act: softsign)
            v = variability(net, samples: 8)
            v
            print(v.act, v.act_formula)
            landscape(net).v3 > 0
            t = sweep(depth: [2, 4], act: [abs, softsign], params: 1500) |> variability(samples: 6)
            print(t.act)
            r = trainability(mlp(depth: 2, width: 8, act: softsign), checkerboard(n: 150, test: 150), epochs: 5, trials: 1)
            print(r.act)
            sample(net, 2).act
            """)
        #expect(errors.isEmpty, "\(errors)")
        #expect(host.lines.contains("softsign x / (1 + abs(x))"), "\(host.lines)")
        #expect(host.lines.contains(#"["abs", "abs", "softsign", "softsign"]"#), "\(host.lines)")
        #expect(host.lines.contains { $0.contains("made with act softsign = x / (1 + abs(x)) (hash ") })
    }

    /// A changed body, or a changed number it reads from a variable, is a new family in the
    /// store: never a stored result of the old function.
    @Test func aChangedFunctionNeverReusesAStoredResult() {
        let (interpreter, host) = makeInterpreter(quick: false)
        let errors = interpreter.run(
            """
            store("custom.sqlite")
            a = 2
            f = fn (x) { a * tanh(x) }
            one = variability(mlp(depth: 3, params: 800, act: f), samples: 6, grid: 16)
            again = variability(mlp(depth: 3, params: 800, act: f), samples: 6, grid: 16)
            a = 3
            scaled = variability(mlp(depth: 3, params: 800, act: f), samples: 6, grid: 16)
            g = fn (x) { 2 * tanh(x) + 0 * x }
            body = variability(mlp(depth: 3, params: 800, act: g), samples: 6, grid: 16)
            print(one.v3 == again.v3, one.v3 != scaled.v3)
            """)
        #expect(errors.isEmpty, "\(errors)")
        let notes = host.warnings.filter { $0.hasPrefix("variability") }.map { $0.split(separator: ":").last ?? "" }
        #expect(
            notes == [
                " 0 of 6 nets from the store, 6 computed", " 6 of 6 nets from the store, 0 computed",
                " 0 of 6 nets from the store, 6 computed", " 0 of 6 nets from the store, 6 computed",
            ], "\(host.warnings)")
        #expect(host.lines.last == "true true")
    }

    /// Bottlenecks, pyramids and shapes: every measure works on them.
    @Test func widthsAndShapesGoEverywhere() {
        let (errors, host) = Self.run(
            """
            b = mlp(widths: [24, 3, 24], act: abs)
            print(b.widths, b.params, b.depth)
            s = mlp(shape: [4, 1, 4], params: 3000)
            print(s.widths, s.params <= 3000)
            variability(b, samples: 6).v3 > 0
            variability(s, samples: 6, through: checkerboard(n: 100, test: 100), planes: 2).v3 > 0
            landscape(s).v3 > 0
            profile(b).layer
            trainability(b, checkerboard(n: 150, test: 150), epochs: 5, trials: 1).acc > 0
            t = sweep(shape: [[1, 1, 1], [4, 1, 4]], params: [1000, 3000]) |> variability(samples: 4)
            print(len(t), t.widths)
            u = sweep(widths: [[8, 2, 8], [2, 8, 2]], act: [relu, fn (x) { x / (1 + abs(x)) }]) |> variability(samples: 4)
            print(len(u), u.widths)
            sample(b, 3).widths
            save(b, "b.json")
            variability(load("b.json"), samples: 4).widths
            """)
        #expect(errors.isEmpty, "\(errors)")
        // P = (2 + 1) 24 + (24 + 1) 3 + (3 + 1) 24 + (24 + 1) 1 = 268.
        #expect(host.lines.prefix(2) == ["24,3,24 268 3", "72,18,72 true"], "\(host.lines)")
        #expect(host.lines.contains(#"4 [nil, nil, "39,10,39", "72,18,72"]"#), "\(host.lines)")
        #expect(host.lines.contains(#"4 ["8,2,8", "2,8,2", "8,2,8", "2,8,2"]"#), "\(host.lines)")
        #expect(
            host.lines.filter { $0 == "true" }.count == 4 && host.lines.suffix(2) == [#""24,3,24""#, #""24,3,24""#])
        #expect(host.warnings.contains { $0.contains("fresh random draws of its architecture (L=3, widths 24,3,24") })
    }

    /// The shape rule, stated in docs/measures.md: the widest layer gets the largest whole k
    /// with P(max(1, round(k a_l / max a))) <= budget, over many random shapes and budgets.
    @Test func shapesMeetTheirBudgetByTheRule() {
        var rng = RandomStream(seed: 17, stream: 0)
        for _ in 0..<400 {
            let layers = 1 + rng.index(below: 6)
            let shape = (0..<layers).map { _ in rng.uniform(0.05, 5) }
            let budget = 20 + rng.index(below: 200_000)
            guard let widths = MLPSpec.widths(shape: shape, budget: budget) else {
                #expect(MLPSpec.parameterEstimate(widths: shape.map { _ in 1 }) > Double(budget))
                continue
            }
            let k = widths.max() ?? 0
            let top = shape.max() ?? 1
            let next = shape.map { max(1, Int((Double(k + 1) * $0 / top).rounded())) }
            #expect(MLPSpec.parameterEstimate(widths: widths) <= Double(budget))
            #expect(MLPSpec.parameterEstimate(widths: next) > Double(budget), "\(shape) at \(budget)")
            let spec = MLPSpec(widths: widths)
            #expect(spec.parameterCount == MLP(spec: spec).parameterCount)
        }
        // A flat shape is the uniform rule.
        for depth in [1, 3, 8] {
            for budget in [500, 10_000, 1_000_000] {
                #expect(
                    MLPSpec.widths(shape: Array(repeating: 2.5, count: depth), budget: budget)
                        == Array(repeating: MLPSpec.width(depth: depth, budget: budget), count: depth))
            }
        }
        // Equal widths are the uniform family: the same nets under the same key.
        #expect(MLPSpec(widths: [9, 9, 9]).storeKey == MLPSpec(depth: 3, width: 9).storeKey)
    }
}
