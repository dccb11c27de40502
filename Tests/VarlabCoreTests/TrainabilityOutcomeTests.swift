import Foundation
import Testing
import VarlabCore

/// Trainability that does not saturate (docs/measures.md): epochs_to, loss_auc and reached
/// equal a computation written here from each trial's own training run.
@Suite struct TrainabilityOutcomeTests {
    @Test func outcomesFollowFromEachRunsHistory() throws {
        let data = Dataset.generate(.checkerboard, train: 400, test: 400, cells: 2, seed: 3)
        let spec = MLPSpec(depth: 3, width: 12, activation: .abs, seed: 4)
        let options = TrainingOptions(epochs: 30, learningRate: 1e-2, batch: 64, evaluations: 30)
        let result = try Trainability.measure(spec, data: data, trials: 4, learningRates: [1e-2], training: options)
        let rate = result.best
        for target in [0.6, 0.8, 0.95, 1.0] {
            var reached = 0
            var firsts: [Int?] = []
            var aucs: [Double] = []
            for trial in 0..<4 {
                let run = try Trainability.train(spec, trial: trial, on: data, learningRate: 1e-2, training: options)
                // epochs_to: the first history row at or above the target.
                var first: Int? = nil
                for row in run.history where row.testAccuracy >= target {
                    first = row.epoch
                    break
                }
                firsts.append(first)
                if first != nil { reached += 1 }
                // loss_auc: the mean over every epoch run of its mean training loss.
                #expect(run.epochLosses.count == 30)
                aucs.append(run.epochLosses.reduce(0, +) / 30)
                #expect(run.history.last.map { $0.loss == run.epochLosses[29] } == true)
            }
            #expect(rate.epochsTo(target) == firsts, "target \(target)")
            #expect(rate.reached(target).successes == reached && rate.reached(target).trials == 4)
            let mean = firsts.compactMap { $0 }.map(Double.init)
            #expect(
                rate.epochsToEstimate(target)?.mean == (mean.isEmpty ? nil : mean.reduce(0, +) / Double(mean.count)))
            #expect(rate.outcomes.map(\.lossAUC) == aucs.map { Optional($0) })
            #expect(abs((rate.lossAUC?.mean ?? .nan) - aucs.reduce(0, +) / 4) < 1e-12)
        }
        // The easy task is learnt: some trial reaches 0.8 and epochs_to is a history epoch.
        #expect(rate.reached(0.8).successes > 0)
    }

    /// A diverged trial has no loss_auc and never reaches a target.
    @Test func divergedTrialsAreLeftOutOfLossAUC() throws {
        let data = Dataset.generate(.checkerboard, train: 128, test: 128, cells: 2, seed: 3)
        let spec = MLPSpec(depth: 2, width: 8, activation: .relu, seed: 4)
        let options = TrainingOptions(epochs: 5, learningRate: 1e30, batch: 64, evaluations: 5)
        let result = try Trainability.measure(spec, data: data, trials: 2, learningRates: [1e30], training: options)
        #expect(result.best.diverged == 2 && result.best.lossAUC == nil)
        #expect(result.best.reached(0.6).successes <= 2)
    }
}
