import Foundation
import Testing
import VarlabCore

/// Data and training that said nothing wrong while something was (docs/measures.md, "Data
/// with d features" and "Training").
@Suite struct DataTrustTests {
    /// A digits pixel that is constant over the training points had been divided by its
    /// rounding-noise deviation: `max(...points.x8)` was 2.5e13. Such features are only centred.
    @Test func standardisingLeavesTrainConstantFeaturesCentred() throws {
        let data = try Digits.dataset(task: .pair(3, 8), standardise: true)
        let d = data.dimension
        let raw = try Digits.dataset(task: .pair(3, 8))
        for k in 0..<d {
            let column = (0..<data.train.count).map { data.train.inputs[d * $0 + k] }
            let constant = (0..<raw.train.count).allSatisfy { raw.train.inputs[d * $0 + k] == raw.train.inputs[k] }
            if constant {
                #expect(column.allSatisfy { $0 == 0 }, "feature \(k + 1)")
                // Test points are shifted by the same exact value, never scaled.
                for i in 0..<data.test.count {
                    #expect(data.test.inputs[d * i + k] == raw.test.inputs[d * i + k] - raw.train.inputs[k])
                }
            } else {
                let mean = column.reduce(0, +) / Double(column.count)
                let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)
                #expect(abs(mean) < 1e-9 && abs(variance - 1) < 1e-9, "feature \(k + 1)")
            }
        }
        #expect(data.train.inputs.allSatisfy { abs($0) < 100 } && data.test.inputs.allSatisfy { abs($0) < 1e6 })
    }

    /// relu L = 64 nets on 8-D parity that predict one label had reported `collapsed: false`:
    /// the check ran only for 2 inputs. Now it runs over the data's points (train and test),
    /// checked here against the spread computed in the test.
    @Test func theCollapseCheckRunsForEveryInputDimension() throws {
        let data = SyntheticTask.parity(dimension: 8, coordinates: 2).generate(train: 3000, test: 1000)
        var collapsed = 0
        for seed in UInt64(1)...8 {
            let net = MLP(spec: MLPSpec(input: 8, depth: 64, budget: 10_000, activation: .relu, seed: seed), index: 0)
            let trained = try Training.train(net, on: data, options: TrainingOptions(epochs: 20, learningRate: 2e-3))
            let f = (Training.outputs(trained.net, data.train) + Training.outputs(trained.net, data.test)).map(
                Double.init)
            let rms = (f.map { $0 * $0 }.reduce(0, +) / Double(f.count)).squareRoot()
            let mean = f.reduce(0, +) / Double(f.count)
            let std = (f.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(f.count)).squareRoot()
            let constant = rms == 0 || std / rms <= 1e-3
            #expect(trained.collapsed == constant, "seed \(seed): spread \(std / rms)")
            if constant {
                collapsed += 1
                #expect(abs(trained.testAccuracy - 0.5) < 0.05)  // one label: chance on balanced parity
            }
        }
        #expect(collapsed >= 1)
        // A shallow wide net is not collapsed.
        let alive = MLP(spec: MLPSpec(input: 8, depth: 2, budget: 10_000, activation: .relu, seed: 1), index: 0)
        #expect(!Training.isCollapsed(alive, data: data))
    }
}
