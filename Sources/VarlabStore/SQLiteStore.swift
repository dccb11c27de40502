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
    /// The store as named; `effectivePath` is a migrated temporary copy when the store was
    /// opened read-only at an older version (it is never migrated in place).
    public let path: String
    private(set) var effectivePath: String
    private var db: OpaquePointer?
    /// Held for a whole transaction, so threads of one process never interleave theirs.
    private let lock = NSRecursiveLock()
    /// True when nothing may be written: opened for reading (merge inputs) or a file
    /// without write permission given to --store (its results are used, new work is not kept).
    public private(set) var isReadOnly: Bool
    private var temporaryCopy: String?
    /// Where the store says that it found and dropped a damaged unit (stderr by default).
    public var note: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data("varlab: \(text)\n".utf8))
    }

    /// Why the store could not be opened, read or written, in words for the user.
    public struct Failure: Error, CustomStringConvertible {
        /// The reason, with the store's path where it helps.
        public let description: String
        /// A failure with its reason.
        public init(_ description: String) { self.description = description }
    }

    /// How a store is opened: for work (created if missing, migrated when older), or only
    /// read (merge inputs: opened with SQLite's mode=ro, an older version migrated in a
    /// temporary copy, the file's bytes untouched).
    public enum Access: Sendable { case readWrite, readOnly }

    static let format = "varlab.store"
    static var version: String { String(StoreMigration.current) }

    /// The tables of the current version. A net's numbers are kept by measure name, so a
    /// measure declared later needs no new column: nets stored before it lack its row and
    /// are measured again for it (docs/store.md). Every row carries a checksum of its own
    /// values (StoreChecksum), so a flipped bit or an edited value is found when read.
    static let tables = """
        CREATE TABLE IF NOT EXISTS nets (family TEXT NOT NULL, net INTEGER NOT NULL, float64 INTEGER NOT NULL DEFAULT 0,
          chaotic INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0, checksum INTEGER,
          PRIMARY KEY (family, net));
        CREATE TABLE IF NOT EXISTS measures (family TEXT NOT NULL, net INTEGER NOT NULL, measure TEXT NOT NULL,
          value REAL, checksum INTEGER, PRIMARY KEY (family, net, measure)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
          test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL, collapsed INTEGER NOT NULL,
          checksum INTEGER, loss_auc REAL, PRIMARY KEY (experiment, trial));
        CREATE TABLE IF NOT EXISTS curves (experiment TEXT NOT NULL, trial INTEGER NOT NULL, point INTEGER NOT NULL,
          epoch INTEGER NOT NULL, test_acc REAL NOT NULL, checksum INTEGER,
          PRIMARY KEY (experiment, trial, point)) WITHOUT ROWID;
        """

    /// Opens the store at `path`, creating it when it is missing (for work) and migrating an
    /// older version (docs/store.md).
    /// - Parameters:
    ///   - path: the store's file.
    ///   - access: `.readWrite` for work, or `.readOnly` (merge inputs: never changed).
    ///   - noFollow: refuse a path with a symbolic link anywhere in it (--confine).
    public init(path: String, access: Access = .readWrite, noFollow: Bool = false) throws {
        self.path = path
        effectivePath = path
        isReadOnly = access == .readOnly || SQLiteStore.lacksWritePermission(path)
        try open(path, noFollow: noFollow)
        do {
            try prepareSchema()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func close() {
        sqlite3_close(db)
        db = nil
        if let temporaryCopy {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporaryCopy + suffix) }
        }
        temporaryCopy = nil
    }

    /// A file the user cannot write is used read-only rather than refused.
    private static func lacksWritePermission(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IWUSR == 0
    }

    private func open(_ file: String, noFollow: Bool) throws {
        var flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI
        if noFollow { flags |= SQLITE_OPEN_NOFOLLOW }
        flags |= isReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let name = isReadOnly ? SQLiteStore.uri(file, "mode=ro") : SQLiteStore.plainName(file)
        if sqlite3_open_v2(name, &db, flags, nil) != SQLITE_OK {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            db = nil
            throw Failure("cannot open the store '\(path)': \(SQLiteStore.plainWords(message))")
        }
        sqlite3_busy_timeout(db, 30_000)
        StoreChecksum.register(on: db)
    }

    /// A path SQLite takes as a file name even with URI names on ("file:x" would be a URI).
    static func plainName(_ file: String) -> String { file.hasPrefix("file:") ? "./" + file : file }

    /// file: URI for a path, with the characters URIs reserve escaped.
    static func uri(_ file: String, _ query: String) -> String {
        var escaped = ""
        for byte in file.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"): escaped += String(format: "%%%02X", byte)
            default: escaped += String(decoding: [byte], as: UTF8.self)
            }
        }
        return "file:\(escaped)?\(query)"
    }

    static func plainWords(_ message: String) -> String {
        message == "unable to open database file" ? "no such file, or its folder cannot be written" : message
    }

    /// Creates the tables of a new store, or checks that an existing file is a varlab store
    /// and brings it to the current version. Creation is one transaction, so a second process
    /// opening the same new file at the same moment sees either nothing (and waits) or a whole store.
    private func prepareSchema() throws {
        if !isReadOnly { try setWAL() }
        let tables = Set(try query("SELECT name FROM sqlite_master WHERE type = 'table'", []) { $0.text(0) })
        if tables.isEmpty {
            guard !isReadOnly else { throw Failure("'\(path)' is empty: not a varlab store") }
            try transaction {
                try execute(
                    """
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    \(SQLiteStore.tables)
                    INSERT OR IGNORE INTO meta VALUES ('format', '\(SQLiteStore.format)'),
                      ('version', '\(SQLiteStore.version)');
                    \(StoreViews.sql)
                    """)
            }
            return
        }
        let meta = try? query("SELECT key, value FROM meta", []) { ($0.text(0), $0.text(1)) }
        let values = Dictionary((meta ?? []).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        guard values["format"] == SQLiteStore.format else {
            throw Failure("'\(path)' is an SQLite file but not a varlab store")
        }
        guard let text = values["version"], let version = Int(text) else {
            throw Failure("'\(path)' is a varlab store without a readable version in its meta table: it is damaged")
        }
        guard version <= StoreMigration.current else {
            throw Failure(
                "'\(path)' is a varlab store of version \(version), newer than this varlab (it reads versions "
                    + "1 to \(StoreMigration.current)); update varlab")
        }
        guard version >= 1 else { throw Failure("'\(path)' has an unknown store version \(version): it is damaged") }
        if version < StoreMigration.current {
            if isReadOnly { try switchToMigratedCopy() }
            try StoreMigration.migrate(self, from: version)
        }
        try checkTables()
        if !isReadOnly { try transaction { try execute(StoreViews.sql) } }
    }

    /// A read-only store of an older version: its contents are copied (VACUUM INTO) to a
    /// temporary file, which is migrated and used; the store's own file is not changed.
    private func switchToMigratedCopy() throws {
        let copy = NSTemporaryDirectory() + "varlab-store-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        try execute("VACUUM INTO ?", [.text(copy)])
        sqlite3_close(db)
        db = nil
        isReadOnly = false
        temporaryCopy = copy
        effectivePath = copy
        try open(copy, noFollow: false)
    }

    /// Every table and column of the current version, so a damaged store is refused at open
    /// with its name, not part-way through a script.
    private func checkTables() throws {
        let wanted: [String: [String]] = [
            "nets": ["family", "net", "float64", "chaotic", "units", "checksum"],
            "measures": ["family", "net", "measure", "value", "checksum"],
            "trials": [
                "experiment", "trial", "lr", "test_acc", "train_acc", "diverged", "collapsed", "checksum", "loss_auc",
            ],
            "curves": ["experiment", "trial", "point", "epoch", "test_acc", "checksum"],
        ]
        for (table, columns) in wanted.sorted(by: { $0.key < $1.key }) {
            let have = Set(try query("SELECT name FROM pragma_table_info(?)", [.text(table)]) { $0.text(0) })
            if have.isEmpty { throw Failure("'\(path)' is a varlab store without its '\(table)' table: it is damaged") }
            if let missing = columns.first(where: { !have.contains($0) }) {
                throw Failure(
                    "'\(path)' is a varlab store whose '\(table)' table lacks the column '\(missing)': it is damaged")
            }
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

    /// The stored measures of the nets `indices` of the family with key `family`; a net whose
    /// row fails its checksum or type checks is left out (and computed again).
    public func nets(_ family: String, _ indices: [Int]) throws -> [Int: LandscapeMeasures] {
        guard let low = indices.min(), let high = indices.max() else { return [:] }
        let wanted = Set(indices)
        var numbers: [Int: [String: Double?]] = [:]
        var flags: [Int: (float64: Bool, chaotic: Bool, units: Bool)] = [:]
        var damaged = Set<Int>()
        let bounds: [Binding] = [.text(family), .integer(low), .integer(high)]
        _ = try query(
            """
            SELECT net, measure, value, checksum IS varlab_checksum(family, net, measure, value) FROM measures
            WHERE family = ? AND net BETWEEN ? AND ?
            """, bounds
        ) { row in
            let net = row.integer(0), measure = row.text(1)
            guard row.integer(3) == 1, let value = row.storedMeasure(2, named: measure) else {
                damaged.insert(net)
                return
            }
            numbers[net, default: [:]][measure] = value
        }
        _ = try query(
            """
            SELECT net, float64, chaotic, units, checksum IS varlab_checksum(family, net, float64, chaotic, units)
            FROM nets WHERE family = ? AND net BETWEEN ? AND ?
            """, bounds
        ) { row in
            guard row.integer(4) == 1, let a = row.flag(1), let b = row.flag(2), let c = row.flag(3) else {
                damaged.insert(row.integer(0))
                return
            }
            flags[row.integer(0)] = (a, b, c)
        }
        damaged.formIntersection(wanted)
        if !damaged.isEmpty { try dropDamaged(nets: damaged.sorted(), of: family) }
        var out: [Int: LandscapeMeasures] = [:]
        for (net, f) in flags where wanted.contains(net) && !damaged.contains(net) {
            out[net] = LandscapeMeasures(
                stored: numbers[net] ?? [:], unitsObserved: f.units,
                precision: f.float64 ? .float64 : .float32, isChaotic: f.chaotic)
        }
        return out
    }

    /// Nets whose rows fail their type, range or checksum checks are computed again: their
    /// rows are removed (when the store may be written) and the user is told.
    private func dropDamaged(nets: [Int], of family: String) throws {
        let listed = nets.prefix(8).map(String.init).joined(separator: ", ") + (nets.count > 8 ? ", ..." : "")
        try dropDamaged(
            nets, key: family, tables: [("measures", "family", "net"), ("nets", "family", "net")],
            note: "\(nets.count) net(s) (\(listed)) failed their checks (a value of the wrong type, out of range, or "
                + "not matching its checksum: a damaged or edited store)", redo: "computed again")
    }

    /// Says what failed, then deletes each unit's rows from `tables` (table, key column, unit
    /// column) in one transaction; a read-only store is only told about.
    private func dropDamaged(
        _ units: [Int], key: String, tables: [(String, String, String)], note text: String, redo: String
    ) throws {
        note("store '\(path)': \(text); " + (isReadOnly ? "\(redo) (the store is read-only)" : "removed and \(redo)"))
        guard !isReadOnly else { return }
        try transaction {
            for unit in units {
                for (table, keyColumn, unitColumn) in tables {
                    try execute(
                        "DELETE FROM \(table) WHERE \(keyColumn) = ? AND \(unitColumn) = ?",
                        [.text(key), .integer(unit)])
                }
            }
        }
    }

    /// Keeps computed nets of a family, each with its row checksums, in one transaction.
    public func saveNets(_ family: String, _ items: [(Int, LandscapeMeasures)]) throws {
        guard !items.isEmpty, !isReadOnly else { return }
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
            try execute(
                "INSERT OR IGNORE INTO nets VALUES (?1, ?2, ?3, ?4, ?5, varlab_checksum(?1, ?2, ?3, ?4, ?5))",
                rows: nets)
            try execute(
                "INSERT OR IGNORE INTO measures VALUES (?1, ?2, ?3, ?4, varlab_checksum(?1, ?2, ?3, ?4))",
                rows: measures)
        }
    }

    /// The checksum expression of a trials row (its columns in order).
    static let trialChecksum =
        "varlab_checksum(experiment, trial, lr, test_acc, train_acc, diverged, collapsed, loss_auc)"

    /// The stored training runs `jobs` of an experiment (a family, training settings, a rate
    /// and the data's fingerprint), each with its curve.
    public func trials(_ experiment: String, _ jobs: [Int]) throws -> [Int: TrialOutcome] {
        let wanted = Set(jobs)
        var damaged = Set<Int>()
        var curves: [Int: [TrialOutcome.CurvePoint]] = [:]
        _ = try query(
            """
            SELECT trial, epoch, test_acc, checksum IS varlab_checksum(experiment, trial, point, epoch, test_acc)
            FROM curves WHERE experiment = ? ORDER BY trial, point
            """, [.text(experiment)]
        ) { row in
            let trial = row.integer(0)
            guard row.integer(3) == 1, row.type(1) == SQLITE_INTEGER, row.integer(1) >= 1, let acc = row.number(2),
                (0...1).contains(acc)
            else {
                if wanted.contains(trial) { damaged.insert(trial) }
                return
            }
            curves[trial, default: []].append(.init(epoch: row.integer(1), testAccuracy: acc))
        }
        let rows = try query(
            """
            SELECT trial, lr, test_acc, train_acc, diverged, collapsed, loss_auc,
              checksum IS \(SQLiteStore.trialChecksum)
            FROM trials WHERE experiment = ?
            """,
            [.text(experiment)]
        ) { row -> (Int, TrialOutcome)? in
            let trial = row.integer(0)
            guard row.integer(7) == 1, var outcome = row.trialOutcome(trial), let auc = row.storedLossAUC(6) else {
                if wanted.contains(trial) { damaged.insert(trial) }
                return nil
            }
            outcome.lossAUC = auc
            outcome.curve = curves[trial] ?? []
            // A trial stored before curves were kept (numbers only) is trained again.
            guard !outcome.curve.isEmpty, auc != nil || outcome.diverged else { return nil }
            return (trial, outcome)
        }
        if !damaged.isEmpty { try dropDamaged(trials: damaged.sorted(), of: experiment) }
        return Dictionary(
            rows.compactMap { $0 }.filter { wanted.contains($0.0) && !damaged.contains($0.0) },
            uniquingKeysWith: { a, _ in a })
    }

    private func dropDamaged(trials: [Int], of experiment: String) throws {
        try dropDamaged(
            trials, key: experiment, tables: [("trials", "experiment", "trial"), ("curves", "experiment", "trial")],
            note: "\(trials.count) training trial(s) failed their checks (an accuracy outside [0, 1], a value of the "
                + "wrong type, or not matching its checksum: a damaged or edited store)", redo: "run again")
    }

    /// Keeps finished training runs of an experiment with their curves.
    public func saveTrials(_ experiment: String, _ items: [(Int, TrialOutcome)]) throws {
        guard !items.isEmpty, !isReadOnly else { return }
        let rows: [[Binding]] = items.map { trial, o in
            [
                .text(experiment), .integer(trial), .real(o.learningRate), .real(o.testAccuracy),
                .real(o.trainAccuracy), .integer(o.diverged ? 1 : 0), .integer(o.collapsed ? 1 : 0),
                .optionalReal(o.lossAUC),
            ]
        }
        let points: [[Binding]] = items.flatMap { trial, o in
            o.curve.enumerated().map { i, p in
                [.text(experiment), .integer(trial), .integer(i), .integer(p.epoch), .real(p.testAccuracy)]
            }
        }
        try transaction {
            try execute(
                """
                INSERT OR IGNORE INTO trials VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                  varlab_checksum(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8), ?8)
                """, rows: rows)
            try execute(
                "INSERT OR IGNORE INTO curves VALUES (?1, ?2, ?3, ?4, ?5, varlab_checksum(?1, ?2, ?3, ?4, ?5))",
                rows: points)
        }
    }

    // MARK: checking a whole store

    /// Rows of the store that fail their checks (type, range, checksum): 0 for a sound store.
    public func damagedRows() throws -> Int {
        var bad = 0
        _ = try query(
            "SELECT measure, value, checksum IS varlab_checksum(family, net, measure, value) FROM measures", []
        ) { row in
            if row.integer(2) != 1 || row.storedMeasure(1, named: row.text(0)) == nil { bad += 1 }
        }
        _ = try query(
            """
            SELECT float64, chaotic, units, checksum IS varlab_checksum(family, net, float64, chaotic, units) FROM nets
            """, []
        ) { row in
            if row.integer(3) != 1 || row.flag(0) == nil || row.flag(1) == nil || row.flag(2) == nil { bad += 1 }
        }
        _ = try query(
            """
            SELECT trial, lr, test_acc, train_acc, diverged, collapsed, loss_auc,
              checksum IS \(SQLiteStore.trialChecksum) FROM trials
            """, []
        ) { row in
            if row.integer(7) != 1 || row.trialOutcome(row.integer(0)) == nil || row.storedLossAUC(6) == nil {
                bad += 1
            }
        }
        _ = try query(
            "SELECT epoch, test_acc, checksum IS varlab_checksum(experiment, trial, point, epoch, test_acc) FROM curves",
            []
        ) { row in
            if row.integer(2) != 1 || row.type(0) != SQLITE_INTEGER
                || !(row.number(1).map { (0...1).contains($0) } ?? false)
            {
                bad += 1
            }
        }
        return bad
    }

    // MARK: merging

    /// What a merge added and which inputs it left out (and why).
    public struct MergeReport: Sendable {
        /// Rows added: nets, their measures, and training runs.
        public var nets = 0, measures = 0, trials = 0
        /// The inputs merged.
        public var merged: [String] = []
        /// The inputs left out, each with why.
        public var skipped: [(path: String, reason: String)] = []
    }

    /// Adds every unit of each input store that it can: an input that is not a varlab store,
    /// has damaged rows, is this store itself, or disagrees with this store on a unit (made by
    /// other versions or settings) is skipped whole and named; the others are merged. Inputs
    /// are opened read-only and never changed (an older version is migrated in a copy).
    public func merge(_ others: [String]) throws -> MergeReport {
        var report = MergeReport()
        for other in others {
            do {
                let added = try mergeOne(other)
                report.nets += added.nets
                report.measures += added.measures
                report.trials += added.trials
                report.merged.append(other)
            } catch let failure as Failure {
                report.skipped.append((other, failure.description))
            }
        }
        return report
    }

    private func mergeOne(_ other: String) throws -> (nets: Int, measures: Int, trials: Int) {
        guard FileManager.default.fileExists(atPath: other) else { throw Failure("no such store") }
        guard !SQLiteStore.sameFile(other, path) else { throw Failure("it is the output store itself") }
        let input: SQLiteStore
        do {
            input = try SQLiteStore(path: other, access: .readOnly)
        } catch let failure as Failure {
            throw Failure(failure.description.replacingOccurrences(of: "'\(other)' ", with: ""))
        }
        let damaged = try input.damagedRows()
        guard damaged == 0 else {
            throw Failure(
                "\(damaged) row(s) fail their checks (wrong type, out of range, or not matching their checksum); "
                    + "nothing of it was merged")
        }
        try execute("ATTACH DATABASE ? AS other", [.text(SQLiteStore.uri(input.effectivePath, "mode=ro"))])
        defer { try? execute("DETACH DATABASE other") }
        let conflicts = try query(
            """
            SELECT (SELECT count(*) FROM other.nets o JOIN nets m USING (family, net)
                    WHERE o.float64 IS NOT m.float64 OR o.chaotic IS NOT m.chaotic OR o.units IS NOT m.units)
                 + (SELECT count(*) FROM other.measures o JOIN measures m USING (family, net, measure)
                    WHERE o.value IS NOT m.value)
                 + (SELECT count(*) FROM other.trials o JOIN trials m USING (experiment, trial)
                    WHERE o.lr IS NOT m.lr OR o.test_acc IS NOT m.test_acc OR o.train_acc IS NOT m.train_acc
                       OR o.diverged IS NOT m.diverged OR o.collapsed IS NOT m.collapsed
                       OR o.loss_auc IS NOT m.loss_auc)
                 + (SELECT count(*) FROM other.curves o JOIN curves m USING (experiment, trial, point)
                    WHERE o.epoch IS NOT m.epoch OR o.test_acc IS NOT m.test_acc)
            """, []
        ) { $0.integer(0) }
        if let n = conflicts.first, n > 0 {
            throw Failure(
                "it disagrees with '\(path)' on \(n) unit(s) of work (made by different versions or settings); "
                    + "nothing of it was merged")
        }
        let before = try rowCounts()
        try transaction {
            try execute("INSERT OR IGNORE INTO nets SELECT * FROM other.nets")
            try execute("INSERT OR IGNORE INTO measures SELECT * FROM other.measures")
            try execute("INSERT OR IGNORE INTO trials SELECT * FROM other.trials")
            try execute("INSERT OR IGNORE INTO curves SELECT * FROM other.curves")
        }
        let after = try rowCounts()
        return (after.nets - before.nets, after.measures - before.measures, after.trials - before.trials)
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// How many nets, measure rows and training runs the store holds.
    public func rowCounts() throws -> (nets: Int, measures: Int, trials: Int) {
        try query(
            "SELECT (SELECT count(*) FROM nets), (SELECT count(*) FROM measures), (SELECT count(*) FROM trials)", []
        ) { ($0.integer(0), $0.integer(1), $0.integer(2)) }.first ?? (0, 0, 0)
    }

    /// Units of work in the store: nets and training trials.
    public func count() throws -> Int {
        let c = try rowCounts()
        return c.nets + c.trials
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
        var type: (Int32) -> Int32 { { sqlite3_column_type(statement, $0) } }

        /// A number stored as a number (never text or a blob, which SQLite would read as 0).
        func number(_ i: Int32) -> Double? {
            let t = type(i)
            return t == SQLITE_FLOAT || t == SQLITE_INTEGER ? real(i) : nil
        }

        /// 0 or 1 stored as an integer.
        func flag(_ i: Int32) -> Bool? {
            guard type(i) == SQLITE_INTEGER else { return nil }
            switch integer(i) {
            case 0: return false
            case 1: return true
            default: return nil
            }
        }

        /// A measure's stored value: NULL (undefined for the net) or a finite number in the
        /// measure's range; `nil` when it is neither (the row is damaged).
        func storedMeasure(_ i: Int32, named name: String) -> Double?? {
            if type(i) == SQLITE_NULL { return .some(nil) }
            guard let x = number(i), StoreChecksum.isPlausible(x, measure: name) else { return nil }
            return .some(x)
        }

        /// A stored loss_auc: NULL (a diverged run, or a trial from before curves) or a finite
        /// non-negative number; `nil` when it is neither (the row is damaged).
        func storedLossAUC(_ i: Int32) -> Double?? {
            if type(i) == SQLITE_NULL { return .some(nil) }
            guard let x = number(i), x.isFinite, x >= 0 else { return nil }
            return .some(x)
        }

        /// A training trial with every column of its type and range, or nil.
        func trialOutcome(_ trial: Int) -> TrialOutcome? {
            guard let lr = number(1), lr.isFinite, lr > 0, let test = number(2), (0...1).contains(test),
                let train = number(3), (0...1).contains(train), let diverged = flag(4), let collapsed = flag(5)
            else { return nil }
            return TrialOutcome(
                learningRate: lr, trial: trial, testAccuracy: test, trainAccuracy: train, diverged: diverged,
                collapsed: collapsed)
        }
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

    /// Runs SQL that returns no rows (the tests damage stores this way).
    public func execute(_ sql: String) throws { try execute(sql, []) }

    /// The rows of a query, each column as SQLite's text of it (nil for NULL): for a study
    /// that asks the store's views directly (docs/store.md, "Querying a store").
    public func rows(_ sql: String) throws -> [[String?]] {
        try query(sql, []) { row in
            (0..<sqlite3_column_count(row.statement)).map { row.isNull($0) ? nil : row.text($0) }
        }
    }

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
    func transaction(_ body: () throws -> Void) throws {
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
