import CSQLite
import Foundation
import VarlabCore

/// Finished work in an SQLite file (docs/store.md): per-net measures of variability and
/// per-trial outcomes of trainability, keyed by everything that determines them. WAL mode and
/// a busy timeout let several processes write one store; rows are only ever added.
public final class SQLiteStore: WorkStore, @unchecked Sendable {
    public let path: String
    private var db: OpaquePointer?
    /// Held for a whole transaction, so threads of one process never interleave theirs.
    private let lock = NSRecursiveLock()

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static let format = "varlab.store", version = "2"
    /// The nets table's measure columns, in the order rows are written and read.
    static let netColumns = "net, v1, v2, v3, v4, rms, std, spread, dead, linear, kinks, dead_layers, patterns, float64, chaotic"

    public init(path: String) throws {
        self.path = path
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK else {
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
                try execute("""
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS nets (family TEXT NOT NULL, net INTEGER NOT NULL, v1 REAL, v2 REAL, v3 REAL, v4 REAL,
                  rms REAL, std REAL, spread REAL, dead REAL, linear REAL, kinks REAL, dead_layers INTEGER, patterns INTEGER,
                  float64 INTEGER NOT NULL DEFAULT 0, chaotic INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY (family, net));
                CREATE TABLE IF NOT EXISTS trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
                  test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL, collapsed INTEGER NOT NULL,
                  PRIMARY KEY (experiment, trial));
                INSERT OR IGNORE INTO meta VALUES ('format', '\(SQLiteStore.format)'), ('version', '\(SQLiteStore.version)');
                """)
            }
            return
        }
        let meta = try? query("SELECT key, value FROM meta", []) { ($0.text(0), $0.text(1)) }
        let values = Dictionary((meta ?? []).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        guard values["format"] == SQLiteStore.format else { throw Failure("'\(path)' is an SQLite file but not a varlab store") }
        if values["version"] == "1" { try migrateFromVersion1() }
        guard values["version"] == "1" || values["version"] == SQLiteStore.version else {
            throw Failure("'\(path)' is a varlab store of version \(values["version"] ?? "?"); this varlab reads versions 1 and \(SQLiteStore.version)")
        }
    }

    /// Version 1 had no precision columns. Its units were made with numerics 2, before the
    /// precision check, so they stay in the file under their old keys but are never read as
    /// current results (docs/store.md).
    private func migrateFromVersion1() throws {
        try transaction {
            let columns = try query("PRAGMA table_info(nets)", []) { $0.text(1) }
            if !columns.contains("float64") {
                try execute("ALTER TABLE nets ADD COLUMN float64 INTEGER NOT NULL DEFAULT 0")
                try execute("ALTER TABLE nets ADD COLUMN chaotic INTEGER NOT NULL DEFAULT 0")
            }
            try execute("UPDATE meta SET value = '\(SQLiteStore.version)' WHERE key = 'version'")
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
        let rows = try query("SELECT \(SQLiteStore.netColumns) FROM nets WHERE family = ? AND net BETWEEN ? AND ?",
                             [.text(family), .integer(low), .integer(high)]) { row -> (Int, LandscapeMeasures) in
            let hasUnits = !(row.isNull(8) && row.isNull(9) && row.isNull(10) && row.isNull(11) && row.isNull(12))
            let units = hasUnits ? UnitMeasures(dead: row.optionalReal(8), linear: row.optionalReal(9), kinks: row.optionalReal(10),
                                                deadLayers: row.optionalInteger(11), patterns: row.optionalInteger(12)) : nil
            return (row.integer(0), LandscapeMeasures(variability: (1...4).map { row.real($0) }, rms: row.real(5), std: row.real(6),
                                                      spread: row.real(7), units: units, precision: row.integer(13) != 0 ? .float64 : .float32,
                                                      isChaotic: row.integer(14) != 0))
        }
        return Dictionary(rows.filter { wanted.contains($0.0) }, uniquingKeysWith: { a, _ in a })
    }

    public func saveNets(_ family: String, _ items: [(Int, LandscapeMeasures)]) throws {
        guard !items.isEmpty else { return }
        try transaction {
            for (net, m) in items {
                let u = m.units
                try execute("INSERT OR IGNORE INTO nets (family, \(SQLiteStore.netColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [.text(family), .integer(net)] + m.variability.map { .real($0) } + [.real(m.rms), .real(m.std), .real(m.spread),
                             .optionalReal(u?.deadFraction), .optionalReal(u?.linearFraction), .optionalReal(u?.kinkFraction),
                             .optionalInteger(u?.deadLayers), .optionalInteger(u?.patternCount),
                             .integer(m.precision == .float64 ? 1 : 0), .integer(m.isChaotic ? 1 : 0)])
            }
        }
    }

    public func trials(_ experiment: String, _ jobs: [Int]) throws -> [Int: TrialOutcome] {
        let wanted = Set(jobs)
        let rows = try query("SELECT trial, lr, test_acc, train_acc, diverged, collapsed FROM trials WHERE experiment = ?", [.text(experiment)]) { row in
            (row.integer(0), TrialOutcome(learningRate: row.real(1), trial: row.integer(0), testAccuracy: row.real(2), trainAccuracy: row.real(3),
                                          diverged: row.integer(4) != 0, collapsed: row.integer(5) != 0))
        }
        return Dictionary(rows.filter { wanted.contains($0.0) }, uniquingKeysWith: { a, _ in a })
    }

    public func saveTrials(_ experiment: String, _ items: [(Int, TrialOutcome)]) throws {
        guard !items.isEmpty else { return }
        try transaction {
            for (trial, o) in items {
                try execute("INSERT OR IGNORE INTO trials VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [.text(experiment), .integer(trial), .real(o.learningRate), .real(o.testAccuracy), .real(o.trainAccuracy),
                             .integer(o.diverged ? 1 : 0), .integer(o.collapsed ? 1 : 0)])
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
            let conflicts = try query("""
            SELECT (SELECT count(*) FROM other.nets o JOIN nets m USING (family, net)
                    WHERE o.v1 IS NOT m.v1 OR o.v2 IS NOT m.v2 OR o.v3 IS NOT m.v3 OR o.v4 IS NOT m.v4 OR o.rms IS NOT m.rms
                       OR o.std IS NOT m.std OR o.spread IS NOT m.spread OR o.dead IS NOT m.dead OR o.linear IS NOT m.linear
                       OR o.kinks IS NOT m.kinks OR o.dead_layers IS NOT m.dead_layers OR o.patterns IS NOT m.patterns
                       OR o.float64 IS NOT m.float64 OR o.chaotic IS NOT m.chaotic)
                 + (SELECT count(*) FROM other.trials o JOIN trials m USING (experiment, trial)
                    WHERE o.lr IS NOT m.lr OR o.test_acc IS NOT m.test_acc OR o.train_acc IS NOT m.train_acc
                       OR o.diverged IS NOT m.diverged OR o.collapsed IS NOT m.collapsed)
            """, []) { $0.integer(0) }
            if let n = conflicts.first, n > 0 {
                throw Failure("'\(other)' disagrees with '\(path)' on \(n) unit(s) of work: they were made by different versions or settings; not merged")
            }
            let before = try count()
            try transaction {
                try execute("INSERT OR IGNORE INTO nets (family, \(SQLiteStore.netColumns)) SELECT family, \(SQLiteStore.netColumns) FROM other.nets")
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
        case text(String), integer(Int), real(Double), null
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
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw failure("cannot read") }
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
        return statement
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
