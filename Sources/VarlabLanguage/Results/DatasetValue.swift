import VarlabCore

/// Labelled points, and the call that made them (so results trained on them can say so).
public struct DatasetValue: FieldSource {
    /// The points.
    public var dataset: Dataset
    /// A varlab expression that re-creates the points, or where they were loaded from.
    public var recipe: String

    /// Column names of the features: x, y for 2-D data, else x1 ... xd.
    static func featureNames(_ d: Int) -> [String] { d == 2 ? ["x", "y"] : (1...max(1, d)).map { "x\($0)" } }

    /// A data set and the call that makes its points again.
    public init(dataset: Dataset, recipe: String) {
        self.dataset = dataset
        self.recipe = recipe
    }

    /// Its fields, declared once.
    public static let schema = Schema<DatasetValue>(
        "dataset",
        [
            .text("name", "name of the dataset", role: .architecture) { $0.dataset.name },
            .number("train", .count, "training points", role: .architecture) { Double($0.dataset.train.count) },
            .number("test", .count, "test points", role: .architecture) { Double($0.dataset.test.count) },
            .number("balance", .share, "share of training points labelled +1") { $0.dataset.train.positiveShare },
            .number("features", .count, "features per point (input dimension d)", role: .architecture, inTables: false)
            {
                Double($0.dataset.dimension)
            },
            .text("dataset", "the call that makes the points, or the file they came from", role: .setting) {
                $0.recipe
            },
            Field("points", .list, "every point as a table: x, y (x1 ... xd beyond 2-D), label, split", inTables: false)
            { d in
                let names = DatasetValue.featureNames(d.dataset.dimension)
                var rows: [Value] = []
                for (name, split) in [("train", d.dataset.train), ("test", d.dataset.test)] {
                    for i in 0..<split.count {
                        let x = (0..<split.dimension).map {
                            (names[$0], Value.number(split.inputs[split.dimension * i + $0]))
                        }
                        rows.append(
                            .record(Record(x + [("label", .number(split.labels[i])), ("split", .string(name))])))
                    }
                }
                return .value(.list(rows))
            },
        ])
}
