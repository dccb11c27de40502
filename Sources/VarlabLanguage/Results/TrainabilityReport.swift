import VarlabCore

/// The result of trainability(): mean test accuracy of a family after training.
public struct TrainabilityReport: TypedResult {
    /// The trained runs' outcomes.
    public var result: TrainabilityResult
    var settings: TrainingSettings
    /// What quick mode reduced.
    public var capped: Capped
    /// The test accuracy epochs_to and reached ask for.
    public var target = defaultTarget
    /// The shard that made it (`--shard I/N`), if any: then the result may be partial.
    public var shard: Shard? = nil
    /// The best trial's run, trained again, with `keep: best`.
    public var bestRun: TrainingReport? = nil

    /// The test accuracy epochs_to and reached ask for unless `target:` says otherwise.
    public static let defaultTarget = 0.9
    /// Evaluations of test accuracy in each trial's curve (every epochs / 30 epochs).
    public static let curvePoints = 30

    /// Its fields, declared once.
    public static let schema = Schema<TrainabilityReport>(
        "trainability result",
        Architecture.fields { $0.result.spec } + [
            .number("trials", .count, "random nets trained per learning rate", role: .setting) {
                Double($0.result.best.trials.count)
            }
        ] + TrainingSettings.fields.map { $0.lifted { $0.settings } } + [
            .text("lrs", "learning rates tried", role: .setting) { r in
                r.result.rates.map { ValueFormatter.number($0.learningRate) }.joined(separator: " ")
            },
            .number("lr", .real, "learning rate of the best mean accuracy") { $0.result.best.learningRate },
            Field(
                "acc", .share, "mean test accuracy over the trials", uncertainty: .standardError,
                label: "mean test accuracy"
            ) {
                .estimate($0.result.best.accuracy)
            },
            Field(
                "nets", .list,
                "every training run, a table: lr, trial, acc (test), train_acc, epochs_to and reached (for target), "
                    + "loss_auc, diverged, collapsed",
                inTables: false
            ) { r in
                .value(
                    .list(
                        r.result.rates.flatMap { rate in
                            rate.outcomes.map { o in
                                let epochs = o.epochsTo(r.target)
                                return Value.record(
                                    Record([
                                        ("lr", .number(rate.learningRate)), ("trial", .number(Double(o.trial))),
                                        ("acc", .number(o.testAccuracy)), ("train_acc", .number(o.trainAccuracy)),
                                        ("epochs_to", epochs.map { .number(Double($0)) } ?? .nil),
                                        ("reached", .bool(epochs != nil)),
                                        ("loss_auc", o.lossAUC.map(Value.number) ?? .nil),
                                        ("diverged", .bool(o.diverged)), ("collapsed", .bool(o.collapsed)),
                                    ]))
                            }
                        }))
            },
            Field("acc_trials", .list, "test accuracy of each trial", inTables: false) {
                .value(.list($0.result.best.trials.map { .number($0) }))
            },
            .number("diverged", .count, "trials that diverged (counted as accuracy 0.5)") {
                Double($0.result.best.diverged)
            },
            .number("collapsed_trials", .count, "trials whose trained net is constant where it is used") {
                Double($0.result.best.collapsed)
            },
            .number("target", .share, "test accuracy that epochs_to and reached ask for", role: .setting) {
                $0.target
            },
            Field(
                "epochs_to", .real,
                "mean over the trials that reached target of the first evaluated epoch whose test accuracy reaches "
                    + "it (evaluated every epochs / 30 epochs)",
                uncertainty: .standardError, label: "epochs to target"
            ) { r in
                r.result.best.epochsToEstimate(r.target).map { .estimate($0) }
                    ?? .absent("no trial reached the target \(ValueFormatter.number(r.target))")
            },
            Field("epochs_to_trials", .list, "epochs_to of each trial (nil: never reached)", inTables: false) { r in
                .value(.list(r.result.best.epochsTo(r.target).map { $0.map { .number(Double($0)) } ?? .nil }))
            },
            Field(
                "reached", .share, "share of trials whose test accuracy reached target, with a Wilson interval",
                uncertainty: .interval
            ) { r in
                .proportion(r.result.best.reached(r.target))
            },
            Field(
                "loss_auc", .real,
                "mean over trials of the training loss averaged over the epochs run (the area "
                    + "under the loss curve per epoch; diverged trials left out)",
                uncertainty: .standardError, label: "mean training loss over epochs"
            ) { r in
                r.result.best.lossAUC.map { .estimate($0) } ?? .absent("every trial diverged")
            },
            Field("acc_by_lr", .text, "mean test accuracy at each learning rate tried", inTables: false) { r in
                .value(
                    .string(
                        r.result.rates.map {
                            "\(ValueFormatter.number($0.learningRate)): \(ValueFormatter.accuracy($0.accuracy.mean))"
                        }.joined(separator: ", ")))
            },
            Field("by_lr", .list, "mean accuracy for each learning rate tried", inTables: false) { r in
                .value(
                    .list(
                        r.result.rates.map { rate in
                            .record(
                                Record([
                                    ("lr", .number(rate.learningRate)), ("acc", .number(rate.accuracy.mean)),
                                    ("acc_se", .number(rate.accuracy.standardError)),
                                ]))
                        }))
            },
            Field(
                "best_run", .result,
                "with keep: best, the training result of the best trial at the chosen rate (its net, history "
                    + "and decision view)",
                inTables: false
            ) { r in
                r.bestRun.map { .value(.result($0)) } ?? .absent("best_run is kept only with keep: best")
            },
            Capped.field { $0.capped },
        ] + ShardFields.fields(shard: { $0.shard }, work: { $0.result.work }))

    /// The printed result, with how it was made.
    public var summary: String {
        let s = result.spec, best = result.best, a = best.accuracy, f = ValueFormatter.self
        var lines = [
            "trainability of \(s.activation) L=\(s.depth) n=\(Architecture.widthText(s.layerWidths))\(s.residual ? " residual" : "") "
                + "(\(s.parameterCount) parameters)",
            "  test accuracy \(f.fewTrials(best.trials, a)) at lr \(f.number(best.learningRate))",
            "  trials: " + f.inline(.list(best.trials.map { .number($0) }), depth: 1),
        ]
        let reached = best.reached(target)
        var speed = "  reached \(f.number(target)) in \(reached.successes) of \(reached.trials) trials"
        if let e = best.epochsToEstimate(target) { speed += ", after \(f.number(e.mean)) epochs on average" }
        if let auc = best.lossAUC { speed += "; training loss averaged over epochs \(f.number(auc.mean))" }
        lines.append(speed)
        if best.diverged > 0 { lines.append("  \(best.diverged) trial(s) diverged") }
        if best.collapsed > 0 {
            lines.append("  \(best.collapsed) trial(s) ended with a net that is constant where it is used")
        }
        if result.rates.count > 1 {
            lines.append(
                "  by learning rate: "
                    + result.rates.map { "\(f.number($0.learningRate)): \(f.accuracy($0.accuracy.mean))" }.joined(
                        separator: ", "))
        }
        if result.work.isPartial {
            lines.append(
                "  partial: \(result.work.total - result.work.skipped) of \(result.work.total) training "
                    + "runs\(shard.map { " (shard \($0.index)/\($0.count))" } ?? ""); merge the shards' stores "
                    + "and run again for the whole result"
            )
        }
        let o = settings.options
        lines.append(
            "  "
                + f.provenance(
                    s,
                    extra: [
                        "\(settings.dataset)", "\(o.epochs) epochs", "batch \(o.batch)", "\(o.optimizer.rawValue)",
                        "\(o.loss.rawValue) loss",
                    ], capped: capped))
        return lines.joined(separator: "\n")
    }
}
