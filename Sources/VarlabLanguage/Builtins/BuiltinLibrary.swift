/// Every builtin, gathered from the files of this folder (one topic each).
enum BuiltinLibrary {
    static func all() -> [String: Builtin] {
        let lists = [
            MathBuiltins.all, CollectionBuiltins.all, NetBuiltins.all, MeasureBuiltins.all,
            TheoryBuiltins.all, StatisticsBuiltins.all, FileBuiltins.all, FigureBuiltins.all, TrainingBuiltins.all,
            SessionBuiltins.all, EvaluationBuiltins.all,
        ]
        var table: [String: Builtin] = [:]
        for b in lists.joined() { table[b.name] = b }
        return table
    }

    /// Help topics in the order `:help` lists them.
    static let topics = [
        "nets", "measures", "theory", "training", "statistics", "pictures", "files", "math", "lists", "session",
    ]
}
