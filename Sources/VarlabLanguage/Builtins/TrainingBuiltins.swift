import Foundation
import VarlabCore
import VarlabGraphics

/// Which points accuracy() counts.
enum DataSplit: String, CaseIterable, Sendable { case test, train }

/// Datasets, training, and trainability of architectures.
enum TrainingBuiltins {
    static var all: [Builtin] {
        [checkerboard, playground, parity, mixture, teacher, digits, train, accuracy, trainability]
    }

    /// A net takes as many inputs as the data has features.
    static func checkInputs(_ c: CallContext, net: MLP, data: Dataset) throws {
        guard net.input == data.dimension else {
            throw c.error(
                "\(c.builtin.name): the net has \(net.input) inputs but '\(data.name)' has \(data.dimension) features; "
                    + "make it with mlp(..., input: \(data.dimension))")
        }
    }

    static let cells = BuiltinArgument.integer("k", default: 6, in: 1...1000, "cells per side")

    static var checkerboard: Builtin {
        Builtin(
            "checkerboard", topic: .training,
            "The k x k checkerboard on [-1, 1]^2: uniform points, label +1 when the two cell indices have an even sum.",
            arguments: [cells] + PointArgument.all,
            example: "data = checkerboard(k: 6)", returns: DatasetValue.schema.info
        ) { c in
            try makeDataset(c, .checkerboard, cells: try c[cells])
        }
    }

    static let datasetName = BuiltinArgument<Dataset.Kind>.choice("name", "which set")

    enum HighDimensionalArgument {
        static let d = BuiltinArgument.integer("d", default: 8, in: 1...4096, "input dimension (features per point)")
        static let k = BuiltinArgument.integer(
            "k", default: 2, in: 1...4096, "signs multiplied: 1 is a half-space, 2 XOR, each more doubles the regions")
        static let separation = BuiltinArgument.number(
            "separation", default: 2, in: 0...100,
            "distance between the two means in standard deviations (Bayes error Phi(-separation/2))")
        // Points and seed as the 2-D sets take them.
        static let n = PointArgument.n, test = PointArgument.test
        static let seed = PointArgument.seed
    }

    static var parity: Builtin {
        typealias A = HighDimensionalArgument
        return Builtin(
            "parity", topic: .training,
            "Points uniform in [-1, 1]^d labelled by the product of the signs of their first k coordinates: a "
                + "d-dimensional task whose difficulty grows with k (k = 2 is XOR in d dimensions).",
            arguments: [A.d, A.k, A.n, A.test, A.seed], example: "data = parity(d: 8, k: 3)\nmlp(depth: 4, input: 8)",
            returns: DatasetValue.schema.info
        ) { c in
            let d = try c[A.d], k = try c[A.k]
            guard k <= d else { throw c.argumentError(A.k, "must be at most d (\(d)), got \(k)") }
            return try synthetic(c, .parity(dimension: d, coordinates: k), recipe: "parity(d: \(d), k: \(k)")
        }
    }

    static var mixture: Builtin {
        typealias A = HighDimensionalArgument
        return Builtin(
            "mixture", topic: .training,
            "Two Gaussian clouds in d dimensions (unit variance) along a random direction, `separation` standard "
                + "deviations apart: the smaller the separation, the harder (labels alternate +1, -1).",
            arguments: [A.d, A.separation, A.n, A.test, A.seed], example: "data = mixture(d: 16, separation: 1.5)",
            returns: DatasetValue.schema.info
        ) { c in
            let d = try c[A.d], s = try c[A.separation]
            return try synthetic(
                c, .mixture(dimension: d, separation: s), recipe: "mixture(d: \(d), separation: \(formatNumber(s))")
        }
    }

    enum TeacherArgument {
        static let net = BuiltinArgument.net(
            "net", "the teacher: a concrete net (a family's first member, sample(), load())")
        static let noise = BuiltinArgument.number(
            "noise", default: 0, in: 0...0.5, "probability that a label is flipped")
    }

    static var teacher: Builtin {
        typealias A = HighDimensionalArgument
        return Builtin(
            "teacher", topic: .training,
            "Points uniform in [-1, 1]^d (d: the teacher's inputs) labelled by a random net: +1 where its output is "
                + "above its median over the training points, -1 elsewhere (so the classes balance), each label "
                + "flipped with probability noise. The task is as hard as the teacher's landscape is varied: compare "
                + "landscape(teacher).v3 with a student's.",
            arguments: [TeacherArgument.net, A.n, A.test, TeacherArgument.noise, A.seed],
            example:
                "t = mlp(depth: 16, act: abs, input: 8)\ndata = teacher(t, noise: 0.05)\n"
                + "trainability(mlp(depth: 4, input: 8), data)",
            returns: DatasetValue.schema.info
        ) { c in
            let n = try c[TeacherArgument.net]
            let points = QuickMode.cap(c, "training points", try c[A.n], quick: 800)
            let test = QuickMode.cap(c, "test points", try c[A.test], quick: 1000)
            let noise = try c[TeacherArgument.noise], seed = try c[A.seed]
            try MeasureBuiltins.checkWork(c, flops: 2 * Double(n.net.parameterCount) * Double(points + test))
            let data = TeacherTask.generate(teacher: n.net, train: points, test: test, noise: noise, seed: seed)
            return .dataset(
                DatasetValue(
                    dataset: data,
                    recipe: "teacher(\(ValueFormatter.netCaption(n)), n: \(points), test: \(test), noise: "
                        + "\(formatNumber(noise)), seed: \(seed))"))
        }
    }

    static func synthetic(_ c: CallContext, _ task: SyntheticTask, recipe: String) throws -> Value {
        typealias A = HighDimensionalArgument
        let n = QuickMode.cap(c, "training points", try c[A.n], quick: 800)
        let test = QuickMode.cap(c, "test points", try c[A.test], quick: 1000)
        let seed = try c[A.seed]
        let points = Double(task.dimension) * Double(n + test)
        guard points <= Double(c.interpreter.options.limits.maximumPoints) * 64 else {
            throw c.error(
                "\(c.builtin.name): \(formatNumber(points)) coordinates is over the limit (VARLAB_MAX_POINTS x 64)")
        }
        return .dataset(
            DatasetValue(
                dataset: task.generate(train: n, test: test, seed: seed),
                recipe: recipe + ", n: \(n), test: \(test), seed: \(seed))"))
    }

    /// Which digits task.
    enum DigitsTask: String, CaseIterable, Sendable { case parity, pair }

    enum DigitsArgument {
        static let task = BuiltinArgument<DigitsTask>.choice(
            "task", default: .parity, "parity: even digits +1, odd -1; pair: only the two digits of `pair`")
        static let pair = BuiltinArgument.items(
            "pair", default: "[3, 8]", "the two digits of task pair, the first labelled +1")
        static let standardise = BuiltinArgument.flag(
            "standardise", default: false,
            "centre and scale each pixel by the training points' mean and standard deviation")
        static let seed = BuiltinArgument.seed("seed of the held-out quarter")
    }

    static var digits: Builtin {
        typealias A = DigitsArgument
        return Builtin(
            "digits", topic: .training,
            "The UCI optical handwritten digits (1797 8x8 images, 64 features, pixels scaled to [-1, 1]; "
                + "CC BY 4.0) as a binary task, a seeded quarter held out for testing. Nets for it take input: 64.",
            arguments: [A.task, A.pair, A.standardise, A.seed],
            example: "data = digits(task: parity)\ntrainability(mlp(depth: 4, input: 64), data, trials: 3)",
            returns: DatasetValue.schema.info
        ) { c in
            let seed = try c[A.seed], standardise = try c[A.standardise]
            var task = Digits.Task.parity
            var recipe = "digits(task: parity"
            if try c[A.task] == .pair {
                let pair = try c[A.pair] ?? [.number(3), .number(8)]
                let digits = try pair.map { v -> Int in
                    guard case .number(let x) = v, x == x.rounded(), (0...9).contains(x) else {
                        throw c.argumentError(A.pair, "must list two digits 0 to 9, such as [3, 8]")
                    }
                    return Int(x)
                }
                guard digits.count == 2, digits[0] != digits[1] else {
                    throw c.argumentError(A.pair, "must list two different digits, such as [3, 8]")
                }
                task = .pair(digits[0], digits[1])
                recipe = "digits(task: pair, pair: [\(digits[0]), \(digits[1])]"
            }
            recipe += (standardise ? ", standardise: true" : "") + ", seed: \(seed))"
            do {
                return .dataset(
                    DatasetValue(
                        dataset: try Digits.dataset(task: task, seed: seed, standardise: standardise), recipe: recipe))
            } catch {
                throw c.error("digits: \(error)")
            }
        }
    }

    static var playground: Builtin {
        Builtin(
            "dataset", topic: .training,
            "A teaching set from TensorFlow Playground: xor, circle, gauss (two blobs), spiral (or "
                + "checkerboard); labels +1/-1 on [-1, 1]^2.",
            arguments: [datasetName] + PointArgument.all,
            example: "spiral = dataset(spiral, noise: 0.05)", returns: DatasetValue.schema.info
        ) { c in
            try makeDataset(c, try c[datasetName], cells: 6)
        }
    }

    enum PointArgument {
        static let n = BuiltinArgument.integer(
            "n", default: 3000, in: 2...Int.max, limit: \Limits.maximumPoints, variable: "VARLAB_MAX_POINTS",
            "training points")
        static let test = BuiltinArgument.integer(
            "test", default: 10_000, in: 1...Int.max, limit: \Limits.maximumPoints, variable: "VARLAB_MAX_POINTS",
            "test points")
        static let noise = BuiltinArgument.optionalNumber(
            "noise", default: "checkerboard 0, xor 0.1, circle 0.1, gauss 0.1, spiral 0.05",
            "position jitter (std), 0 to 10")
        static let seed = BuiltinArgument.seed("seed of the points")
        static let all: [any DeclaredArgument] = [n, test, noise, seed]
    }

    static func makeDataset(_ c: CallContext, _ kind: Dataset.Kind, cells: Int) throws -> Value {
        typealias A = PointArgument
        let n = QuickMode.cap(c, "training points", try c[A.n], quick: 800)
        let test = QuickMode.cap(c, "test points", try c[A.test], quick: 1000)
        let noise = try c[A.noise] ?? kind.defaultNoise
        guard noise >= 0, noise <= 10 else {
            throw c.argumentError(A.noise, "must be between 0 and 10, got \(formatNumber(noise))")
        }
        let seed = try c[A.seed]
        let points = "n: \(n), test: \(test), noise: \(formatNumber(noise)), seed: \(seed)"
        let recipe =
            kind == .checkerboard ? "checkerboard(k: \(cells), \(points))" : "dataset(\(kind.rawValue), \(points))"
        return .dataset(
            DatasetValue(
                dataset: Dataset.generate(kind, train: n, test: test, noise: noise, cells: cells, seed: seed),
                recipe: recipe))
    }

    static let data = BuiltinArgument.value("data", "a dataset")

    static func dataset(_ c: CallContext) throws -> DatasetValue {
        let v = try c[data]
        guard case .dataset(let d) = v else {
            throw c.argumentError(
                data, "must be a dataset (checkerboard(), dataset(xor) or load(\"points.csv\")), got a \(v.typeName)")
        }
        return d
    }

    static let defaults = TrainingOptions()

    enum TrainingArgument {
        static let epochs = BuiltinArgument.integer(
            "epochs", default: defaults.epochs, in: 1...Int.max, limit: \Limits.maximumEpochs,
            variable: "VARLAB_MAX_EPOCHS", "passes over the training points")
        static let lr = BuiltinArgument.number("lr", default: defaults.learningRate, "learning rate")
        static let batch = BuiltinArgument.integer("batch", default: defaults.batch, in: 1...65_536, "minibatch size")
        static let optimizer = BuiltinArgument<Optimizer>.choice(
            "optimizer", default: defaults.optimizer, "update rule")
        static let loss = BuiltinArgument<LossKind>.choice("loss", default: defaults.loss, "loss on the +-1 labels")
        static let seed = BuiltinArgument.seed("seed of the minibatch order")
        static let watch = BuiltinArgument.flag(
            "watch", default: false,
            "redraw the decision view and the loss curve in place every few epochs (terminals and notebooks "
                + "only); Ctrl-C stops and keeps the net so far"
        )
    }

    static func trainingOptions(_ c: CallContext) throws -> TrainingOptions {
        typealias A = TrainingArgument
        var options = TrainingOptions()
        options.epochs = QuickMode.cap(c, "epochs", try c[A.epochs], quick: 20)
        options.batch = try c[A.batch]
        options.optimizer = try c[A.optimizer]
        options.loss = try c[A.loss]
        return options
    }

    static func learningRate(_ c: CallContext, _ x: Double) throws -> Double {
        guard x > 0 else { throw c.argumentError(TrainingArgument.lr, "must be positive, got \(formatNumber(x))") }
        return x
    }

    static func checkTrainingWork(_ c: CallContext, net: MLP, points: Int, epochs: Int, runs: Int) throws {
        // Forward and backward cost about 6 flops per parameter per point.
        try MeasureBuiltins.checkWork(
            c, flops: 6 * Double(net.parameterCount) * Double(points) * Double(epochs) * Double(runs))
    }

    static var train: Builtin {
        Builtin(
            "train", topic: .training,
            "Trains a copy of a net on a dataset with minibatches and exact backpropagation; the input net is "
                + "not changed. Returns the trained net, its history (loss, train and test accuracy per epoch) "
                + "and final accuracies; a diverging run stops with a message. A wide net (a hidden layer "
                + "of 2048 or more weights) trains on two cores when --threads allows, with the same "
                + "result to the bit.",
            arguments: [
                trainedNet, data, TrainingArgument.epochs, TrainingArgument.lr, TrainingArgument.batch,
                TrainingArgument.optimizer,
                TrainingArgument.loss, TrainingArgument.seed, TrainingArgument.watch,
            ],
            example: "r = train(mlp(depth: 6, params: 2000, act: abs), checkerboard(k: 6))\nr.test_acc",
            returns: TrainingReport.schema.info
        ) { c in
            let n = try c[trainedNet]
            let data = try dataset(c)
            try checkInputs(c, net: n.net, data: data.dataset)
            var options = try trainingOptions(c)
            options.learningRate = try learningRate(c, try c[TrainingArgument.lr])
            options.seed = try c[TrainingArgument.seed]
            try checkTrainingWork(c, net: n.net, points: data.dataset.train.count, epochs: options.epochs, runs: 1)
            let host = c.host
            let watch = try watching(c, net: n, data: data, options: options)
            let result = try Training.train(
                n.net, on: data.dataset, options: options, threads: c.interpreter.options.threads,
                isCancelled: { host.isInterrupted },
                progress: { host.progress("train", done: $0, total: $1) },
                keepOnCancel: watch != nil, watch: watch)
            if let epoch = result.interruptedInEpoch {
                host.acknowledgeInterrupt()
                host.warn(
                    "train: stopped with Ctrl-C in epoch \(epoch) of \(options.epochs); the result holds the "
                        + "net trained so far (epochs_run \(epoch))"
                )
            }
            return .result(
                TrainingReport(
                    result: result, net: NetValue(net: result.net, spec: n.spec, origin: .trained), data: data,
                    settings: TrainingSettings(options: options, dataset: data.recipe), capped: c.capped))
        }
    }

    /// What watch: true draws, up to 5 times a second: the decision view (grid 32) over the
    /// test points and the curves so far. Off the terminal it says why and trains without.
    static func watching(_ c: CallContext, net n: NetValue, data: DatasetValue, options: TrainingOptions) throws
        -> TrainingWatch?
    {
        guard try c[TrainingArgument.watch] else { return nil }
        guard data.dataset.dimension == 2 else {
            c.interpreter.noteOnce("watch: true draws decision views of 2-D data only; training without it")
            return nil
        }
        guard c.host.canWatch else {
            c.interpreter.noteOnce(
                "watch: true draws only on a terminal or in a notebook (not in pipes, files or --json); "
                    + "training without it"
            )
            return nil
        }
        let host = c.host, test = data.dataset.test
        var losses: [Chart.Point] = [], accuracies: [Chart.Point] = []
        var lastFrame = -Double.infinity
        // Looked at up to 300 times a run, drawn at most 5 times a second and at the end.
        return TrainingWatch(every: max(1, options.epochs / 300)) { epoch, loss, net in
            let now = host.clock()
            guard epoch == options.epochs || now - lastFrame >= 0.2 else { return }
            lastFrame = now
            let probe = LandscapeProbe(net: net, resolution: 32, observe: false)
            let outputs = Training.outputs(net, test)
            let points = LabelledPoint.sample(test, limit: 600, outputs: outputs)
            let wrong = points.filter(\.misclassified).count
            losses.append(Chart.Point(x: Double(epoch), y: loss))
            accuracies.append(Chart.Point(x: Double(epoch), y: Training.accuracy(outputs: outputs, test)))
            let panel = DecisionPanel(
                resolution: 32, values: probe.landscape.values, name: data.dataset.name,
                details: Pictures.details(of: n),
                note: "epoch \(epoch) of \(options.epochs), \(wrong) of \(points.count) test points wrong",
                points: points)
            let curve = Chart(
                title: "training on \(data.dataset.name)", xLabel: "epoch", yLabel: "loss / accuracy",
                series: [
                    Chart.Series(name: "train_loss", points: losses),
                    Chart.Series(name: "test_acc", points: accuracies),
                ])
            host.watch([.decision(DecisionFigure(panels: [panel])), .chart(curve)])
        }
    }

    static let trainedNet = BuiltinArgument.net("net", "a net")
    static let accuracyNet = BuiltinArgument.value("net", "a net, or a training result")
    static let split = BuiltinArgument<DataSplit>.choice("split", default: .test, "which points")

    static var accuracy: Builtin {
        Builtin(
            "accuracy", topic: .training,
            "Share of a dataset's test points (or training points) where sign(f) equals the label.",
            arguments: [accuracyNet, data, split],
            example: "accuracy(r.net, data)"
        ) { c in
            var v = try c[accuracyNet]
            if case .result(let r as TrainingReport) = v { v = .net(r.net) }
            guard case .net(let n) = v else { throw c.argumentError(accuracyNet, "must be a net, got a \(v.typeName)") }
            let data = try dataset(c).dataset
            let test = try c[split] == .test
            try checkInputs(c, net: n.net, data: data)
            return .number(Training.accuracy(n.net, test ? data.test : data.train))
        }
    }

    static var trainability: Builtin {
        Builtin(
            "trainability", topic: .training,
            "Mean test accuracy after training `trials` random nets of a family (net i of the family in trial "
                + "i), with each trial's value and a 95% interval. With a list of learning rates, the best mean "
                + "over them and the rate chosen. A diverged trial counts as chance accuracy (0.5). Given a "
                + "table, adds its fields (acc, acc_se, acc_low, acc_high, lr, diverged and the "
                + "settings) as columns. Beyond the final accuracy, from each trial's curve: epochs_to (epochs until "
                + "the test accuracy reaches target), reached (the share of trials that reach it) and loss_auc "
                + "(the training loss averaged over the epochs run).",
            arguments: [
                TrainabilityArgument.net, data, TrainabilityArgument.trials, TrainabilityArgument.keep,
                TrainingArgument.epochs,
                TrainabilityArgument.lr, TrainingArgument.batch, TrainingArgument.optimizer, TrainingArgument.loss,
                TrainabilityArgument.target,
            ],
            example:
                "sweep(depth: [2, 8, 32], act: [relu, abs], params: 2000) |> trainability(checkerboard(k: 6), "
                + "trials: 3)",
            returns: TrainabilityReport.schema.info
        ) { c in
            try trainabilityCall(c)
        }
    }

    enum TrainabilityArgument {
        static let net = BuiltinArgument.value("net", "a net from mlp() or a table from sweep()")
        static let trials = BuiltinArgument.integer(
            "trials", default: 3, in: 1...Int.max, limit: \Limits.maximumTrials, variable: "VARLAB_MAX_TRIALS",
            "seeds per learning rate")
        static let keep = BuiltinArgument<KeptRuns>.choice(
            "keep", default: KeptRuns.none,
            "best: also train the best trial again and keep it as best_run, to show or save (the same net, to the bit)")
        static let target = BuiltinArgument.number(
            "target", default: TrainabilityReport.defaultTarget,
            "test accuracy a trial must reach for epochs_to and reached, in (0, 1]")
        /// One rate or a list of rates to choose from, each read as `TrainingArgument.lr`.
        static let lr: BuiltinArgument<[Value]?> = .items(
            .number("lr", default: defaults.learningRate, "learning rate, or a list of rates to choose from"))
    }

    /// Which training runs trainability keeps beside its numbers.
    enum KeptRuns: String, CaseIterable, Sendable { case none, best }

    /// The best trial at the chosen rate, trained again (with the usual history), as a
    /// training result: nil when no trial of it ran here (a shard's partial result).
    static func bestRun(of r: TrainabilityResult, data: DatasetValue, training: TrainingOptions, c: CallContext) throws
        -> TrainingReport?
    {
        let best = r.best
        guard !r.work.isPartial,
            let trial = best.trials.indices.max(by: {
                best.trials[$0] < best.trials[$1] || (best.trials[$0] == best.trials[$1] && $0 > $1)
            })
        else { return nil }
        var options = training
        options.evaluations = TrainingOptions().evaluations
        let host = c.host
        let run = try Trainability.train(
            r.spec, trial: trial, on: data.dataset, learningRate: best.learningRate, training: options,
            isCancelled: { host.isInterrupted })
        var used = options
        used.learningRate = best.learningRate
        used.seed = Trainability.trialSeed(r.spec, trial: trial)
        return TrainingReport(
            result: run, net: NetValue(net: run.net, spec: r.spec, origin: .trained), data: data,
            settings: TrainingSettings(options: used, dataset: data.recipe), capped: c.capped)
    }

    static func trainabilityCall(_ c: CallContext) throws -> Value {
        typealias A = TrainabilityArgument
        let dataValue = try dataset(c), data = dataValue.dataset
        let trials = QuickMode.cap(c, "trials", try c[A.trials], quick: 1)
        var options = try trainingOptions(c)
        var rates: [Double] = [defaults.learningRate]
        if let items = try c[A.lr] {
            guard !items.isEmpty, items.count <= 32 else {
                throw c.argumentError(A.lr, "must list between 1 and 32 rates")
            }
            rates = try items.map { try learningRate(c, try c.read(TrainingArgument.lr, from: $0)) }
        }
        // The curve each trial keeps: test accuracy at `curvePoints` evenly spaced epochs, from
        // which epochs_to and reached follow (docs/measures.md, "Trainability that does not saturate").
        options.evaluations = min(options.epochs, TrainabilityReport.curvePoints)
        let target = try c[A.target]
        guard target > 0, target <= 1 else {
            throw c.argumentError(A.target, "must be in (0, 1] (a test accuracy), got \(formatNumber(target))")
        }
        let (rows, nets) = try MeasureBuiltins.rows(c, A.net)
        let specs = try MeasureBuiltins.families(c, A.net, nets).map { spec in
            guard spec.input == data.dimension else {
                throw c.argumentError(
                    A.net,
                    "holds nets with \(spec.input) inputs but '\(data.name)' has \(data.dimension) features; "
                        + "make them with input: \(data.dimension)")
            }
            return spec
        }
        let work = specs.reduce(0.0) {
            $0 + 6 * Double($1.parameterCount) * Double(data.train.count) * Double(options.epochs)
                * Double(trials * rates.count)
        }
        try MeasureBuiltins.checkWork(c, flops: work)
        // One row: its trials fill the cores. A table: its rows do, each row's trials in turn.
        let execution = MeasureBuiltins.execution(c, label: "trainability")
        let settings = TrainingSettings(options: options, dataset: dataValue.recipe)
        let report = { (result: TrainabilityResult) in
            TrainabilityReport(
                result: result, settings: settings, capped: c.capped, target: target,
                shard: c.interpreter.options.shard)
        }
        let results: [TrainabilityResult]
        if specs.count == 1 {
            results = [
                try Trainability.measure(
                    specs[0], data: data, trials: trials, learningRates: rates, training: options, execution: execution)
            ]
        } else {
            let (finished, stop) = try execution.mapUntilStopped(specs.count) { j in
                try Trainability.measure(
                    specs[j], data: data, trials: trials, learningRates: rates, training: options,
                    execution: Execution(
                        threads: 1, isCancelled: execution.isCancelled, store: execution.store, shard: execution.shard))
            }
            if let stop {
                if stop is Cancelled, let rows {
                    keepFinished(rows, finished.map { $0.map(report) }, bestRuns: try c[A.keep] == .best, c)
                }
                throw stop
            }
            results = finished.map { $0! }
        }
        for (i, r) in results.enumerated() {
            MeasureBuiltins.reportWork(
                c, MeasureBuiltins.rowLabel("trainability", specs, i), r.work, unit: "training runs")
        }
        var reports = results.map(report)
        if try c[A.keep] == .best {
            for i in reports.indices {
                reports[i].bestRun = try bestRun(of: reports[i].result, data: dataValue, training: options, c: c)
            }
        }
        guard let rows else { return .result(reports[0]) }
        return .list(zip(rows, reports).map { .record(MeasureBuiltins.addColumns(to: $0, from: $1)) })
    }

    /// Ctrl-C during a table: the rows that finished (rows run side by side, so not always a
    /// prefix) are kept in _, in table order, and a note says how many (best runs, made at
    /// the end, are not).
    static func keepFinished(_ rows: [Record], _ finished: [TrainabilityReport?], bestRuns: Bool, _ c: CallContext) {
        let kept = zip(rows, finished).compactMap { row, report in
            report.map { Value.record(MeasureBuiltins.addColumns(to: row, from: $0)) }
        }
        guard !kept.isEmpty else { return }
        c.interpreter.globals.assign("_", .list(kept))
        c.host.warn(
            "trainability: interrupted with \(kept.count) of \(rows.count) rows finished; they are in _"
                + (bestRuns ? " (without their best runs, which are made at the end)" : ""))
    }
}
