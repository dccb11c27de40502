import CSQLite
import Foundation
import VarlabCore

/// Finished work in an SQLite file (docs/store.md): per-net measures of variability and
/// per-trial outcomes of trainability, keyed by everything that determines them. WAL mode and
/// a busy timeout let several processes write one store; rows are only ever added.
///
/// `@unchecked Sendable` (worker threads save their waves): the connection is opened in
/// SQLite's serialised mode and every statement runs holding `lock`.
public final class SQLiteStore: WorkStore, @unchecked Sendable {
    public let path: String
    private var db: OpaquePointer?
    /// Held for a whole transaction, so threads of one process never interleave theirs.
    private let lock = NSRecursiveLock()

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static let format = "varlab.store", version = "3"

    /// The tables of the current version. A net's numbers are kept by measure name, so a
    /// measure declared later needs no new column: nets stored before it lack its row and
    /// are measured again for it (docs/store.md).
    static let tables = """
        CREATE TABLE IF NOT EXISTS nets (family TEXT NOT NULL, net INTEGER NOT NULL, float64 INTEGER NOT NULL DEFAULT 0,
          chaotic INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (family, net));
        CREATE TABLE IF NOT EXISTS measures (family TEXT NOT NULL, net INTEGER NOT NULL, measure TEXT NOT NULL,
          value REAL, PRIMARY KEY (family, net, measure)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
          test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL, collapsed INTEGER NOT NULL,
          PRIMARY KEY (experiment, trial));
        """

    public init(path: String) throws {
        self.path = path
        guard
            sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil)
                == SQLITE_OK
        else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw Failure("cannot open the store '\(path)': \(message)")
        }
        sqlite3_busy_timeout(db, 30_000)
        do {
            try prepareSchema()
        } catch {
            sqlite3_close(db)
            db = nil
            throw error
        }
    }

    deinit { sqlite3_close(db) }

    /// Creates the tables of a new store, or checks that an existing file is a varlab store.
    /// Creation is one transaction, so a second process opening the same new file at the same
    /// moment sees either nothing (and waits) or a whole store.
    private func prepareSchema() throws {
        try setWAL()
        let tables = try query("SELECT name FROM sqlite_master WHERE type = 'table'", []) { $0.text(0) }
        if tables.isEmpty {
            try transaction {
                try execute(
                    """
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    \(SQLiteStore.tables)
                    INSERT OR IGNORE INTO meta VALUES ('format', '\(SQLiteStore.format)'),
                      ('version', '\(SQLiteStore.version)');
                    """)
            }
            return
        }
        let meta = try? query("SELECT key, value FROM meta", []) { ($0.text(0), $0.text(1)) }
        let values = Dictionary((meta ?? []).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        guard values["format"] == SQLiteStore.format else {
            throw Failure("'\(path)' is an SQLite file but not a varlab store")
        }
        let known = ["1", "2", SQLiteStore.version]
        guard let version = values["version"], known.contains(version) else {
            throw Failure(
                "'\(path)' is a varlab store of version \(values["version"] ?? "?"), newer than this varlab (it "
                    + "reads versions 1 to \(SQLiteStore.version)); update varlab"
            )
        }
        if version != SQLiteStore.version { try migrate() }
    }

    /// The measure columns of versions 1 and 2, which kept a net's numbers in fixed columns.
    static let columnsOfVersion2 = [
        "v1", "v2", "v3", "v4", "rms", "std", "spread", "dead", "linear", "kinks", "dead_layers", "patterns",
    ]

    /// Versions 1 and 2 kept a net's numbers in fixed columns; they move to the measures
    /// table under the columns' names, in one transaction. Version 1 had no precision
    /// columns: its units were made with numerics 2, before the precision check, so they
    /// stay under their old keys, never read as current results (docs/store.md).
    private func migrate() throws {
        try transaction {
            let columns = Set(try query("PRAGMA table_info(nets)", []) { $0.text(1) })
            let precision = columns.contains("float64") ? "float64, chaotic" : "0, 0"
            let copies = SQLiteStore.columnsOfVersion2.map {
                "INSERT INTO measures SELECT family, net, '\($0)', \($0) FROM old_nets;"
            }
            try execute(
                """
                ALTER TABLE nets RENAME TO old_nets;
                \(SQLiteStore.tables)
                INSERT INTO nets SELECT family, net, \(precision), family LIKE '% units=1%' FROM old_nets;
                \(copies.joined(separator: "\n"))
                DROP TABLE old_nets;
                UPDATE meta SET value = '\(SQLiteStore.version)' WHERE key = 'version';
                """)
        }
    }

    /// WAL mode lets readers and one writer work at once; switching may meet a busy file.
    private func setWAL() throws {
        for attempt in 0..<200 {
            do {
                try execute("PRAGMA journal_mode = WAL")
                return
            } catch {
                let code = sqlite3_errcode(db)
                guard code == SQLITE_BUSY || code == SQLITE_LOCKED, attempt < 199 else { throw error }
                usleep(25_000)
            }
        }
    }

    // MARK: WorkStore

    public func nets(_ family: String, _ indices: [Int]) throws -> [Int: LandscapeMeasures] {
        guard let low = indices.min(), let high = indices.max() else { return [:] }
        let wanted = Set(indices)
        var numbers: [Int: [String: Double?]] = [:]
        var flags: [Int: (float64: Bool, chaotic: Bool, units: Bool)] = [:]
        let bounds: [Binding] = [.text(family), .integer(low), .integer(high)]
        _ = try query("SELECT net, measure, value FROM measures WHERE family = ? AND net BETWEEN ? AND ?", bounds) {
            row in
            numbers[row.integer(0), default: [:]][row.text(1)] = row.optionalReal(2)
        }
        _ = try query("SELECT net, float64, chaotic, units FROM nets WHERE family = ? AND net BETWEEN ? AND ?", bounds)
        { row in
            flags[row.integer(0)] = (row.integer(1) != 0, row.integer(2) != 0, row.integer(3) != 0)
        }
        var out: [Int: LandscapeMeasures] = [:]
        for (net, f) in flags where wanted.contains(net) {
            out[net] = LandscapeMeasures(
                stored: numbers[net] ?? [:], unitsObserved: f.units,
                precision: f.float64 ? .float64 : .float32, isChaotic: f.chaotic)
        }
        return out
    }

    public func saveNets(_ family: String, _ items: [(Int, LandscapeMeasures)]) throws {
        guard !items.isEmpty else { return }
        let nets: [[Binding]] = items.map { net, m in
            [
                .text(family), .integer(net), .integer(m.precision == .float64 ? 1 : 0), .integer(m.isChaotic ? 1 : 0),
                .integer(m.unitsObserved ? 1 : 0),
            ]
        }
        let measures: [[Binding]] = items.flatMap { net, m in
            m.stored.map { measure, value in [.text(family), .integer(net), .text(measure), .optionalReal(value)] }
        }
        try transaction {
            try execute("INSERT OR IGNORE INTO nets VALUES (?, ?, ?, ?, ?)", rows: nets)
            try execute("INSERT OR IGNORE INTO measures VALUES (?, ?, ?, ?)", rows: measures)
        }
    }

    public func trials(_ experiment: String, _ jobs: [Int]) throws -> [Int: TrialOutcome] {
        let wanted = Set(jobs)
        let rows = try query(
            "SELECT trial, lr, test_acc, train_acc, diverged, collapsed FROM trials WHERE experiment = ?",
            [.text(experiment)]
        ) { row in
            (
                row.integer(0),
                TrialOutcome(
                    learningRate: row.real(1), trial: row.integer(0), testAccuracy: row.real(2),
                    trainAccuracy: row.real(3),
                    diverged: row.integer(4) != 0, collapsed: row.integer(5) != 0)
            )
        }
        return Dictionary(rows.filter { wanted.contains($0.0) }, uniquingKeysWith: { a, _ in a })
    }

    public func saveTrials(_ experiment: String, _ items: [(Int, TrialOutcome)]) throws {
        guard !items.isEmpty else { return }
        try transaction {
            for (trial, o) in items {
                try execute(
                    "INSERT OR IGNORE INTO trials VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        .text(experiment), .integer(trial), .real(o.learningRate), .real(o.testAccuracy),
                        .real(o.trainAccuracy),
                        .integer(o.diverged ? 1 : 0), .integer(o.collapsed ? 1 : 0),
                    ])
            }
        }
    }

    // MARK: merging

    /// Adds every unit of the other stores; a key with different values in two stores is a
    /// conflict, and nothing of that store is added.
    public func merge(_ others: [String]) throws -> Int {
        var added = 0
        for other in others {
            // A misspelt name must not become a new, empty store that merges nothing.
            guard FileManager.default.fileExists(atPath: other) else { throw Failure("'\(other)': no such store") }
            _ = try SQLiteStore(path: other)  // refuses files that are not varlab stores
            try execute("ATTACH DATABASE ? AS other", [.text(other)])
            defer { try? execute("DETACH DATABASE other") }
            let conflicts = try query(
                """
                SELECT (SELECT count(*) FROM other.nets o JOIN nets m USING (family, net)
                        WHERE o.float64 IS NOT m.float64 OR o.chaotic IS NOT m.chaotic OR o.units IS NOT m.units)
                     + (SELECT count(*) FROM other.measures o JOIN measures m USING (family, net, measure)
                        WHERE o.value IS NOT m.value)
                     + (SELECT count(*) FROM other.trials o JOIN trials m USING (experiment, trial)
                        WHERE o.lr IS NOT m.lr OR o.test_acc IS NOT m.test_acc OR o.train_acc IS NOT m.train_acc
                           OR o.diverged IS NOT m.diverged OR o.collapsed IS NOT m.collapsed)
                """, []
            ) { $0.integer(0) }
            if let n = conflicts.first, n > 0 {
                throw Failure(
                    "'\(other)' disagrees with '\(path)' on \(n) unit(s) of work: they were made by different "
                        + "versions or settings; not merged"
                )
            }
            let before = try count()
            try transaction {
                try execute("INSERT OR IGNORE INTO nets SELECT * FROM other.nets")
                try execute("INSERT OR IGNORE INTO measures SELECT * FROM other.measures")
                try execute("INSERT OR IGNORE INTO trials SELECT * FROM other.trials")
            }
            added += try count() - before
        }
        return added
    }

    /// Units of work in the store.
    public func count() throws -> Int {
        try query("SELECT (SELECT count(*) FROM nets) + (SELECT count(*) FROM trials)", []) { $0.integer(0) }.first ?? 0
    }

    // MARK: SQLite

    enum Binding {
        case text(String)
        case integer(Int)
        case real(Double)
        case null
        static func optionalReal(_ x: Double?) -> Binding { x.map { .real($0) } ?? .null }
        static func optionalInteger(_ x: Int?) -> Binding { x.map { .integer($0) } ?? .null }
    }

    struct Row {
        let statement: OpaquePointer
        func text(_ i: Int32) -> String { sqlite3_column_text(statement, i).map { String(cString: $0) } ?? "" }
        func integer(_ i: Int32) -> Int { Int(sqlite3_column_int64(statement, i)) }
        func real(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }
        func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
        func optionalReal(_ i: Int32) -> Double? { isNull(i) ? nil : real(i) }
        func optionalInteger(_ i: Int32) -> Int? { isNull(i) ? nil : integer(i) }
    }

    private func failure(_ what: String) -> Failure {
        Failure("store '\(path)': \(what): \(String(cString: sqlite3_errmsg(db)))")
    }

    private func prepare(_ sql: String, _ bindings: [Binding]) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("cannot read")
        }
        bind(statement, bindings)
        return statement
    }

    private func bind(_ statement: OpaquePointer, _ bindings: [Binding]) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, b) in bindings.enumerated() {
            let index = Int32(i + 1)
            switch b {
            case .text(let s): sqlite3_bind_text(statement, index, s, -1, transient)
            case .integer(let n): sqlite3_bind_int64(statement, index, Int64(n))
            case .real(let x): sqlite3_bind_double(statement, index, x)
            case .null: sqlite3_bind_null(statement, index)
            }
        }
    }

    /// One statement run once per row of bindings, prepared once (a wave writes a dozen
    /// measures for each of hundreds of nets).
    func execute(_ sql: String, rows: [[Binding]]) throws {
        guard let first = rows.first else { return }
        lock.lock()
        defer { lock.unlock() }
        let statement = try prepare(sql, first)
        defer { sqlite3_finalize(statement) }
        for (i, row) in rows.enumerated() {
            if i > 0 {
                sqlite3_reset(statement)
                bind(statement, row)
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("cannot write") }
        }
    }

    func query<T>(_ sql: String, _ bindings: [Binding], _ row: (Row) throws -> T) throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        let statement = try prepare(sql, bindings)
        defer { sqlite3_finalize(statement) }
        var out: [T] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw failure("cannot read") }
            out.append(try row(Row(statement: statement)))
        }
        return out
    }

    public func execute(_ sql: String) throws { try execute(sql, []) }

    func execute(_ sql: String, _ bindings: [Binding]) throws {
        if bindings.isEmpty {
            lock.lock()
            defer { lock.unlock() }
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure("cannot write") }
            return
        }
        _ = try query(sql, bindings) { _ in () }
    }

    /// One transaction: all of a wave's units are written, or none.
    private func transaction(_ body: () throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        try execute("BEGIN IMMEDIATE")
        do {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
