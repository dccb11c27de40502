/// Every builtin, gathered from the files of this folder (one topic each), in one table that
/// checks itself (README, "Contributing"): two builtins with one name would silently hide one
/// of them, so the registry refuses them, and a test runs the check on every build.
public enum BuiltinLibrary {
    static let lists: [[Builtin]] = [
        MathBuiltins.all, CollectionBuiltins.all, NetBuiltins.all, MeasureBuiltins.all,
        TheoryBuiltins.all, StatisticsBuiltins.all, FileBuiltins.all, FigureBuiltins.all, TrainingBuiltins.all,
        SessionBuiltins.all, EvaluationBuiltins.all,
    ]

    static func all() -> [String: Builtin] {
        let (table, duplicates) = registry(lists.flatMap { $0 })
        assert(duplicates.isEmpty, "builtins declared twice: \(duplicates)")
        return table
    }

    /// The table by name, and the names declared more than once (the first declaration wins).
    public static func registry(_ builtins: [Builtin]) -> (table: [String: Builtin], duplicates: [String]) {
        var table: [String: Builtin] = [:]
        var duplicates: [String] = []
        for b in builtins {
            if table[b.name] != nil { duplicates.append(b.name) } else { table[b.name] = b }
        }
        return (table, duplicates)
    }

    /// Every builtin as declared, in declaration order (the registry's input, for its checks).
    public static var declared: [Builtin] { lists.flatMap { $0 } }
}

/// The topics of `:help`, in the order it lists them; a builtin's topic is one of these, so
/// a misspelt topic does not compile (it had hidden the builtin from `:help`).
public enum HelpTopic: String, CaseIterable, Sendable {
    case nets, measures, theory, training, statistics, pictures, files, math, lists, session
}
