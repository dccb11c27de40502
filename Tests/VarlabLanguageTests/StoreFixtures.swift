import CSQLite
import Foundation

/// Stores as each released version of varlab wrote them, made from that version's own
/// schema (never by editing a current store), so every migration step is tested from the
/// store the version before it wrote (docs/store.md, "Older stores").
enum StoreFixture {
    /// The schema of each released store version, as it was.
    static let schemas: [Int: String] = [
        1: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE nets (family TEXT NOT NULL, net INTEGER NOT NULL, v1 REAL, v2 REAL, v3 REAL, v4 REAL,
          rms REAL, std REAL, spread REAL, dead REAL, linear REAL, kinks REAL, dead_layers INTEGER, patterns INTEGER,
          PRIMARY KEY (family, net));
        CREATE TABLE trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
          test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL, collapsed INTEGER NOT NULL,
          PRIMARY KEY (experiment, trial));
        INSERT INTO meta VALUES ('format', 'varlab.store'), ('version', '1');
        """,
        2: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE nets (family TEXT NOT NULL, net INTEGER NOT NULL, v1 REAL, v2 REAL, v3 REAL, v4 REAL,
          rms REAL, std REAL, spread REAL, dead REAL, linear REAL, kinks REAL, dead_layers INTEGER, patterns INTEGER,
          float64 INTEGER NOT NULL DEFAULT 0, chaotic INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (family, net));
        CREATE TABLE trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
          test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL, collapsed INTEGER NOT NULL,
          PRIMARY KEY (experiment, trial));
        INSERT INTO meta VALUES ('format', 'varlab.store'), ('version', '2');
        """,
        3: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE nets (family TEXT NOT NULL, net INTEGER NOT NULL, float64 INTEGER NOT NULL DEFAULT 0,
          chaotic INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (family, net));
        CREATE TABLE measures (family TEXT NOT NULL, net INTEGER NOT NULL, measure TEXT NOT NULL,
          value REAL, PRIMARY KEY (family, net, measure)) WITHOUT ROWID;
        CREATE TABLE trials (experiment TEXT NOT NULL, trial INTEGER NOT NULL, lr REAL NOT NULL,
          test_acc REAL NOT NULL, train_acc REAL NOT NULL, diverged INTEGER NOT NULL, collapsed INTEGER NOT NULL,
          PRIMARY KEY (experiment, trial));
        INSERT INTO meta VALUES ('format', 'varlab.store'), ('version', '3');
        """,
    ]

    /// A new file at `path` with version `version`'s schema and then `rows` (SQL).
    static func write(version: Int, to path: String, rows: String) throws {
        try RawSQLite.execute(path, (schemas[version] ?? "") + "\n" + rows)
    }
}

/// SQL run on a file directly, as a damaged disk or another tool would change it.
enum RawSQLite {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func execute(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        defer { sqlite3_close(db) }
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw Failure(description: "cannot open \(path)") }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw Failure(description: message.map { String(cString: $0) } ?? "error")
        }
    }

    static func bytes(_ path: String) -> Data { (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data() }
}
