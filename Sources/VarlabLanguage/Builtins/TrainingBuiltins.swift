import Foundation
import VarlabCore

/// Datasets, training, and trainability of architectures.
enum TrainingBuiltins {
    static var all: [Builtin] {
        [checkerboard, playground, train, accuracy, trainability]
    }

    static var checkerboard: Builtin {
        Builtin("checkerboard", topic: "training", "The k x k checkerboard on [-1, 1]^2: uniform points, label +1 when the two cell indices have an even sum.",
                parameters: [.init("k", default: "6", "cells per side"), .init("n", default: "3000", "training points"),
                             .init("test", default: "10000", "test points"), .init("noise", default: "0", "position jitter (std)"),
                             .init("seed", default: "the session seed", "seed of the points")],
                example: "data = checkerboard(k: 6)") { c in
            let k = try c.integer("k", default: 6, in: 1...1000)
            return try makeDataset(c, .checkerboard, cells: k)
        }
    }

    static var playground: Builtin {
        Builtin("dataset", topic: "training",
                "A teaching set from TensorFlow Playground: xor, circle, gauss (two blobs), spiral (or checkerboard); labels +1/-1 on [-1, 1]^2.",
                parameters: [.init("name", "\"xor\", \"circle\", \"gauss\", \"spiral\" or \"checkerboard\""), .init("n", default: "3000", "training points"),
                             .init("test", default: "10000", "test points"), .init("noise", default: "0", "position jitter (std)"),
                             .init("seed", default: "the session seed", "seed of the points")],
                example: "spiral = dataset(\"spiral\", noise: 0.05)") { c in
            let name = try c.string("name")
            guard let kind = Dataset.Kind(rawValue: name) else {
                let names = Dataset.Kind.allCases.map(\.rawValue)
                throw c.argumentError("name", "'\(name)' is not a dataset\(Suggestion.hint(for: name, in: names)) (known: \(names.joined(separator: ", ")))")
            }
            return try makeDataset(c, kind, cells: 6)
        }
    }

    static func makeDataset(_ c: CallContext, _ kind: Dataset.Kind, cells: Int) throws -> Value {
        let limits = c.interpreter.options.limits
        var n = try c.integer("n", default: 3000, in: 2...limits.maximumPoints, limitHint: "VARLAB_MAX_POINTS raises the limit")
        var test = try c.integer("test", default: 10_000, in: 1...limits.maximumPoints, limitHint: "VARLAB_MAX_POINTS raises the limit")
        n = QuickMode.cap(c, "training points", n, quick: 800)
        test = QuickMode.cap(c, "test points", test, quick: 1000)
        let noise = try c.number("noise", default: 0)
        guard noise >= 0, noise <= 10 else { throw c.argumentError("noise", "must be between 0 and 10") }
        let seed = try NetBuiltins.seedArgument(c)
        return .dataset(DatasetValue(dataset: Dataset.generate(kind, train: n, test: test, noise: noise, cells: cells, seed: seed)))
    }

    static func dataset(_ c: CallContext, _ name: String) throws -> Dataset {
        let v = try c.required(name)
        guard case .dataset(let d) = v else { throw c.argumentError(name, "must be a dataset (checkerboard(), dataset(\"xor\") or load(\"points.csv\")), got a \(v.typeName)") }
        return d.dataset
    }

    static let trainingParameters: [Builtin.Parameter] = [
        .init("epochs", default: "300", "passes over the training points"),
        .init("lr", default: "2e-3", "learning rate"),
        .init("batch", default: "128", "minibatch size"),
        .init("optimizer", default: "\"adam\"", "adam, sgd or momentum"),
        .init("loss", default: "\"logistic\"", "logistic or mse (on +-1 labels)"),
    ]

    static func trainingOptions(_ c: CallContext) throws -> TrainingOptions {
        let limits = c.interpreter.options.limits
        var options = TrainingOptions()
        options.epochs = QuickMode.cap(c, "epochs", try c.integer("epochs", default: 300, in: 1...limits.maximumEpochs, limitHint: "VARLAB_MAX_EPOCHS raises the limit"), quick: 20)
        options.batch = try c.integer("batch", default: 128, in: 1...65_536)
        let opt = try c.string("optimizer", default: "adam")
        guard let optimizer = Optimizer(rawValue: opt) else {
            throw c.argumentError("optimizer", "'\(opt)' is not an optimizer\(Suggestion.hint(for: opt, in: Optimizer.allCases.map(\.rawValue))) (adam, sgd, momentum)")
        }
        options.optimizer = optimizer
        let lossName = try c.string("loss", default: "logistic")
        guard let loss = LossKind(rawValue: lossName) else {
            throw c.argumentError("loss", "'\(lossName)' is not a loss\(Suggestion.hint(for: lossName, in: LossKind.allCases.map(\.rawValue))) (logistic, mse)")
        }
        options.loss = loss
        return options
    }

    static func learningRate(_ c: CallContext, _ x: Double) throws -> Double {
        guard x > 0 else { throw c.argumentError("lr", "must be positive, got \(formatNumber(x))") }
        return x
    }

    static func checkTrainingWork(_ c: CallContext, net: MLP, points: Int, epochs: Int, runs: Int) throws {
        // Forward and backward cost about 6 flops per parameter per point.
        try MeasureBuiltins.checkWork(c, flops: 6 * Double(net.parameterCount) * Double(points) * Double(epochs) * Double(runs))
    }

    static var train: Builtin {
        Builtin("train", topic: "training",
                "Trains a copy of a net on a dataset with minibatches and exact backpropagation; the input net is not changed. Returns the trained net, its history (loss, train and test accuracy per epoch) and final accuracies; a diverging run stops with a message.",
                parameters: [.init("net", "a net"), .init("data", "a dataset")] + trainingParameters + [.init("seed", default: "the session seed", "seed of the minibatch order")],
                example: "r = train(mlp(depth: 6, params: 2000, act: abs), checkerboard(k: 6))\nr.test_acc") { c in
            let v = try c.required("net")
            guard case .net(let n) = v else { throw c.argumentError("net", "must be a net, got a \(v.typeName)") }
            let data = try dataset(c, "data")
            guard n.net.input == 2 else { throw c.error("train: datasets are 2-D; this net has \(n.net.input) inputs") }
            var options = try trainingOptions(c)
            options.learningRate = try learningRate(c, try c.number("lr", default: 2e-3))
            options.seed = try NetBuiltins.seedArgument(c)
            try checkTrainingWork(c, net: n.net, points: data.train.count, epochs: options.epochs, runs: 1)
            let host = c.host
            let result = try Training.train(n.net, on: data, options: options, isCancelled: { host.isInterrupted },
                                            progress: { host.progress("train", done: $0, total: $1) })
            return .record(trainingRecord(result, net: n, data: data, options: options))
        }
    }

    static func trainingRecord(_ r: TrainingResult, net: NetValue, data: Dataset, options: TrainingOptions) -> Record {
        let history: [Value] = r.history.map { e in
            .record(Record([("epoch", .number(Double(e.epoch))), ("loss", .number(e.loss)),
                            ("train_acc", .number(e.trainAccuracy)), ("test_acc", .number(e.testAccuracy))]))
        }
        var fields: [(String, Value)] = [
            ("net", .net(NetValue(net: r.net, spec: net.spec, note: "trained"))), ("data", .dataset(DatasetValue(dataset: data))),
            ("train_acc", .number(r.trainAccuracy)), ("test_acc", .number(r.testAccuracy)),
            ("loss", .number(r.history.last?.loss ?? .nan)), ("epochs", .number(Double(options.epochs))),
            ("lr", .number(options.learningRate)), ("steps", .number(Double(r.steps))), ("history", .list(history)),
        ]
        fields.append(("diverged", r.diverged.map { .string($0) } ?? .nil))
        return Record(kind: "training", fields)
    }

    static var accuracy: Builtin {
        Builtin("accuracy", topic: "training", "Share of a dataset's test points (or training points) where sign(f) equals the label.",
                parameters: [.init("net", "a net, or a training result"), .init("data", "a dataset"), .init("split", default: "\"test\"", "\"test\" or \"train\"")],
                example: "accuracy(r.net, data)") { c in
            var v = try c.required("net")
            if case .record(let r) = v, r.kind == "training", let n = r["net"] { v = n }
            guard case .net(let n) = v else { throw c.argumentError("net", "must be a net, got a \(v.typeName)") }
            let data = try dataset(c, "data")
            let split = try c.string("split", default: "test")
            guard split == "test" || split == "train" else { throw c.argumentError("split", "must be \"test\" or \"train\"") }
            guard n.net.input == 2 else { throw c.error("accuracy: datasets are 2-D; this net has \(n.net.input) inputs") }
            return .number(Training.accuracy(n.net, split == "test" ? data.test : data.train))
        }
    }

    static var trainability: Builtin {
        Builtin("trainability", topic: "training",
                "Mean test accuracy after training `trials` random nets of a family (net i of the family in trial i), with each trial's value and a 95% interval. With a list of learning rates, the best mean over them and the rate chosen. A diverged trial counts as chance accuracy (0.5). Given a table, adds columns acc, acc_se, acc_low, acc_high, lr, trials, diverged.",
                parameters: [.init("net", "a net from mlp() or a table from sweep()"), .init("data", "a dataset"),
                             .init("trials", default: "3", "seeds per learning rate")] + trainingParameters.map { p in
                                p.name == "lr" ? .init("lr", default: "2e-3", "learning rate, or a list of rates to choose from") : p },
                example: "sweep(depth: [2, 8, 32], act: [relu, abs], params: 2000) |> trainability(checkerboard(k: 6), trials: 3)") { c in
            try trainabilityCall(c)
        }
    }

    static func trainabilityCall(_ c: CallContext) throws -> Value {
        let data = try dataset(c, "data")
        let limits = c.interpreter.options.limits
        let trials = QuickMode.cap(c, "trials", try c.integer("trials", default: 3, in: 1...limits.maximumTrials, limitHint: "VARLAB_MAX_TRIALS raises the limit"), quick: 1)
        var options = try trainingOptions(c)
        var rates: [Double] = [2e-3]
        if let v = c.value("lr") {
            switch v {
            case .list(let items):
                guard !items.isEmpty, items.count <= 32 else { throw c.argumentError("lr", "must list between 1 and 32 rates") }
                rates = try items.map { try learningRate(c, try c.number("lr", from: $0)) }
            default: rates = [try learningRate(c, try c.number("lr"))]
            }
        }
        options.evaluations = 1
        let (rows, nets) = try MeasureBuiltins.rows(c, "net")
        var specs: [MLPSpec] = []
        for n in nets {
            guard let spec = n.spec, n.note == nil else { throw c.argumentError("net", "holds a net with fixed weights; trainability needs a random family made by mlp()") }
            specs.append(spec)
        }
        let work = specs.reduce(0.0) { $0 + 6 * Double($1.parameterCount) * Double(data.train.count) * Double(options.epochs) * Double(trials * rates.count) }
        try MeasureBuiltins.checkWork(c, flops: work)
        // One row: its trials fill the cores. A table: its rows do, each row's trials in turn.
        let execution = MeasureBuiltins.execution(c, label: "trainability")
        let results: [TrainabilityResult]
        if specs.count == 1 {
            results = [try Trainability.measure(specs[0], data: data, trials: trials, learningRates: rates, training: options, execution: execution)]
        } else {
            results = try execution.map(specs.count) { j in
                try Trainability.measure(specs[j], data: data, trials: trials, learningRates: rates, training: options,
                                         execution: Execution(threads: 1, isCancelled: execution.isCancelled))
            }
        }
        let records = results.map(record)
        guard let rows else { return .record(records[0]) }
        return .list(zip(rows, records).map { row, r in
            var out = row
            for name in ["acc", "acc_se", "acc_low", "acc_high", "lr", "trials", "diverged"] { out[name] = r[name] }
            return .record(out)
        })
    }

    static func record(_ r: TrainabilityResult) -> Record {
        let best = r.best
        var fields: [(String, Value)] = [
            ("act", .string(r.spec.activation.description)), ("depth", .number(Double(r.spec.depth))), ("width", .number(Double(r.spec.width))),
            ("params", .number(Double(r.spec.parameterCount))),
            ("acc", .number(best.accuracy.mean)), ("acc_se", .number(best.accuracy.standardError)),
            ("acc_low", .number(best.accuracy.low)), ("acc_high", .number(best.accuracy.high)),
            ("lr", .number(best.learningRate)), ("trials", .list(best.trials.map { .number($0) })), ("diverged", .number(Double(best.diverged))),
        ]
        if r.rates.count > 1 {
            fields.append(("by_lr", .list(r.rates.map { rate in
                .record(Record([("lr", .number(rate.learningRate)), ("acc", .number(rate.accuracy.mean)), ("acc_se", .number(rate.accuracy.standardError))]))
            })))
        }
        return Record(kind: "trainability", fields)
    }
}
