import Foundation
import Testing
import VarlabCore

@Suite struct TrainingTests {
    /// Mean loss in float64 through the reference evaluator.
    static func referenceLoss(_ net: MLP, _ split: Dataset.Split, _ kind: LossKind) -> Double {
        (0..<split.count).reduce(0.0) { sum, i in
            sum
                + LossFunction.value(
                    net.evaluateReference([split.inputs[2 * i], split.inputs[2 * i + 1]]).output, split.labels[i], kind)
        } / Double(split.count)
    }

    /// A net's weights in float32 cannot carry a finite-difference step, so the check
    /// perturbs the float64 evaluation of a float32 net: f(w + h) - f(w - h) with w + h
    /// representable exactly enough at h = 1e-4 relative to the loss' curvature.
    static func finiteDifference(
        _ net: MLP, layer l: Int, weight j: Int?, bias b: Int?, split: Dataset.Split, kind: LossKind
    ) -> Double {
        let h: Float = 1e-4
        var plus = net, minus = net
        if let j {
            plus.layers[l].weights[j] += h
            minus.layers[l].weights[j] -= h
        }
        if let b {
            plus.layers[l].bias[b] += h
            minus.layers[l].bias[b] -= h
        }
        let step =
            j.map { Double(plus.layers[l].weights[$0]) - Double(minus.layers[l].weights[$0]) }
            ?? b.map { Double(plus.layers[l].bias[$0]) - Double(minus.layers[l].bias[$0]) } ?? 1
        return (referenceLoss(plus, split, kind) - referenceLoss(minus, split, kind)) / step
    }

    static let acts: [Activation] = Activation.all.map { $0.withSlope(0.1) }  // every registered activation

    @Test(arguments: acts)
    func backpropMatchesCentralDifferences(act: Activation) {
        let data = Dataset.generate(.circle, train: 37, test: 1, seed: 4)
        for (kind, ratio) in [(LossKind.logistic, 1.0), (.mse, 0.5)] {
            let net = MLP(spec: MLPSpec(depth: 3, width: 5, activation: act, actRatio: ratio, seed: 21))
            let (_, grads) = Training.gradient(of: net, on: data.train, loss: kind)
            var checked = 0
            for l in net.layers.indices {
                for j in stride(from: 0, to: net.layers[l].weights.count, by: 3) {
                    let fd = Self.finiteDifference(net, layer: l, weight: j, bias: nil, split: data.train, kind: kind)
                    let bp = Double(grads[l].weights[j])
                    // Skip the rare weight whose step moves a pre-activation across a kink.
                    if [.relu, .abs, .leaky(slope: 0.1)].contains(act), abs(fd - bp) > 0.05 * max(abs(fd), 1e-3) {
                        continue
                    }
                    #expect(
                        abs(fd - bp) <= 2e-3 * max(abs(fd), 0.05),
                        "\(act) \(kind) layer \(l) weight \(j): fd \(fd) bp \(bp)")
                    checked += 1
                }
                let fd = Self.finiteDifference(net, layer: l, weight: nil, bias: 0, split: data.train, kind: kind)
                #expect(
                    abs(fd - Double(grads[l].bias[0])) <= 2e-3 * max(abs(fd), 0.05)
                        || [.relu, .abs, .leaky(slope: 0.1)].contains(act))
            }
            #expect(checked > 10)
        }
    }

    /// A batch of 300 points (more than one 256-point block of the GEMM kernel) gives the
    /// same gradient as the sum of two smaller batches.
    @Test func largeBatchGradientMatchesSplitBatches() {
        let data = Dataset.generate(.gauss, train: 300, test: 1, seed: 8)
        let net = MLP(spec: MLPSpec(depth: 2, width: 270, activation: .abs, seed: 2))
        let (_, whole) = Training.gradient(of: net, on: data.train, loss: .mse)
        func part(_ range: Range<Int>) -> Dataset.Split {
            Dataset.Split(
                inputs: Array(data.train.inputs[(2 * range.lowerBound)..<(2 * range.upperBound)]),
                labels: Array(data.train.labels[range]))
        }
        let (_, a) = Training.gradient(of: net, on: part(0..<100), loss: .mse)
        let (_, b) = Training.gradient(of: net, on: part(100..<300), loss: .mse)
        for l in whole.indices {
            for j in stride(from: 0, to: whole[l].weights.count, by: 97) {
                let combined = (Double(a[l].weights[j]) * 100 + Double(b[l].weights[j]) * 200) / 300
                #expect(abs(Double(whole[l].weights[j]) - combined) <= 1e-4 * max(1, abs(combined)))
            }
        }
    }

    @Test func gradientOfAHandNet() {
        // f = 2 relu(x) + 0.5, MSE at (0.5, 0) with label 1: f = 1.5, dL/df = 2 (f - 1) = 1.
        let net = MLP(layers: [
            DenseLayer(inputs: 2, outputs: 1, weights: [1, 0], bias: [0], activation: .relu),
            DenseLayer(inputs: 1, outputs: 1, weights: [2], bias: [0.5], activation: .linear),
        ])
        let split = Dataset.Split(inputs: [0.5, 0], labels: [1])
        let (loss, g) = Training.gradient(of: net, on: split, loss: .mse)
        #expect(abs(loss - 0.25) < 1e-6)
        #expect(abs(g[1].weights[0] - 0.5) < 1e-6)  // dL/dv = dL/df * relu(x) = 0.5
        #expect(abs(g[1].bias[0] - 1) < 1e-6)
        #expect(abs(g[0].weights[0] - 1) < 1e-6)  // dL/dw1 = 1 * 2 * x = 1
        #expect(g[0].weights[1] == 0)  // y = 0
        #expect(abs(g[0].bias[0] - 2) < 1e-6)
    }

    @Test func trainingLearnsXorAndLeavesTheInputNetAlone() throws {
        let data = Dataset.generate(.xor, train: 400, test: 400, seed: 2)
        let net = MLP(spec: MLPSpec(depth: 2, width: 16, activation: .abs, seed: 3))
        let before = net
        let result = try Training.train(
            net, on: data, options: TrainingOptions(epochs: 60, learningRate: 1e-2, batch: 64, seed: 1))
        #expect(net == before)
        #expect(result.testAccuracy > 0.9)
        #expect(result.history.count >= 2)
        #expect(result.history.last!.loss < result.history.first!.loss)
    }

    @Test func hugeLearningRateStopsWithAMessage() throws {
        let data = Dataset.generate(.gauss, train: 200, test: 100, seed: 2)
        let net = MLP(spec: MLPSpec(depth: 4, width: 16, activation: .relu, seed: 3))
        let result = try Training.train(
            net, on: data, options: TrainingOptions(epochs: 50, learningRate: 1e12, optimizer: .sgd, loss: .mse))
        #expect(result.diverged?.contains("diverged") == true)
    }

    @Test func sameSeedSameTraining() throws {
        let data = Dataset.generate(.checkerboard, train: 300, test: 300, cells: 4, seed: 5)
        let net = MLP(spec: MLPSpec(depth: 3, width: 8, activation: .abs, seed: 6))
        let options = TrainingOptions(epochs: 5, learningRate: 5e-3, batch: 50, seed: 9)
        let a = try Training.train(net, on: data, options: options),
            b = try Training.train(net, on: data, options: options)
        #expect(a.net == b.net)
        #expect(a.history == b.history)
    }

    /// A second thread takes half the rows of each wide layer's products and half the
    /// optimiser's entries (docs/measures.md, "Training"): the run must be the same to the
    /// bit. Widths 61 and 50 are not multiples of the kernels' row blocks, so the parts
    /// have ragged ends; the residual case also sends gradients through the skips.
    @Test(arguments: [
        (Activation.relu, Optimizer.adam, false, 61), (.tanh, .sgd, false, 50), (.abs, .momentum, true, 61),
        (.gelu, .adam, true, 64),
    ])
    func twoThreadsTrainTheSameNetToTheBit(act: Activation, optimizer: Optimizer, residual: Bool, width: Int) throws {
        let data = Dataset.generate(.checkerboard, train: 300, test: 50, cells: 4, seed: 5)
        var spec = MLPSpec(depth: 3, width: width, activation: act, seed: 6)
        spec.residual = residual
        let net = MLP(spec: spec)
        let options = TrainingOptions(
            epochs: 3, learningRate: 1e-2, batch: 100, optimizer: optimizer, loss: .logistic, seed: 9)
        let one = try Training.train(net, on: data, options: options, threads: 1)
        let two = try Training.train(net, on: data, options: options, threads: 2)
        let sameNet = one.net == two.net, sameHistory = one.history == two.history, trained = one.net != net
        #expect(sameNet)
        #expect(sameHistory)
        #expect(trained)
    }

    /// The history's rows before the last measure accuracy on every k-th point of each
    /// split (at most Training.historySample); the last row and the result use them all.
    @Test func historyRowsUseFixedSamplesAndTheLastRowEveryPoint() throws {
        let data = Dataset.generate(.checkerboard, train: 2500, test: 4500, cells: 4, seed: 5)
        let net = MLP(spec: MLPSpec(depth: 2, width: 12, activation: .abs, seed: 6))
        let result = try Training.train(
            net, on: data, options: TrainingOptions(epochs: 4, learningRate: 1e-2, evaluations: 2))
        #expect(result.history.map(\.epoch) == [2, 4])
        let last = try #require(result.history.last)
        #expect(last.testAccuracy == Training.accuracy(result.net, data.test))
        #expect(last.trainAccuracy == Training.accuracy(result.net, data.train))
        #expect(result.testAccuracy == last.testAccuracy)
        // Row 1 comes from the net after epoch 2: retrain to there and compare on the samples.
        let half = try Training.train(
            net, on: data, options: TrainingOptions(epochs: 2, learningRate: 1e-2, evaluations: 1))
        // A 4-epoch run's first two epochs are the 2-epoch run (same seed, same order).
        let first = result.history[0]
        #expect(first.testAccuracy == Training.accuracy(half.net, data.test.strided(atMost: Training.historySample)))
        #expect(first.trainAccuracy == Training.accuracy(half.net, data.train.strided(atMost: Training.historySample)))
    }

    @Test func stridedSamplesSpreadOverTheSplit() {
        // Labels sorted as a CSV might be: the first half -1, the second +1.
        let n = 4999
        let split = Dataset.Split(
            inputs: (0..<n).flatMap { [Double($0), -Double($0)] }, labels: (0..<n).map { $0 < n / 2 ? -1 : 1 })
        let sample = split.strided(atMost: 2000)
        #expect(sample.count <= 2000 && sample.count >= 1600)
        #expect(abs(sample.positiveShare - split.positiveShare) < 0.01)
        // Every 3rd point, pairs kept.
        #expect(sample.inputs[0] == 0 && sample.inputs[2] == 3 && sample.inputs[3] == -3)
        #expect(split.strided(atMost: 10_000) == split)
    }

    @Test func trainabilityDoesNotDependOnThreads() throws {
        let data = Dataset.generate(.checkerboard, train: 256, test: 256, cells: 4, seed: 5)
        let spec = MLPSpec(depth: 3, width: 8, activation: .relu, seed: 6)
        let options = TrainingOptions(epochs: 4, batch: 64)
        let one = try Trainability.measure(
            spec, data: data, trials: 3, learningRates: [1e-3, 1e-2], training: options,
            execution: Execution(threads: 1))
        let three = try Trainability.measure(
            spec, data: data, trials: 3, learningRates: [1e-3, 1e-2], training: options,
            execution: Execution(threads: 3))
        #expect(one.rates.map(\.trials) == three.rates.map(\.trials))
        #expect(one.bestIndex == three.bestIndex)
    }

    @Test func checkerboardLabelsAreExact() {
        #expect(Dataset.checkerboardLabel(x: -0.99, y: -0.99, cells: 6) == 1)
        #expect(Dataset.checkerboardLabel(x: -0.5, y: -0.99, cells: 6) == -1)  // cells (1, 0)
        #expect(Dataset.checkerboardLabel(x: 1, y: 1, cells: 6) == 1)  // clamped to (5, 5)
        let d = Dataset.generate(.checkerboard, train: 4000, test: 10, cells: 6, seed: 1)
        #expect(abs(d.train.positiveShare - 0.5) < 0.03)
        for i in 0..<d.train.count {
            #expect(
                d.train.labels[i]
                    == Dataset.checkerboardLabel(x: d.train.inputs[2 * i], y: d.train.inputs[2 * i + 1], cells: 6))
        }
    }

    @Test func csvRowsAreCheckedAndNothingIsHalfLoaded() {
        do {
            _ = try Dataset.parseCSV("x,y,label\n0.1,0.2,1\n0.3,abc,-1\n", name: "t")
            Issue.record("accepted a bad row")
        } catch let e as Dataset.CSVError {
            #expect(e.line == 3 && e.message == "'abc' is not a number")
        } catch { Issue.record("\(error)") }
        #expect(throws: Dataset.CSVError.self) { try Dataset.parseCSV("0.1,0.2,1\n0.3,0.4,2\n", name: "t") }
        #expect(throws: Dataset.CSVError.self) { try Dataset.parseCSV("0.1,0.2\n", name: "t") }
        let ok = try? Dataset.parseCSV("x,y,label\n0.1,0.2,1\n0.3,0.4,0\n-0.5,0.5,-1\n0.9,0.9,1\n", name: "t")
        #expect(ok.map { $0.train.count + $0.test.count } == 4)
        #expect(ok.map { ($0.train.labels + $0.test.labels).sorted() } == [-1, -1, 1, 1])
    }
}
