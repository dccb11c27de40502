import VarlabCore

/// Two views that make a store queryable with plain SQL (docs/store.md, "Querying a
/// store"): `net_measures`, one row per stored net with one typed column per family setting
/// and per measure, and `trial_runs`, one row per training run with its family's and its
/// training's settings. They read the settings out of the readable keys in SQL alone, so
/// sqlite3 and pandas use them without varlab; they change no table, and are made again
/// each time a store is opened for work, so they follow the running varlab's keys.
enum StoreViews {
    /// Settings in a family key: (column, key name, SQL type).
    static let familySettings: [(String, String, String)] = [
        ("numerics", "numerics", "INTEGER"), ("input", "input", "INTEGER"), ("depth", "depth", "INTEGER"),
        ("width", "width", "INTEGER"), ("widths", "widths", "TEXT"), ("act", "act", "TEXT"),
        ("slope", "slope", "REAL"), ("act_hash", "act_hash", "TEXT"), ("act_ratio", "act_ratio", "REAL"),
        ("init", "init", "TEXT"), ("bias", "bias", "REAL"), ("seed", "seed", "INTEGER"), ("branch", "branch", "REAL"),
    ]
    /// Settings only a variability key has.
    static let measurementSettings: [(String, String, String)] = [
        ("planes", "planes", "INTEGER"), ("through", "through", "TEXT"), ("grid", "grid", "INTEGER"),
        ("units", "units", "INTEGER"),
    ]
    /// Settings only an experiment key has.
    static let trainingSettings: [(String, String, String)] = [
        ("epochs", "epochs", "INTEGER"), ("batch", "batch", "INTEGER"), ("optimizer", "optimizer", "TEXT"),
        ("loss", "loss", "TEXT"), ("evaluations", "evaluations", "INTEGER"), ("data", "data", "TEXT"),
    ]

    /// The value of `name=` in the space-padded key `k.f` (NULL where the key has none).
    static func setting(_ name: String, _ type: String) -> String {
        let marker = "' \(name)='"
        let start = "instr(k.f, \(marker)) + \(name.count + 2)"
        let rest = "substr(k.f, \(start))"
        let text = "substr(\(rest), 1, instr(\(rest), ' ') - 1)"
        return "CASE WHEN instr(k.f, \(marker)) > 0 THEN CAST(\(text) AS \(type)) END"
    }

    static func columns(_ settings: [(String, String, String)]) -> String {
        settings.map { "\(setting($0.1, $0.2)) AS \($0.0)" }.joined(separator: ",\n  ")
    }

    /// Every measure the store keeps, by name: V_k, RMS, std and the declared per-net ones.
    static var measureNames: [String] {
        ["v1", "v2", "v3", "v4", "rms", "std"] + LandscapeMeasures.perNet.map(\.name).filter { $0 != "spread" }
            + ["spread"]
    }

    static var sql: String {
        let tolerance = setting("tol", "TEXT")
        let pivot = measureNames.map { "MAX(CASE WHEN measure = '\($0)' THEN value END) AS \($0)" }
            .joined(separator: ", ")
        return """
            DROP VIEW IF EXISTS net_measures;
            DROP VIEW IF EXISTS trial_runs;
            CREATE VIEW net_measures AS
            WITH k AS (SELECT family, net, float64, chaotic, ' ' || family || ' ' AS f FROM nets),
            m AS (SELECT family, net, \(pivot) FROM measures GROUP BY family, net),
            s AS (SELECT k.family, k.net, k.float64, k.chaotic,
              \(columns(familySettings + measurementSettings)),
              CAST(substr(\(tolerance), 1, instr(\(tolerance) || ',', ',') - 1) AS REAL) AS tol,
              CAST(substr(\(tolerance), instr(\(tolerance), ',') + 1) AS REAL) AS tol_loose
              FROM k)
            SELECT s.*, \(measureNames.map { "m.\($0)" }.joined(separator: ", ")),
              (m.rms = 0 OR m.spread <= s.tol) AS c2c, (m.rms = 0 OR m.spread <= s.tol_loose) AS c2c_loose
            FROM s JOIN m ON m.family = s.family AND m.net = s.net;
            CREATE VIEW trial_runs AS
            WITH k AS (SELECT *, ' ' || experiment || ' ' AS f FROM trials)
            SELECT k.experiment, k.trial, \(columns(familySettings + trainingSettings)), k.lr, k.test_acc,
              k.train_acc, k.diverged, k.collapsed, k.loss_auc
            FROM k;
            """
    }
}
