/// The store's versions as named, ordered steps (docs/store.md, "Older stores"), as GRDB's
/// DatabaseMigrator declares them: each step upgrades the listed versions to the next one,
/// inside one transaction with the version stamp. A new version is one more step at the
/// end; `current` follows from the list, and the declaration refuses duplicate names and
/// steps out of order (checked by a test).
public struct StoreMigration: Sendable {
    let name: String
    let from: [Int]
    let to: Int
    let sql: String

    static let steps: [StoreMigration] = validated([
        StoreMigration(
            name: "measures by name", from: [1, 2], to: 3,
            // Versions 1 and 2 kept a net's numbers in fixed columns; they move to the measures
            // table under the columns' names. Version 1 had no precision columns: its units were
            // made with numerics 2, so they stay under their old keys, never read as current.
            sql: """
                ALTER TABLE nets RENAME TO old_nets;
                CREATE TABLE nets (family TEXT NOT NULL, net INTEGER NOT NULL, float64 INTEGER NOT NULL DEFAULT 0,
                  chaotic INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (family, net));
                CREATE TABLE IF NOT EXISTS measures (family TEXT NOT NULL, net INTEGER NOT NULL, measure TEXT NOT NULL,
                  value REAL, PRIMARY KEY (family, net, measure)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
                  test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL,
                  collapsed INTEGER NOT NULL, PRIMARY KEY (experiment, trial));
                INSERT INTO nets SELECT family, net, {precision}, family LIKE '% units=1%' FROM old_nets;
                {copies}
                DROP TABLE old_nets;
                """),
        StoreMigration(
            name: "row checksums and training curves", from: [3], to: 4,
            // Trials of version 3 have no curve or loss_auc: they are read as missing and trained
            // again when a trainability call needs them.
            sql: """
                ALTER TABLE nets ADD COLUMN checksum INTEGER;
                ALTER TABLE measures ADD COLUMN checksum INTEGER;
                ALTER TABLE trials ADD COLUMN checksum INTEGER;
                ALTER TABLE trials ADD COLUMN loss_auc REAL;
                CREATE TABLE curves (experiment TEXT NOT NULL, trial INTEGER NOT NULL, point INTEGER NOT NULL,
                  epoch INTEGER NOT NULL, test_acc REAL NOT NULL, checksum INTEGER,
                  PRIMARY KEY (experiment, trial, point)) WITHOUT ROWID;
                UPDATE nets SET checksum = varlab_checksum(family, net, float64, chaotic, units);
                UPDATE measures SET checksum = varlab_checksum(family, net, measure, value);
                UPDATE trials SET checksum = varlab_checksum(experiment, trial, lr, test_acc, train_acc, diverged,
                  collapsed, loss_auc);
                """),
    ])

    /// The version a new store is written at: the last step's.
    public static var current: Int { steps.last?.to ?? 1 }

    /// The measure columns of versions 1 and 2, which kept a net's numbers in fixed columns.
    static let columnsOfVersion2 = [
        "v1", "v2", "v3", "v4", "rms", "std", "spread", "dead", "linear", "kinks", "dead_layers", "patterns",
    ]

    /// Steps with unique names, each starting where an earlier one ended, in order.
    static func validated(_ steps: [StoreMigration]) -> [StoreMigration] {
        precondition(Set(steps.map(\.name)).count == steps.count, "two store migrations share a name")
        for (a, b) in zip(steps, steps.dropFirst()) {
            precondition(b.from.contains(a.to) && b.to > a.to, "store migration '\(b.name)' is out of order")
        }
        return steps
    }

    /// Brings a store from `version` to `current`, one step (one transaction) at a time.
    static func migrate(_ store: SQLiteStore, from version: Int) throws {
        var version = version
        while version < current {
            guard let step = steps.first(where: { $0.from.contains(version) }) else {
                throw SQLiteStore.Failure("'\(store.path)': no migration from store version \(version)")
            }
            let sql = try step.expanded(for: store)
            try store.transaction {
                try store.execute(sql + "\nUPDATE meta SET value = '\(step.to)' WHERE key = 'version';")
            }
            version = step.to
        }
    }

    /// The step's SQL with what depends on the store's columns filled in.
    private func expanded(for store: SQLiteStore) throws -> String {
        guard sql.contains("{precision}") else { return sql }
        let columns = Set(try store.query("PRAGMA table_info(nets)", []) { $0.text(1) })
        let precision = columns.contains("float64") ? "float64, chaotic" : "0, 0"
        let copies = StoreMigration.columnsOfVersion2.map {
            "INSERT INTO measures SELECT family, net, '\($0)', \($0) FROM old_nets;"
        }
        if let missing = StoreMigration.columnsOfVersion2.first(where: { !columns.contains($0) }) {
            throw SQLiteStore.Failure(
                "'\(store.path)' is a varlab store of version 1 or 2 whose nets table lacks the column '\(missing)': "
                    + "it is damaged")
        }
        return sql.replacingOccurrences(of: "{precision}", with: precision)
            .replacingOccurrences(of: "{copies}", with: copies.joined(separator: "\n"))
    }
}

extension StoreMigration {
    /// The steps' names, in order (tests and docs/store.md list them).
    public static var names: [String] { steps.map(\.name) }
    /// Every version from 1 to the one before `current` has a step out of it: a missing step
    /// would leave stores of that version unopenable.
    public static var coversEveryVersion: Bool {
        (1..<current).allSatisfy { v in steps.contains { $0.from.contains(v) } }
    }
    /// Whether each step starts where the one before it ended.
    public static var isOrdered: Bool { zip(steps, steps.dropFirst()).allSatisfy { $1.from.contains($0.to) } }
    /// The newest version a released varlab wrote before this one: the tests keep a fixture
    /// for every version up to it.
    public static var releasedBeforeCurrent: Int { steps.last.map { $0.from.max() ?? 0 } ?? 0 }
}
