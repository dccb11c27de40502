import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabStore

/// What the store verifies when it reads (docs/store.md, "What the store verifies"): values
/// of the wrong type or out of range and rows that no longer match their checksum are found,
/// said, and computed again; inputs read for merging are never changed; migrations are named
/// steps, each tested from the store its predecessor wrote.
@Suite struct StoreVerificationTests {
    static let spec = MLPSpec(depth: 4, width: 7, activation: .abs, seed: 3)
    static let options = VariabilityOptions(samples: 12, resolution: 12)
    static var family: String { FamilyKey(spec: spec, options: options).text }

    final class Notes: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.withLock { items.append(s) } }
        var all: [String] { lock.withLock { items } }
    }

    /// A store holding the family's 12 nets, and the result computed without a store.
    static func filledStore(_ name: String) throws -> (path: String, plain: VariabilityResult) {
        let path = StoreTests.freshPath(name)
        _ = try Variability.measure(
            spec, options: options, execution: Execution(threads: 1, store: SQLiteStore(path: path)))
        return (path, try Variability.measure(spec, options: options))
    }

    /// Reads the family back through a fresh connection, recording the store's notes.
    static func reread(_ path: String) throws -> (VariabilityResult, [String]) {
        let store = try SQLiteStore(path: path)
        let notes = Notes()
        store.note = { notes.add($0) }
        let r = try Variability.measure(spec, options: options, execution: Execution(threads: 1, store: store))
        return (r, notes.all)
    }

    /// Text in a measure's value had been read as 0 and changed the result with exit 0.
    @Test func textInAValueIsFoundAndTheNetComputedAgain() throws {
        let (path, plain) = try Self.filledStore("text")
        try RawSQLite.execute(path, "UPDATE measures SET value = 'oops' WHERE net = 3 AND measure = 'v3'")
        let (again, notes) = try Self.reread(path)
        #expect(again.orders == plain.orders && again.aggregates == plain.aggregates)
        #expect(again.work.computed == 1 && again.work.stored == 11)
        #expect(notes.count == 1 && notes[0].contains("1 net(s) (3) failed their checks"), "\(notes)")
        // The damaged rows were replaced: a third read finds a sound store.
        #expect(try Self.reread(path).1.isEmpty)
        #expect(try SQLiteStore(path: path).damagedRows() == 0)
    }

    /// One flipped exponent bit in a stored V3 had made the mean 4.4e304 without a word.
    @Test func aFlippedBitIsCaughtByTheChecksum() throws {
        let (path, plain) = try Self.filledStore("bit")
        try RawSQLite.execute(
            path,
            """
            UPDATE measures SET value = value * 4611686018427387904.0 * 4611686018427387904.0
            WHERE net = 5 AND measure = 'v3'
            """)
        let (again, notes) = try Self.reread(path)
        #expect(again.orders == plain.orders && notes.first?.contains("(5)") == true)
        // A small change, in range, is caught the same way (only the checksum can tell).
        try RawSQLite.execute(path, "UPDATE measures SET value = value * 1.0000001 WHERE net = 7 AND measure = 'v1'")
        let (third, notes3) = try Self.reread(path)
        #expect(third.orders == plain.orders && notes3.first?.contains("(7)") == true)
    }

    /// test_acc = 42 had been accepted.
    @Test func anAccuracyOutOfRangeIsNotServed() throws {
        let path = StoreTests.freshPath("acc")
        let store = try SQLiteStore(path: path)
        let outcome = TrialOutcome(
            learningRate: 0.002, trial: 0, testAccuracy: 0.8, trainAccuracy: 0.9, diverged: false, collapsed: false,
            lossAUC: 0.4, curve: [.init(epoch: 1, testAccuracy: 0.7), .init(epoch: 2, testAccuracy: 0.8)])
        try store.saveTrials("e", [(0, outcome), (1, outcome)])
        #expect(try store.trials("e", [0, 1]).count == 2)
        try RawSQLite.execute(path, "UPDATE trials SET test_acc = 42 WHERE trial = 1")
        let notes = Notes()
        store.note = { notes.add($0) }
        #expect(try store.trials("e", [0, 1]).keys.sorted() == [0])
        #expect(notes.all.first?.contains("accuracy outside [0, 1]") == true)
    }

    /// Merge inputs are opened read-only: their bytes stay the same, also for an older
    /// version, which is migrated in a temporary copy.
    @Test func mergeInputsAreNeverChanged() throws {
        let (current, _) = try Self.filledStore("input4")
        let old = StoreTests.freshPath("input3")
        try StoreFixture.write(
            version: 3, to: old,
            rows: """
                INSERT INTO nets VALUES ('old family', 0, 0, 0, 0);
                INSERT INTO measures VALUES ('old family', 0, 'v3', 0.25);
                INSERT INTO trials VALUES ('old experiment', 0, 0.002, 0.75, 0.8, 0, 0);
                """)
        let before = [RawSQLite.bytes(current), RawSQLite.bytes(old)]
        let out = try SQLiteStore(path: StoreTests.freshPath("out"))
        let report = try out.merge([current, old])
        #expect(report.skipped.isEmpty && report.nets == 13 && report.trials == 1)
        #expect([RawSQLite.bytes(current), RawSQLite.bytes(old)] == before)
        #expect(!FileManager.default.fileExists(atPath: old + "-wal"))
        #expect(try out.nets("old family", [0])[0] == nil)  // a v3 net lacks the core numbers: not served
        // A v3 trial has no curve: merged, but not served (trainability trains it again).
        #expect(try out.rowCounts().trials == 1 && out.trials("old experiment", [0]).isEmpty)
        #expect(try out.damagedRows() == 0)
    }

    /// `merge m s0 bad s2` had merged s0, refused bad, and never merged s2.
    @Test func mergeTakesEveryGoodInputAndNamesEachSkippedOne() throws {
        let (s0, _) = try Self.filledStore("s0")
        let bad = StoreTests.freshPath("bad")
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: bad))
        let damaged = StoreTests.freshPath("damaged")
        let store = try SQLiteStore(path: damaged)
        try store.saveTrials(
            "e",
            [
                (
                    0,
                    TrialOutcome(
                        learningRate: 0.002, trial: 0, testAccuracy: 0.8, trainAccuracy: 0.9, diverged: false,
                        collapsed: false)
                )
            ])
        try RawSQLite.execute(damaged, "UPDATE trials SET train_acc = 0.5")
        let s2 = StoreTests.freshPath("s2")
        try SQLiteStore(path: s2).saveTrials(
            "f",
            [
                (
                    0,
                    TrialOutcome(
                        learningRate: 0.002, trial: 0, testAccuracy: 0.7, trainAccuracy: 0.9, diverged: false,
                        collapsed: false)
                )
            ])
        let outPath = StoreTests.freshPath("m")
        let out = try SQLiteStore(path: outPath)
        let report = try out.merge([s0, bad, damaged, s2, outPath])
        #expect(report.merged == [s0, s2])
        #expect(report.skipped.map(\.path) == [bad, damaged, outPath])
        #expect(report.skipped[1].reason.contains("1 row(s) fail their checks"))
        #expect(report.skipped[2].reason.contains("output store itself"))
        #expect(report.nets == 12 && report.trials == 1 && report.measures > 12)
    }

    /// A read-only file given as a store is used read-only: served, never written or migrated.
    @Test func aReadOnlyStoreIsReadNotWritten() throws {
        let (path, plain) = try Self.filledStore("readonly")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        let before = RawSQLite.bytes(path)
        let store = try SQLiteStore(path: path)
        #expect(store.isReadOnly)
        var wider = Self.options
        wider.samples = 14
        let r = try Variability.measure(Self.spec, options: wider, execution: Execution(threads: 1, store: store))
        #expect(r.work.stored == 12 && r.work.computed == 2)
        #expect(RawSQLite.bytes(path) == before)
        _ = plain
    }

    /// Every released version's store opens, through every later step, to a sound store.
    @Test func everyReleasedVersionMigratesToTheCurrentOne() throws {
        #expect(StoreFixture.schemas.keys.max() == StoreMigration.releasedBeforeCurrent)
        for version in StoreFixture.schemas.keys.sorted() {
            let path = StoreTests.freshPath("fixture\(version)")
            try StoreFixture.write(
                version: version, to: path,
                rows: """
                    INSERT INTO trials (experiment, trial, lr, test_acc, train_acc, diverged, collapsed)
                    VALUES ('x', 0, 0.002, 0.5, 0.5, 0, 0);
                    """)
            let store = try SQLiteStore(path: path)
            // Old trials have no curve: kept, not damaged, trained again when needed.
            #expect(try store.rowCounts().trials == 1 && store.trials("x", [0]).isEmpty, "version \(version)")
            #expect(try store.damagedRows() == 0, "version \(version)")
        }
    }

    /// Migration steps are declared with unique names, in order, one per version.
    @Test func migrationStepsAreNamedAndOrdered() {
        let names = StoreMigration.names
        #expect(Set(names).count == names.count && !names.isEmpty)
        #expect(StoreMigration.isOrdered && StoreMigration.coversEveryVersion)
    }
}
