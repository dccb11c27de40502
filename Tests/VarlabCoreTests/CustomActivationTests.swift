import Foundation
import Testing
import VarlabCore

/// Custom activations (docs/measures.md, "Custom activations"): a custom that equals a
/// built-in gives the built-in's numbers, the compiled tile program agrees with the scalar
/// tree walk, forward-mode derivatives agree with central differences, and what cannot be an
/// activation is refused with the input named.
@Suite struct CustomActivationTests {
    typealias E = ActivationExpression
    static let x = E.input

    /// x / (1 + |x|), sqrt(x^2 + 0.01), an elu written with if/else, x^3 / 10 - x, a swish,
    /// a bump made of exp, min/max and a remainder: every kind of node at least once.
    static let expressions: [(String, E)] = [
        ("softsign", .arithmetic(.divide, x, .arithmetic(.add, .constant(1), .activation(.abs, x)))),
        (
            "smoothabs",
            .function(.sqrt, .arithmetic(.add, .arithmetic(.multiply, x, x), .constant(0.01)))
        ),
        (
            "elu2",
            .select(
                .compare(.greater, x, .constant(0)), x,
                .arithmetic(.subtract, .function(.exp, x), .constant(1)))
        ),
        (
            "cubic",
            .arithmetic(
                .subtract, .arithmetic(.divide, .arithmetic(.power, x, .constant(3)), .constant(10)), x)
        ),
        ("swish", .arithmetic(.multiply, x, .activation(.sigmoid, x))),
        (
            "bump",
            .arithmetic(
                .maximum, .function(.exp, .function(.negate, .arithmetic(.multiply, x, x))),
                .arithmetic(.minimum, .function(.cos, x), .activation(.tanh, x)))
        ),
        (
            "saw",
            .arithmetic(
                .add, .arithmetic(.remainder, x, .constant(2)),
                .select(
                    .and(.compare(.less, x, .constant(1)), .not(.compare(.lessEqual, x, .constant(-1)))), x,
                    .constant(0.5)))
        ),
    ]

    static func custom(_ name: String, _ e: E) throws -> Activation {
        try Activation.custom(name: name, expression: e, source: e.formula)
    }

    // MARK: the same numbers as a built-in

    static let tanhByHand = try! Activation.custom(name: "tanh_by_hand", expression: .activation(.tanh, x))

    @Test func aCustomTanhDrawsTanhsWeights() {
        #expect(Self.tanhByHand.gainSquared == Activation.tanh.gainSquared)
        let a = MLP(spec: MLPSpec(depth: 4, budget: 2000, activation: .tanh, seed: 3))
        let b = MLP(spec: MLPSpec(depth: 4, budget: 2000, activation: Self.tanhByHand, seed: 3))
        #expect(a.layers.map(\.weights) == b.layers.map(\.weights))
    }

    /// The issue's bar: V3 and C2C within 1e-5 relative. The tile program applies the same C
    /// kernel as the built-in, so they come out equal.
    @Test func aCustomTanhHasTanhsVariability() throws {
        let options = VariabilityOptions(samples: 24, resolution: 32)
        for depth in [2, 12] {
            let builtIn = try Variability.measure(
                MLPSpec(depth: depth, budget: 3000, activation: .tanh), options: options)
            let custom = try Variability.measure(
                MLPSpec(depth: depth, budget: 3000, activation: Self.tanhByHand), options: options)
            for k in 0..<4 {
                let a = builtIn.orders[k].mean, b = custom.orders[k].mean
                #expect(Swift.abs(a - b) <= 1e-5 * Swift.abs(a), "L=\(depth) V\(k + 1): \(a) vs \(b)")
            }
            #expect(builtIn.collapse.successes == custom.collapse.successes)
            #expect(builtIn.float64Nets == custom.float64Nets)
        }
    }

    @Test func aCustomTanhTrainsAsTanh() throws {
        let data = Dataset.generate(.checkerboard, train: 300, test: 300, cells: 4, seed: 5)
        let options = TrainingOptions(epochs: 8, learningRate: 5e-3, batch: 50, seed: 9)
        let a = try Training.train(
            MLP(spec: MLPSpec(depth: 3, width: 12, activation: .tanh, seed: 6)), on: data, options: options)
        let b = try Training.train(
            MLP(spec: MLPSpec(depth: 3, width: 12, activation: Self.tanhByHand, seed: 6)), on: data, options: options)
        #expect(a.history.count == b.history.count)
        for (p, q) in zip(a.history, b.history) {
            #expect(Swift.abs(p.loss - q.loss) <= 1e-5 * Swift.abs(p.loss), "epoch \(p.epoch)")
            #expect(p.testAccuracy == q.testAccuracy)
        }
    }

    // MARK: two code paths

    /// The compiled tile program (float32 and float64) against the scalar tree walk, at many
    /// random inputs.
    @Test(arguments: expressions.map(\.0))
    func tileProgramAgreesWithTheTreeWalk(name: String) throws {
        let e = try #require(Self.expressions.first { $0.0 == name }?.1)
        let act = try Self.custom(name, e)
        var rng = RandomStream(seed: 11, stream: 0)
        let xs = (0..<3000).map { _ in rng.uniform(-6, 6) }
        var wide = xs
        act.applyToTile(&wide)
        var narrow = xs.map(Float.init)
        act.applyToTile(&narrow)
        for (i, x) in xs.enumerated() {
            let want = e.value(at: x)
            #expect(Swift.abs(wide[i] - want) <= 1e-14 * max(1, Swift.abs(want)), "\(name) at \(x)")
            let want32 = e.value(at: Double(Float(x)))
            #expect(Swift.abs(Double(narrow[i]) - want32) <= 2e-5 * max(1, Swift.abs(want32)), "\(name) f32 at \(x)")
        }
    }

    /// Forward-mode derivatives against central differences at 1,000 points (those within a
    /// step of a kink, where phi' jumps, are skipped).
    @Test(arguments: expressions.map(\.0))
    func derivativeAgreesWithCentralDifferences(name: String) throws {
        let e = try #require(Self.expressions.first { $0.0 == name }?.1)
        let act = try Self.custom(name, e)
        var checked = 0
        for i in 0..<1000 {
            let x = -5 + (Double(i) + 0.5) * 0.01
            let h = 1e-6
            let left = (e.value(at: x) - e.value(at: x - h)) / h, right = (e.value(at: x + h) - e.value(at: x)) / h
            guard Swift.abs(left - right) < 1e-3 * (1 + Swift.abs(left)) else { continue }  // a kink
            let central = (e.value(at: x + h) - e.value(at: x - h)) / (2 * h)
            let d = act.derivative(x)
            #expect(Swift.abs(d - central) <= 1e-5 * (1 + Swift.abs(central)), "\(name)' at \(x): \(d) vs \(central)")
            checked += 1
        }
        #expect(checked >= 990)
    }

    /// The training path's derivative (the float64 tile program) equals the scalar one.
    @Test func trainingUsesTheSameDerivative() throws {
        for (name, e) in Self.expressions {
            let act = try Self.custom(name, e)
            let data = Dataset.generate(.gauss, train: 64, test: 16, seed: 1)
            let net = MLP(spec: MLPSpec(depth: 2, width: 6, activation: act, seed: 2))
            let (_, g) = Training.gradient(of: net, on: data.train, loss: .mse)
            // A numerical check through the float64 reference, one weight of the first layer.
            let h: Float = 1e-3
            var plus = net, minus = net
            plus.layers[0].weights[0] += h
            minus.layers[0].weights[0] -= h
            func loss(_ n: MLP) -> Double {
                (0..<data.train.count).reduce(0.0) { s, i in
                    let f = n.evaluateReference([data.train.inputs[2 * i], data.train.inputs[2 * i + 1]]).output
                    return s + LossFunction.value(f, data.train.labels[i], .mse)
                } / Double(data.train.count)
            }
            let step = Double(plus.layers[0].weights[0]) - Double(minus.layers[0].weights[0])
            let numeric = (loss(plus) - loss(minus)) / step
            #expect(Swift.abs(Double(g[0].weights[0]) - numeric) <= 2e-2 * (1e-3 + Swift.abs(numeric)), "\(name)")
        }
    }

    // MARK: refusals and keys

    @Test func aFunctionThatIsNotFiniteIsRefusedWithTheInput() {
        let pole = E.arithmetic(.divide, .constant(1), .arithmetic(.add, Self.x, .constant(1)))
        #expect(throws: CustomActivation.Refusal.notFinite(x: -1, value: .infinity, derivative: false)) {
            try Activation.custom(name: "pole", expression: pole)
        }
        let log = E.function(.log, Self.x)
        let refusal = #expect(throws: CustomActivation.Refusal.self) {
            try Activation.custom(name: "log", expression: log)
        }
        guard case .notFinite(let at, let value, false)? = refusal else {
            Issue.record("log: \(String(describing: refusal))")
            return
        }
        #expect(at == -50 && value.isNaN)
        // A signed square root is finite at 0, its derivative is not.
        let root = E.select(
            .compare(.greaterEqual, Self.x, .constant(0)), .function(.sqrt, Self.x),
            .function(.negate, .function(.sqrt, .function(.negate, Self.x))))
        #expect(throws: CustomActivation.Refusal.notFinite(x: 0, value: .infinity, derivative: true)) {
            try Activation.custom(name: "root", expression: root)
        }
        #expect(throws: CustomActivation.Refusal.noGain) {
            try Activation.custom(name: "zero", expression: .constant(0))
        }
    }

    @Test func aSwiftClosureWithAWrongDerivativeIsRefused() throws {
        let ok = try Activation.custom(name: "cube", f: { $0 * $0 * $0 / 3 }, derivative: { $0 * $0 })
        #expect(ok.gainSquared.isFinite)
        #expect(throws: CustomActivation.Refusal.self) {
            try Activation.custom(name: "cube", f: { $0 * $0 * $0 / 3 }, derivative: { 2 * $0 })
        }
    }

    @Test func aChangedFunctionChangesTheKey() throws {
        let a = try Self.custom("f", .arithmetic(.multiply, .constant(2), .activation(.tanh, Self.x)))
        let b = try Self.custom("f", .arithmetic(.multiply, .constant(3), .activation(.tanh, Self.x)))
        let again = try Self.custom("f", .arithmetic(.multiply, .constant(2), .activation(.tanh, Self.x)))
        let key = { (act: Activation) in MLPSpec(depth: 3, budget: 1000, activation: act).storeKey }
        #expect(key(a) != key(b))
        #expect(key(a) == key(again))
        #expect(key(a).contains("act_hash=\(a.custom?.fingerprint ?? "?")"))
    }

    @Test func aCustomNetSurvivesItsFile() throws {
        for (name, e) in Self.expressions {
            let net = MLP(spec: MLPSpec(depth: 2, width: 5, activation: try Self.custom(name, e), seed: 4))
            let back = try NetFile.net(from: try JSON.parse(NetFile.json(net).text))
            #expect(back.layers.map(\.weights) == net.layers.map(\.weights))
            #expect(back.layers[0].activation == net.layers[0].activation, "\(name)")
        }
    }

    @Test func aTamperedExpressionIsRefused() throws {
        let net = MLP(spec: MLPSpec(depth: 1, width: 3, activation: try Self.custom("s", Self.expressions[0].1)))
        let text = NetFile.json(net).text.replacingOccurrences(of: "[\"+\", 1, ", with: "[\"+\", 2, ")
        #expect(text != NetFile.json(net).text)
        #expect(throws: NetFile.FormatError.self) { try NetFile.net(from: try JSON.parse(text)) }
    }
}
