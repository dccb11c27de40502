import VarlabCore

/// Labelled points, and the call that made them (so results trained on them can say so).
public struct DatasetValue: FieldSource {
    public var dataset: Dataset
    /// A varlab expression that re-creates the points, or where they were loaded from.
    public var recipe: String

    public init(dataset: Dataset, recipe: String) {
        self.dataset = dataset
        self.recipe = recipe
    }

    public static let schema = Schema<DatasetValue>("dataset", [
        .text("name", "name of the dataset", role: .architecture) { $0.dataset.name },
        .number("train", .count, "training points", role: .architecture) { Double($0.dataset.train.count) },
        .number("test", .count, "test points", role: .architecture) { Double($0.dataset.test.count) },
        .number("balance", .share, "share of training points labelled +1") { $0.dataset.train.positiveShare },
        .text("dataset", "the call that makes the points, or the file they came from", role: .setting) { $0.recipe },
    ])
}
