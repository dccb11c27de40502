import CKernels

/// Settings of one training run (defaults: docs/measures.md).
public struct TrainingOptions: Sendable {
    /// Passes over the training points.
    public var epochs = 300
    /// The step size.
    public var learningRate = 2e-3
    /// Points per step.
    public var batch = 128
    /// The update rule.
    public var optimizer = Optimizer.adam
    /// The loss trained on.
    public var loss = LossKind.logistic
    /// Seeds the minibatch order.
    public var seed: UInt64 = RandomStream.defaultSeed
    /// How many times accuracy is measured during training (the history's rows).
    public var evaluations = 20

    /// Training settings; the defaults are varlab's (docs/measures.md).
    public init(
        epochs: Int = 300, learningRate: Double = 2e-3, batch: Int = 128, optimizer: Optimizer = .adam,
        loss: LossKind = .logistic, seed: UInt64 = RandomStream.defaultSeed, evaluations: Int = 20
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.batch = batch
        self.optimizer = optimizer
        self.loss = loss
        self.seed = seed
        self.evaluations = evaluations
    }
}

/// One evaluated epoch of a run.
public struct EpochRecord: Equatable, Sendable {
    /// The epoch, from 1.
    public var epoch: Int
    /// The mean training loss of that epoch.
    public var loss: Double
    /// Accuracy on the training points.
    public var trainAccuracy: Double
    /// Accuracy on the test points.
    public var testAccuracy: Double
}

/// A trained net and how it got there.
public struct TrainingResult: Sendable {
    /// The trained net.
    public var net: MLP
    /// The evaluated epochs, in order.
    public var history: [EpochRecord]
    /// Why training stopped early (a NaN or infinite loss), nil when it ran to the end.
    public var diverged: String?
    /// The trained net is constant on the square (C2C at tol 1e-3 on a 32 x 32 grid): it can
    /// only predict one label, whatever its accuracy says.
    public var collapsed = false
    /// Final accuracy on the training points.
    public var trainAccuracy: Double
    /// Final accuracy on the test points.
    public var testAccuracy: Double
    /// Update steps taken.
    public var steps: Int
    /// The mean training loss of every epoch run, in order (loss_auc is their mean).
    public var epochLosses: [Double] = []
    /// The epoch the user stopped it in (Ctrl-C while watching), nil when it was not
    /// stopped: the net and history are then those so far.
    public var interruptedInEpoch: Int?
}

/// Looks at a run while it trains: every `every` epochs, the epoch, its mean training loss
/// and the net so far (what `train(..., watch: true)` draws).
public struct TrainingWatch {
    /// Epochs between two observations.
    public var every: Int
    /// Called with the epoch, its loss and the net so far.
    public var observe: (_ epoch: Int, _ loss: Double, _ net: MLP) -> Void
    /// Observes a run every `every` epochs.
    public init(every: Int, observe: @escaping (_ epoch: Int, _ loss: Double, _ net: MLP) -> Void) {
        self.every = max(1, every)
        self.observe = observe
    }
}

/// Minibatch training of the scalar-output MLP with exact backpropagation (subgradient 0
/// at kinks) in float32, on the same packed layout and kernels as the forward pass.
public enum Training {
    /// Cancelling throws `Cancelled`, unless `keepOnCancel`: then the run stops and returns
    /// what it has, marked `interrupted`. `threads` > 1 lets a wide net's steps use a second
    /// core; the result is the same to the bit.
    public static func train(
        _ net: MLP, on data: Dataset, options: TrainingOptions, threads: Int = 1,
        isCancelled: () -> Bool = { false },
        progress: ((Int, Int) -> Void)? = nil,
        keepOnCancel: Bool = false, watch: TrainingWatch? = nil
    ) throws -> TrainingResult {
        var state = TrainingState(net: net, batch: options.batch, threads: threads)
        let split = data.train
        var order = Array(0..<split.count)
        var rng = RandomStream(seed: options.seed, stream: 0x7EA1)
        var history: [EpochRecord] = []
        var diverged: String? = nil
        var steps = 0
        var interruptedInEpoch: Int? = nil
        var epochLosses: [Double] = []
        let evaluateEvery = max(1, options.epochs / max(1, options.evaluations))
        // The history's rows before the last estimate accuracy on fixed samples of the splits
        // (docs/measures.md, "Training"): at the default 10000 test points, evaluating them
        // all 20 times cost a third of a run.
        let trainSample = data.train.strided(atMost: Training.historySample)
        let testSample = data.test.strided(atMost: Training.historySample)
        epochs: for epoch in 1...max(1, options.epochs) {
            // Fisher-Yates with our own generator: the same order on every platform.
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.index(below: i + 1)) }
            var lossSum = 0.0
            var start = 0
            while start < order.count {
                if isCancelled() {
                    guard keepOnCancel else { throw Cancelled() }
                    interruptedInEpoch = epoch
                    break epochs
                }
                let count = min(options.batch, order.count - start)
                let loss = state.step(split, order[start..<(start + count)], options: options, step: steps + 1)
                steps += 1
                guard loss.isFinite else {
                    diverged =
                        "training diverged at epoch \(epoch): the loss became "
                        + "\(loss.isNaN ? "NaN" : "infinite") (try a smaller learning rate than "
                        + "\(options.learningRate))"
                    break epochs
                }
                lossSum += loss * Double(count)
                start += count
            }
            if diverged == nil && interruptedInEpoch == nil {
                epochLosses.append(lossSum / Double(max(1, order.count)))
            }
            progress?(epoch, options.epochs)
            if epoch % evaluateEvery == 0 || epoch == options.epochs {
                let current = state.net(), last = epoch == options.epochs
                history.append(
                    EpochRecord(
                        epoch: epoch, loss: lossSum / Double(max(1, order.count)),
                        trainAccuracy: accuracy(current, last ? data.train : trainSample),
                        testAccuracy: accuracy(current, last ? data.test : testSample)))
            }
            if let watch, epoch % watch.every == 0 || epoch == options.epochs {
                watch.observe(epoch, lossSum / Double(max(1, order.count)), state.net())
            }
        }
        let trained = state.net()
        // A diverged run counts as chance (0.5); otherwise the last evaluation is final.
        guard diverged == nil else {
            var result = TrainingResult(
                net: trained, history: history, diverged: diverged, trainAccuracy: 0.5, testAccuracy: 0.5, steps: steps)
            result.epochLosses = epochLosses
            return result
        }
        let last = history.last.flatMap { $0.epoch == options.epochs ? $0 : nil }
        var result = TrainingResult(
            net: trained, history: history, diverged: nil,
            trainAccuracy: last?.trainAccuracy ?? accuracy(trained, data.train),
            testAccuracy: last?.testAccuracy ?? accuracy(trained, data.test), steps: steps)
        result.epochLosses = epochLosses
        result.interruptedInEpoch = interruptedInEpoch
        result.collapsed = isCollapsed(trained, data: data)
        return result
    }

    /// Whether a trained net is constant where it is used (docs/measures.md, "Training"):
    /// on the square (a 32 x 32 grid) for 2 inputs; beyond, over the data's points, train and
    /// test, since a grid of d dimensions is out of reach (relu L = 64 nets on 8-D parity that
    /// predicted one label had said `collapsed: false`, checked on nothing).
    public static func isCollapsed(_ net: MLP, data: Dataset) -> Bool {
        if net.input == 2 {
            return LandscapeProbe(net: net, resolution: 32, observe: false, reportsValues: false).measures.isCollapsed()
        }
        let values = (outputs(net, data.train) + outputs(net, data.test)).map(Double.init)
        let moments = LandscapeMeasures.spreadAndRMS(values)
        return moments.rms == 0 || moments.spread <= LandscapeMeasures.defaultTolerance
    }

    /// Points of each split that the history's rows before the last are measured on.
    public static let historySample = 2000

    /// The gradient of the mean loss over `split` with respect to every weight and bias,
    /// by the same batched backpropagation that training uses (float32).
    public static func gradient(of net: MLP, on split: Dataset.Split, loss: LossKind) -> (
        loss: Double, layers: [DenseLayer]
    ) {
        var state = TrainingState(net: net, batch: split.count)
        let value = state.lossAndGradients(split, Array(0..<split.count)[...], loss: loss)
        return (value, state.gradients())
    }

    /// Share of points where sign(f) equals the label (f = 0 counts as wrong).
    public static func accuracy(_ net: MLP, _ split: Dataset.Split) -> Double {
        accuracy(outputs: outputs(net, split), split)
    }

    /// The same from the net's outputs at the split's points (computed once elsewhere).
    public static func accuracy(outputs f: [Float], _ split: Dataset.Split) -> Double {
        guard split.count > 0, f.count == split.count else { return 0 }
        var correct = 0
        for i in 0..<split.count where (f[i] > 0 && split.labels[i] > 0) || (f[i] < 0 && split.labels[i] < 0) {
            correct += 1
        }
        return Double(correct) / Double(split.count)
    }

    /// The net's outputs at the split's points, by the batched kernels.
    public static func outputs(_ net: MLP, _ split: Dataset.Split) -> [Float] {
        let n = split.count
        let d = split.dimension
        var coords = [Float](repeating: 0, count: d * n)
        for i in 0..<n {
            for k in 0..<d { coords[k * n + i] = Float(split.inputs[d * i + k]) }
        }
        return BatchForward(net).evaluate(coordinates: coords, count: n).outputs
    }

    /// Mean loss of the net over a split, in float64 (for tests and reports).
    public static func loss(_ net: MLP, _ split: Dataset.Split, kind: LossKind) -> Double {
        let f = outputs(net, split)
        return (0..<split.count).reduce(0.0) { $0 + LossFunction.value(Double(f[$1]), split.labels[$1], kind) }
            / Double(max(1, split.count))
    }
}
