import Foundation
import VarlabCore

// MARK: every activation as typed, relative to relu, and what the precision check costs.

/// Share of a family's nets whose landscape is computed in float64.
func shareFloat64(_ spec: MLPSpec, nets: Int = 100) throws -> Double {
    let r = try Variability.measure(spec, options: VariabilityOptions(samples: nets, observeUnits: false))
    return Double(r.float64Nets) / Double(nets)
}

/// Each activation alternates with relu, so a busy moment of the machine hits both alike;
/// shallow tanh (depth 1 and 2) too, which had been many times relu.
func activationRatios() throws {
    let call = { (act: String, depth: Int, samples: Int) in
        "variability(mlp(depth: \(depth), act: \(act), params: 10000), samples: \(samples))"
    }
    print("acts   as typed, \(call("ACT", 8, 500)), each beside relu (medians of \(repeats) alternating runs):")
    let cases: [(Activation, Int, Int)] = [
        (.abs, 8, 500), (.leaky(slope: Activation.defaultLeakySlope), 8, 500), (.tanh, 8, 500),
        (.sigmoid, 8, 500), (.elu, 8, 500), (.gelu, 8, 500), (.sin, 8, 500), (.tanh, 1, 200), (.tanh, 2, 200),
    ]
    for (act, depth, samples) in cases {
        var mine: [Double] = [], relu: [Double] = []
        for _ in 0..<repeats {
            relu.append(try typed(call("relu", depth, samples)))
            mine.append(try typed(call(act.name, depth, samples)))
        }
        let t = median(mine), r = median(relu)
        let share = try shareFloat64(MLPSpec(depth: depth, budget: 10_000, activation: act, seed: 1))
        print(
            String(format: "acts   %-8@ L = %d: %.3f s, relu %.3f s: %.2fx relu", act.name, depth, t, r, t / r)
                + (share > 0 ? String(format: " (%.0f%% of these nets computed in float64)", 100 * share) : ""))
    }
}

/// Training with every activation beside relu, as typed and alternating: the smooth ones
/// train through their float64 definitions (the numbers every version has given), relu in
/// fused kernels.
func trainingRatios() throws {
    let call = { (act: String) in
        "t = train(mlp(depth: 4, width: 32, act: \(act)), checkerboard(n: 2000, test: 2000), epochs: 30)"
    }
    print("train  as typed, \(call("ACT")), each beside relu (medians of \(repeats) alternating runs):")
    for act in Activation.all where act != .relu && act != .linear {
        var mine: [Double] = [], relu: [Double] = []
        for _ in 0..<repeats {
            relu.append(try typed(call("relu")))
            mine.append(try typed(call(act.name)))
        }
        let t = median(mine), r = median(relu)
        print(String(format: "train  %-8@: %.3f s, relu %.3f s: %.2fx relu", act.name, t, r, t / r))
    }
}

/// A family that goes to float64 up front beside a bare float64 pass over the same nets
/// (landscape and measures, nothing else), alternating.
func precisionCosts() throws {
    for (act, depth) in [(Activation.sigmoid, 8), (.sigmoid, 16), (.tanh, 1)] {
        let spec = MLPSpec(depth: depth, budget: 10_000, activation: act, seed: 1)
        let samples = 200
        var checked: [Double] = [], bare: [Double] = []
        var result: VariabilityResult?
        for _ in 0..<repeats {
            checked.append(
                try time {
                    result = try Variability.measure(
                        spec, options: VariabilityOptions(samples: samples, observeUnits: false),
                        execution: Execution(threads: threads))
                })
            bare.append(
                time {
                    DispatchQueue.concurrentPerform(iterations: threads) { t in
                        for i in stride(from: t, to: samples, by: threads) {
                            _ = LandscapeMeasures(
                                PreciseLandscape.float64(MLP(spec: spec, index: UInt64(i)), resolution: 64))
                        }
                    }
                })
        }
        let share = Double(result?.float64Nets ?? 0) / Double(samples)
        print(
            String(
                format:
                    "float64 %@ L = %d, 200 nets: variability %.3f s (%.0f%% float64%@) | bare float64 pass "
                    + "%.3f s | ratio %.2f",
                act.name, depth, median(checked), 100 * share, result?.float64UpFront == true ? ", up front" : "",
                median(bare), median(checked) / median(bare)))
    }
}

/// Custom activations as typed beside the built-in they equal (and softsign beside tanh), in
/// variability and in training, alternating; the V3s are compared too (they must agree).
func customCosts() throws {
    let variability = { (act: String) in "v = variability(mlp(depth: 8, act: \(act), params: 10000), samples: 500)" }
    let training = { (act: String) in
        "t = train(mlp(depth: 4, width: 32, act: \(act)), checkerboard(n: 2000, test: 2000), epochs: 30)"
    }
    print("custom as typed beside the built-in (medians of \(repeats) alternating runs):")
    let pairs = [
        ("fn (x) { tanh(x) }", "tanh"), ("fn (x) { abs(x) }", "abs"), ("fn (x) { x / (1 + abs(x)) }", "tanh"),
        ("fn (x) { if x > 0 { x } else { exp(x) - 1 } }", "elu"),
    ]
    for (custom, builtIn) in pairs {
        for (what, call) in [
            ("variability L = 8, 500 nets", variability), ("train L = 4, n = 32, 30 epochs", training),
        ] {
            var mine: [Double] = [], theirs: [Double] = []
            for _ in 0..<repeats {
                theirs.append(try typed(call(builtIn)))
                mine.append(try typed(call(custom)))
            }
            let t = median(mine), b = median(theirs)
            print(
                String(
                    format: "custom %@ (%@): %.3f s, %@ %.3f s: %.2fx", custom, what, t, builtIn, b, t / b))
        }
    }
    let v3 = { (act: Activation) in
        try Variability.measure(
            MLPSpec(depth: 8, budget: 10_000, activation: act), options: VariabilityOptions(samples: 200)
        )
        .orders[2].mean
    }
    let byHand = try Activation.custom(name: "tanh_by_hand", expression: .activation(.tanh, .input))
    let a = try v3(.tanh), b = try v3(byHand)
    print(
        String(
            format: "custom fn (x) { tanh(x) } V3 %.9g, tanh V3 %.9g: relative difference %.1e", b, a, abs(a - b) / a))
}
