/// Trainability of an architecture (docs/measures.md): mean test accuracy after training over
/// several seeds; with several learning rates, the best mean and the rate that gave it.
public struct TrainabilityResult: Sendable {
    /// What one learning rate gave over the trials.
    public struct RateResult: Sendable {
        /// The learning rate.
        public var learningRate: Double
        /// Mean test accuracy over the trials, with its interval.
        public var accuracy: Estimate
        /// Each trial's whole outcome, in trial order (curves and loss_auc included).
        public var outcomes: [TrialOutcome]

        /// Test accuracy of each trial, in trial order.
        public var trials: [Double] { outcomes.map(\.testAccuracy) }
        /// Trials whose loss became NaN or infinite.
        public var diverged: Int { outcomes.filter(\.diverged).count }
        /// Trials whose trained net is constant where it is used.
        public var collapsed: Int { outcomes.filter(\.collapsed).count }

        /// For each trial, the first evaluated epoch whose test accuracy reaches `target`.
        public func epochsTo(_ target: Double) -> [Int?] { outcomes.map { $0.epochsTo(target) } }

        /// The share of trials that reached `target`, with its Wilson interval.
        public func reached(_ target: Double) -> Proportion {
            Proportion(successes: epochsTo(target).compactMap { $0 }.count, trials: outcomes.count)
        }

        /// The mean of epochs_to over the trials that reached `target` (nil when none did).
        public func epochsToEstimate(_ target: Double) -> Estimate? {
            let reached = epochsTo(target).compactMap { $0 }.map(Double.init)
            return reached.isEmpty ? nil : Estimate(nonNegative: reached)
        }

        /// The mean loss_auc over the trials that did not diverge (nil when all diverged).
        public var lossAUC: Estimate? {
            let values = outcomes.compactMap(\.lossAUC)
            return values.isEmpty ? nil : Estimate(nonNegative: values)
        }
    }

    /// The family trained.
    public var spec: MLPSpec
    /// One result per learning rate, in the order given.
    public var rates: [RateResult]
    /// Index into `rates` of the best mean accuracy (the first one on ties).
    public var bestIndex: Int
    /// The learning rate with the best mean accuracy.
    public var best: RateResult { rates[bestIndex] }
    /// Training runs read from the store, computed, and left to other shards.
    public var work = WorkTally()
}

/// Trains random nets of a family and reports their test accuracy (docs/measures.md).
public enum Trainability {
    /// Trains `trials` nets of the family at each learning rate (the store and shards as for variability).
    public static func measure(
        _ spec: MLPSpec, data: Dataset, trials: Int, learningRates: [Double],
        training: TrainingOptions, execution: Execution = .serial
    ) throws -> TrainabilityResult {
        let jobs = learningRates.flatMap { lr in (0..<trials).map { (lr, $0) } }
        let experiments = learningRates.map { experimentKey(spec, data: data, training: training, learningRate: $0) }
        // Runs the store has are read; this shard's missing ones are trained and stored.
        var stored: [Int: TrialOutcome] = [:]
        if let store = execution.store {
            for (r, key) in experiments.enumerated() {
                for (t, outcome) in try store.trials(key, Array(0..<trials)) { stored[r * trials + t] = outcome }
            }
        }
        let missing = jobs.indices.filter { stored[$0] == nil && (execution.shard?.owns($0) ?? true) }
        // Each (rate, trial) runs alone on one thread; trial t trains net t of the family
        // with its own minibatch order, so results do not depend on the thread count.
        let computed = try execution.map(missing.count) { m -> TrialOutcome in
            let (lr, trial) = jobs[missing[m]]
            let run = try train(
                spec, trial: trial, on: data, learningRate: lr, training: training, isCancelled: execution.isCancelled)
            return TrialOutcome(run, learningRate: lr, trial: trial)
        }
        if let store = execution.store {
            for (r, key) in experiments.enumerated() {
                let items = zip(missing, computed).filter { $0.0 / trials == r }.map { ($0.0 % trials, $0.1) }
                if !items.isEmpty { try store.saveTrials(key, items) }
            }
        }
        var outcomes = stored
        for (j, outcome) in zip(missing, computed) { outcomes[j] = outcome }
        var work = WorkTally()
        work.stored = stored.count
        work.computed = computed.count
        work.skipped = jobs.count - outcomes.count
        let rates = learningRates.enumerated().map { r, lr -> TrainabilityResult.RateResult in
            let chunk = (r * trials..<(r + 1) * trials).compactMap { outcomes[$0] }
            return .init(
                learningRate: lr,
                accuracy: Estimate(
                    shares: chunk.map(\.testAccuracy), resolution: 0.5 / Double(max(1, data.test.count))),
                outcomes: chunk)
        }
        var best = 0
        for (i, r) in rates.enumerated() where r.accuracy.mean > rates[best].accuracy.mean { best = i }
        var result = TrainabilityResult(spec: spec, rates: rates, bestIndex: best)
        result.work = work
        return result
    }

    /// Trial `trial` of a family at one learning rate: net `trial` of the family with its own
    /// minibatch order. The same call gives the same trained net, so a kept run (the best
    /// trial of a sweep) is trained again rather than held for every trial.
    public static func train(
        _ spec: MLPSpec, trial: Int, on data: Dataset, learningRate lr: Double, training: TrainingOptions,
        isCancelled: () -> Bool = { false }
    ) throws -> TrainingResult {
        var options = training
        options.learningRate = lr
        options.seed = trialSeed(spec, trial: trial)
        return try Training.train(
            MLP(spec: spec, index: UInt64(trial)), on: data, options: options, isCancelled: isCancelled)
    }

    /// The seed of trial `trial`'s minibatch order.
    public static func trialSeed(_ spec: MLPSpec, trial: Int) -> UInt64 {
        SplitMix64.mix(spec.seed &+ 0x9E37_79B9 &* UInt64(trial + 1))
    }

    /// Everything that determines a training run but the trial: the family, the options,
    /// the learning rate and the data (by content).
    static func experimentKey(_ spec: MLPSpec, data: Dataset, training: TrainingOptions, learningRate: Double) -> String
    {
        [
            spec.storeKey, "epochs=\(training.epochs)", "batch=\(training.batch)",
            "optimizer=\(training.optimizer.rawValue)",
            "loss=\(training.loss.rawValue)", "evaluations=\(training.evaluations)", "lr=\(learningRate)",
            "data=\(data.fingerprint)",
        ].joined(separator: " ")
    }
}
