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

    public static let schema = Schema<DatasetValue>(
        "dataset",
        [
            .text("name", "name of the dataset", role: .architecture) { $0.dataset.name },
            .number("train", .count, "training points", role: .architecture) { Double($0.dataset.train.count) },
            .number("test", .count, "test points", role: .architecture) { Double($0.dataset.test.count) },
            .number("balance", .share, "share of training points labelled +1") { $0.dataset.train.positiveShare },
            .text("dataset", "the call that makes the points, or the file they came from", role: .setting) {
                $0.recipe
            },
            Field("points", .list, "every point as a table: x, y, label, split", inTables: false) { d in
                var rows: [Value] = []
                for (name, split) in [("train", d.dataset.train), ("test", d.dataset.test)] {
                    for i in 0..<split.count {
                        rows.append(
                            .record(
                                Record([
                                    ("x", .number(split.inputs[2 * i])), ("y", .number(split.inputs[2 * i + 1])),
                                    ("label", .number(split.labels[i])), ("split", .string(name)),
                                ])))
                    }
                }
                return .value(.list(rows))
            },
        ])
}
