import VarlabCore

/// The result of train(): the trained net, its history and its accuracies.
public struct TrainingReport: TypedResult {
    /// The run: the trained net, its history and accuracies.
    public var result: TrainingResult
    /// The trained net.
    public var net: NetValue
    /// The data it was trained on.
    public var data: DatasetValue
    var settings: TrainingSettings
    /// What quick mode reduced.
    public var capped: Capped

    /// Its fields, declared once.
    public static let schema = Schema<TrainingReport>(
        "training result",
        [
            Field("net", .net, "the trained net (the input net is unchanged)", inTables: false) {
                .value(.net($0.net))
            },
            Field("data", .dataset, "the dataset it was trained on", inTables: false) { .value(.dataset($0.data)) },
            .number("train_acc", .share, "accuracy on the training points") { $0.result.trainAccuracy },
            .number("test_acc", .share, "accuracy on the test points") { $0.result.testAccuracy },
            .number("final_loss", .real, "training loss after the last epoch") { $0.result.history.last?.loss },
            .number("steps", .count, "optimizer steps taken") { Double($0.result.steps) },
            .number(
                "epochs_run", .count,
                "epochs trained, the last perhaps in part: fewer than epochs when it stopped early"
            ) { Double($0.epochsRun) },
        ] + TrainingSettings.fields.map { $0.lifted { $0.settings } } + [
            .number("lr", .real, "learning rate") { $0.settings.options.learningRate },
            .number("seed", .count, "seed of the minibatch order", role: .setting) { Double($0.settings.options.seed) },
            Field(
                "history", .list,
                "every few epochs: epoch, train_loss, train_acc, test_acc (accuracies on at most 2000 points of "
                    + "each split, every point in the last row)",
                inTables: false
            ) { r in
                .value(
                    .list(
                        r.result.history.map { e in
                            .record(
                                Record([
                                    ("epoch", .number(Double(e.epoch))), ("train_loss", .number(e.loss)),
                                    ("train_acc", .number(e.trainAccuracy)), ("test_acc", .number(e.testAccuracy)),
                                ]))
                        }))
            },
            Field("collapsed", .flag, "collapsed to a constant: spread <= 1e-3 or RMS = 0") {
                .value(.bool($0.result.collapsed))
            },
            Field(
                "stopped_early", .text,
                "why training stopped early: it diverged, or was stopped with Ctrl-C while watching (nil when "
                    + "it ran to the end)"
            ) {
                .value($0.stoppedEarly.map { .string($0) } ?? .nil)
            },
            Capped.field { $0.capped },
        ])

    /// Epochs begun: all of them, or up to the one where it diverged or was stopped.
    var epochsRun: Int {
        let perEpoch = max(1, (data.dataset.train.count + settings.options.batch - 1) / settings.options.batch)
        return result.interruptedInEpoch ?? min(settings.options.epochs, (result.steps + perEpoch - 1) / perEpoch)
    }

    var stoppedEarly: String? {
        if let why = result.diverged { return why }
        return result.interruptedInEpoch.map {
            "stopped with Ctrl-C in epoch \($0) of \(settings.options.epochs); the net is the one trained so far"
        }
    }

    /// Training that ends no better than chance with a learning rate far from the usual
    /// range says so: lr: 10 had trained silently to accuracy 0.50.
    var learningRateHint: String? {
        let lr = settings.options.learningRate, usual = settings.options.optimizer == .sgd ? 1e-3...0.5 : 1e-5...0.05
        guard result.testAccuracy < 0.6, !usual.contains(lr) else { return nil }
        let first = result.history.first?.loss, last = result.history.last?.loss
        let f = ValueFormatter.self
        let trend = first.flatMap { a in last.map { b in " (loss \(f.number(a)) → \(f.number(b)))" } } ?? ""
        return
            "no better than chance\(trend): lr \(ValueFormatter.number(lr)) is "
            + "\(lr > usual.upperBound ? "far above" : "far below") the usual "
            + "\(ValueFormatter.number(usual.lowerBound))–\(ValueFormatter.number(usual.upperBound)) "
            + "for \(settings.options.optimizer.rawValue); try lr: 2e-3, or a list such as lr: "
            + "[5e-4, 2e-3, 1e-2]"
    }

    /// The printed result, with how it was made.
    public var summary: String {
        let f = ValueFormatter.self, o = settings.options
        let epochs = epochsRun < o.epochs ? "\(epochsRun) of \(o.epochs)" : "\(o.epochs)"
        var lines = [
            "trained \(f.inline(.net(net))) for \(epochs) epochs (\(result.steps) steps, lr "
                + "\(f.number(o.learningRate)))",
            "  test accuracy \(f.accuracy(result.testAccuracy)), train accuracy "
                + "\(f.accuracy(result.trainAccuracy)), final loss \(f.number(result.history.last?.loss ?? .nan))",
        ]
        if let why = stoppedEarly { lines.append("  stopped early: \(why)") }
        if result.collapsed {
            lines.append("  the trained net is constant on the square (collapsed): it predicts one label everywhere")
        }
        if let hint = learningRateHint { lines.append("  " + hint) }
        var made = ["batch \(o.batch)", o.optimizer.rawValue, "\(o.loss.rawValue) loss", "seed \(o.seed)"]
        if let c = capped.text { made.append("quick mode: \(c)") }
        lines.append("  made on \(settings.dataset) with " + made.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
