import VarlabCore

/// The settings of training runs, as fields a training or trainability result carries.
struct TrainingSettings: Sendable {
    var options: TrainingOptions
    /// The call that made the dataset.
    var dataset: String

    static let fields: [Field<TrainingSettings>] = [
        .text("dataset", "the call that makes the points, or the file they came from", role: .setting) { $0.dataset },
        .number("epochs", .count, "passes over the training points", role: .setting) { Double($0.options.epochs) },
        .number("batch", .count, "minibatch size", role: .setting) { Double($0.options.batch) },
        .text("optimizer", "update rule", role: .setting) { $0.options.optimizer.rawValue },
        .text("loss", "loss function", role: .setting) { $0.options.loss.rawValue },
    ]
}
