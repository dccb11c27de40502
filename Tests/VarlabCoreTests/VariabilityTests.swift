import Testing
import VarlabCore

@Suite struct VariabilityTests {
    @Test func resultsDoNotDependOnThreadCount() throws {
        let spec = MLPSpec(depth: 6, budget: 2000, activation: .relu, seed: 11)
        let options = VariabilityOptions(samples: 40, resolution: 24)
        let one = try Variability.measure(spec, options: options, execution: Execution(threads: 1))
        let three = try Variability.measure(spec, options: options, execution: Execution(threads: 3))
        #expect(one.orders == three.orders)
        #expect(one.collapse == three.collapse)
        #expect(one.aggregate("patterns") == three.aggregate("patterns") && one.aggregate("patterns") != nil)
        #expect(one.aggregates == three.aggregates)
    }

    @Test func sameSeedSameNetDifferentSeedDifferentNet() {
        let spec = MLPSpec(depth: 3, width: 5, seed: 4)
        #expect(MLP(spec: spec, index: 2) == MLP(spec: spec, index: 2))
        #expect(MLP(spec: spec, index: 2) != MLP(spec: spec, index: 3))
        #expect(MLP(spec: spec) != MLP(spec: spec.with(seed: 5)))
    }

    @Test func cancellationStopsTheWork() {
        let spec = MLPSpec(depth: 4, budget: 2000)
        #expect(throws: Cancelled.self) {
            _ = try Variability.measure(
                spec, options: VariabilityOptions(samples: 50, resolution: 16),
                execution: Execution(threads: 2, isCancelled: { true }))
        }
    }

    /// A reduced-size version of the paper's claims at P = 10000 (docs/measures.md).
    @Test func paperClaimsAtReducedSize() throws {
        let options = VariabilityOptions(samples: 60, resolution: 32, observeUnits: false)
        let execution = Execution(threads: 2)
        var v3: [Activation: [Int: Double]] = [:]
        var c2c: [Activation: [Int: Double]] = [:]
        for act in [Activation.relu, .abs] {
            for depth in [1, 4, 16, 64] {
                let r = try Variability.measure(
                    MLPSpec(depth: depth, budget: 10_000, activation: act, seed: 2024),
                    options: options, execution: execution)
                v3[act, default: [:]][depth] = r.headline.mean
                c2c[act, default: [:]][depth] = r.collapse.rate
            }
        }
        for act in [Activation.relu, .abs] {
            let v = v3[act]!
            #expect(v[16]! > v[1]! && v[16]! > v[4]!, "V3 rises with depth for \(act)")
            #expect(v[64]! < v[16]!, "then falls for \(act)")
        }
        for depth in [1, 4, 16, 64] {
            #expect(v3[.abs]![depth]! > v3[.relu]![depth]!, "abs above relu at L = \(depth)")
        }
        #expect(c2c[.relu]![64]! > 0.2, "ReLU collapses often at L = 64")
        #expect(c2c[.abs]![64]! < 0.1, "abs rarely collapses")
        #expect(c2c[.relu]![4]! == 0)
    }

    @Test func fewerActivationsLowerVariability() throws {
        let options = VariabilityOptions(samples: 40, resolution: 32, observeUnits: false)
        let full = try Variability.measure(
            MLPSpec(depth: 16, budget: 10_000, activation: .abs, actRatio: 1), options: options)
        let quarter = try Variability.measure(
            MLPSpec(depth: 16, budget: 10_000, activation: .abs, actRatio: 0.25), options: options)
        #expect(quarter.headline.mean < full.headline.mean)
    }
}
