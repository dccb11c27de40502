/// Trainability of an architecture (docs/measures.md): mean test accuracy after training over
/// several seeds; with several learning rates, the best mean and the rate that gave it.
public struct TrainabilityResult: Sendable {
    public struct RateResult: Sendable {
        public var learningRate: Double
        public var accuracy: Estimate
        /// Test accuracy of each trial, in trial order.
        public var trials: [Double]
        public var diverged: Int
        /// Trials whose trained net is constant on the square.
        public var collapsed: Int
    }

    public var spec: MLPSpec
    public var rates: [RateResult]
    /// Index into `rates` of the best mean accuracy (the first one on ties).
    public var bestIndex: Int
    public var best: RateResult { rates[bestIndex] }
}

public enum Trainability {
    public static func measure(_ spec: MLPSpec, data: Dataset, trials: Int, learningRates: [Double],
                               training: TrainingOptions, execution: Execution = .serial) throws -> TrainabilityResult {
        let jobs = learningRates.flatMap { lr in (0..<trials).map { (lr, $0) } }
        // Each (rate, trial) runs alone on one thread; trial t trains net t of the family
        // with its own minibatch order, so results do not depend on the thread count.
        let runs = try execution.map(jobs.count) { j -> TrainingResult in
            let (lr, trial) = jobs[j]
            var options = training
            options.learningRate = lr
            options.seed = SplitMix64.mix(spec.seed &+ 0x9E37_79B9 &* UInt64(trial + 1))
            return try Training.train(MLP(spec: spec, index: UInt64(trial)), on: data, options: options,
                                      isCancelled: execution.isCancelled)
        }
        let rates = learningRates.enumerated().map { r, lr -> TrainabilityResult.RateResult in
            let chunk = runs[(r * trials)..<((r + 1) * trials)]
            let accuracies = chunk.map(\.testAccuracy)
            return .init(learningRate: lr, accuracy: Estimate(accuracies), trials: accuracies, diverged: chunk.filter { $0.diverged != nil }.count,
                         collapsed: chunk.filter(\.collapsed).count)
        }
        var best = 0
        for (i, r) in rates.enumerated() where r.accuracy.mean > rates[best].accuracy.mean { best = i }
        return TrainabilityResult(spec: spec, rates: rates, bestIndex: best)
    }
}
