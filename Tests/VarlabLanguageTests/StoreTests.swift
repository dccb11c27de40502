import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabStore

/// The store of finished work (docs/store.md): same results with and without it, resumable,
/// shards that merge into exactly the one-process result, and bad stores refused.
@Suite struct StoreTests {
    static func freshPath(_ name: String) -> String {
        NSTemporaryDirectory() + "varlab-store-\(name)-\(UUID().uuidString).sqlite"
    }

    static let spec = MLPSpec(depth: 6, width: 9, activation: .abs, seed: 3)
    static let options = VariabilityOptions(samples: 600, resolution: 12)

    @Test func resultsAreIdenticalWithAndWithoutTheStoreAndTheSecondRunComputesNothing() throws {
        let plain = try Variability.measure(Self.spec, options: Self.options)
        let store = try SQLiteStore(path: Self.freshPath("roundtrip"))
        let first = try Variability.measure(
            Self.spec, options: Self.options, execution: Execution(threads: 2, store: store))
        let second = try Variability.measure(
            Self.spec, options: Self.options, execution: Execution(threads: 2, store: store))
        #expect(first.orders == plain.orders && first.medians == plain.medians && first.aggregates == plain.aggregates)
        #expect(
            second.orders == plain.orders && second.collapse == plain.collapse && second.aggregates == plain.aggregates)
        #expect(first.work.computed == 600 && second.work.stored == 600 && second.work.computed == 0)
        #expect(try store.count() == 600)
    }

    /// Precision and the chaos flag survive the store, and a family that went to float64 up
    /// front reads back the same result (docs/store.md).
    @Test func precisionRoundTripsThroughTheStore() throws {
        let spec = MLPSpec(depth: 6, width: 9, activation: .sigmoid, seed: 3)
        let options = VariabilityOptions(samples: 20, resolution: 16)
        let plain = try Variability.measure(spec, options: options)
        let store = try SQLiteStore(path: Self.freshPath("precision"))
        _ = try Variability.measure(spec, options: options, execution: Execution(threads: 2, store: store))
        let again = try Variability.measure(spec, options: options, execution: Execution(threads: 2, store: store))
        #expect(again.work.computed == 0 && again.orders == plain.orders)
        #expect(
            again.float64Nets == plain.float64Nets && again.chaoticNets == plain.chaoticNets
                && again.float64UpFront == plain.float64UpFront)
        #expect(plain.float64Nets > 0)
    }

    /// A store written before the precision check (version 1) opens: its nets table gains the
    /// precision columns, its old nets are not read as current results, its trials are.
    @Test func aVersionOneStoreOpensAndMigrates() throws {
        let path = Self.freshPath("v1")
        try StoreFixture.write(
            version: 1, to: path,
            rows: """
                INSERT INTO nets VALUES ('\(Self.spec.storeKey.replacingOccurrences(of: "numerics=\(Numerics.version)", with: "numerics=2")) grid=12 units=1', 0,
                  1, 1, 1, 1, 1, 1, 1, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO trials VALUES ('old experiment', 0, 0.002, 0.9, 0.95, 0, 0);
                """)
        let store = try SQLiteStore(path: path)
        // Its trials stay (numbers without a curve) and are trained again when needed.
        #expect(try store.rowCounts().trials == 1 && store.trials("old experiment", [0]).isEmpty)
        let result = try Variability.measure(
            Self.spec, options: VariabilityOptions(samples: 4, resolution: 12),
            execution: Execution(threads: 1, store: store))
        #expect(result.work.stored == 0 && result.work.computed == 4)
        #expect(
            try SQLiteStore(path: path).nets(
                FamilyKey(spec: Self.spec, options: VariabilityOptions(samples: 4, resolution: 12)).text, [0, 1, 2, 3]
            ).count
                == 4)
    }

    /// Every declared measure (LandscapeMeasures.perNet) is kept by name and reads back equal,
    /// defined or not, for nets with and without breakpoints and with units unobserved.
    @Test func everyDeclaredMeasureSurvivesTheStore() throws {
        let store = try SQLiteStore(path: Self.freshPath("declared"))
        for (act, units) in [(Activation.relu, true), (.tanh, true), (.abs, false)] {
            let spec = MLPSpec(depth: 4, width: 7, activation: act, seed: 5)
            let options = VariabilityOptions(samples: 6, resolution: 12, observeUnits: units)
            let made = (0..<6).map { NetSample(spec: spec, index: $0, options: options).measures }
            try store.saveNets("family \(act) \(units)", Array(zip(0..., made)))
            let read = try store.nets("family \(act) \(units)", Array(0..<6))
            for (i, m) in made.enumerated() {
                #expect(read[i] == m, "\(act) net \(i)")
                #expect(Set(m.declared.keys) == Set(LandscapeMeasures.perNet.map(\.name)))
            }
            if act == .relu { #expect(made.allSatisfy { $0.value("patterns") != nil && $0.value("dead") != nil }) }
            if act == .tanh { #expect(made.allSatisfy { $0.value("dead") == nil && $0.unitsObserved }) }
        }
    }

    /// A store written by the previous release (version 2: one column per measure) opens,
    /// moves its numbers to the measures table and serves them (nothing is computed again while
    /// no measure has been declared since).
    @Test func aVersionTwoStoreOpensWithItsNets() throws {
        let path = Self.freshPath("v2")
        let options = VariabilityOptions(samples: 4, resolution: 12)
        let family = FamilyKey(spec: Self.spec, options: options).text
        var rows: [String] = []
        for i in 0..<4 {
            let m = NetSample(spec: Self.spec, index: i, options: options).measures
            let values =
                (m.variability + [m.rms, m.std, m.spread]).map { "\($0)" }
                + ["dead", "linear", "kinks", "dead_layers", "patterns"].map {
                    m.value($0).map { "\($0)" } ?? "NULL"
                }
            rows.append("INSERT INTO nets VALUES ('\(family)', \(i), \(values.joined(separator: ", ")), 0, 0);")
        }
        try StoreFixture.write(version: 2, to: path, rows: rows.joined(separator: "\n"))
        let store = try SQLiteStore(path: path)
        let result = try Variability.measure(
            Self.spec, options: options, execution: Execution(threads: 1, store: store))
        let plain = try Variability.measure(Self.spec, options: options)
        // Nets are served from the store unless a measure was declared after version 2; then
        // they are measured again for it (and the store gains it).
        let version2 = ["spread", "dead", "linear", "kinks", "dead_layers", "patterns"]
        let complete = LandscapeMeasures.perNet.allSatisfy { version2.contains($0.name) }
        #expect(result.work.stored == (complete ? 4 : 0) && result.work.computed == (complete ? 0 : 4))
        #expect(
            result.orders == plain.orders && result.aggregates == plain.aggregates && result.collapse == plain.collapse)
    }

    /// Nets stored before a measure was declared (here: its rows removed) are measured again
    /// for it; the result equals a run without the store, and the store gains the measure.
    @Test func aMeasureDeclaredLaterIsFilledIn() throws {
        let path = Self.freshPath("later")
        let options = VariabilityOptions(samples: 20, resolution: 12)
        let store = try SQLiteStore(path: path)
        _ = try Variability.measure(Self.spec, options: options, execution: Execution(threads: 2, store: store))
        try store.execute("DELETE FROM measures WHERE measure = 'patterns' AND net >= 5")
        let family = FamilyKey(spec: Self.spec, options: options).text
        #expect(try store.nets(family, Array(0..<20)).values.filter { !$0.unmeasured.isEmpty }.count == 15)
        let again = try Variability.measure(Self.spec, options: options, execution: Execution(threads: 2, store: store))
        let plain = try Variability.measure(Self.spec, options: options)
        #expect(again.work.stored == 5 && again.work.computed == 15)
        #expect(again.orders == plain.orders && again.aggregates == plain.aggregates)
        #expect(try store.nets(family, Array(0..<20)).values.allSatisfy { $0.unmeasured.isEmpty })
    }

    /// A run stopped half-way keeps its finished waves; the resumed run equals an
    /// uninterrupted one.
    @Test func anInterruptedRunResumesFromTheStore() throws {
        final class Counter: @unchecked Sendable {
            var n = 0
            let lock = NSLock()
        }
        let counter = Counter()
        let path = Self.freshPath("resume")
        let store = try SQLiteStore(path: path)
        let stopping = Execution(
            threads: 1,
            isCancelled: {
                counter.lock.lock()
                defer { counter.lock.unlock() }
                counter.n += 1
                return counter.n > 300
            }, store: store)
        #expect(throws: Cancelled.self) {
            try Variability.measure(Self.spec, options: Self.options, execution: stopping)
        }
        #expect(try store.count() == 264)  // the pilot (8 nets) and the first wave were kept
        let resumed = try Variability.measure(
            Self.spec, options: Self.options, execution: Execution(threads: 2, store: try SQLiteStore(path: path)))
        let plain = try Variability.measure(Self.spec, options: Self.options)
        #expect(resumed.work.stored == 264 && resumed.work.computed == 336)
        #expect(resumed.orders == plain.orders && resumed.medians == plain.medians)
    }

    /// Three shards, each with its own store, merged, then assembled without computing.
    @Test func shardsMergeIntoTheOneProcessResult() throws {
        let data = Dataset.generate(.xor, train: 200, test: 200, noise: 0.1, seed: 2)
        let training = TrainingOptions(epochs: 5, learningRate: 5e-3)
        let paths = (0..<3).map { Self.freshPath("shard\($0)") }
        for (i, path) in paths.enumerated() {
            let execution = Execution(threads: 2, store: try SQLiteStore(path: path), shard: Shard(index: i, count: 3))
            let partial = try Variability.measure(Self.spec, options: Self.options, execution: execution)
            // Every shard measures the 8 pilot nets, which decide the precision for all.
            let pilotOthers = (0..<8).filter { !Shard(index: i, count: 3).owns($0) }.count
            #expect(partial.work.computed == 200 + pilotOthers && partial.work.isPartial)
            _ = try Trainability.measure(
                Self.spec, data: data, trials: 3, learningRates: [5e-3, 1e-2], training: training, execution: execution)
        }
        let merged = try SQLiteStore(path: Self.freshPath("merged"))
        let report = try merged.merge(paths)
        #expect(report.nets + report.trials == 606 && report.skipped.isEmpty && report.merged == paths)
        let assembly = Execution(threads: 2, store: merged)
        let v = try Variability.measure(Self.spec, options: Self.options, execution: assembly)
        let t = try Trainability.measure(
            Self.spec, data: data, trials: 3, learningRates: [5e-3, 1e-2], training: training, execution: assembly)
        #expect(v.work.computed == 0 && t.work.computed == 0 && !v.work.isPartial)
        let plainV = try Variability.measure(Self.spec, options: Self.options)
        let plainT = try Trainability.measure(
            Self.spec, data: data, trials: 3, learningRates: [5e-3, 1e-2], training: training)
        #expect(v.orders == plainV.orders && v.medians == plainV.medians && v.aggregates == plainV.aggregates)
        #expect(t.rates.map(\.trials) == plainT.rates.map(\.trials) && t.bestIndex == plainT.bestIndex)
    }

    @Test func conflictingStoresAreNotMerged() throws {
        let a = try SQLiteStore(path: Self.freshPath("a")), bPath = Self.freshPath("b")
        let b = try SQLiteStore(path: bPath)
        let m = LandscapeMeasures(
            variability: [1, 2, 3, 4], rms: 1, std: 0.5, spread: 0.5, declared: ["spread": 0.5], unitsObserved: false)
        var other = m
        other.variability[2] = 3.5
        try a.saveNets("family", [(0, m)])
        try b.saveNets("family", [(0, other), (1, m)])
        let report = try a.merge([bPath])
        #expect(report.skipped.map(\.path) == [bPath] && report.skipped[0].reason.contains("disagrees"))
        #expect(try a.count() == 1)  // nothing of the conflicting store was added
    }

    @Test func foreignAndCorruptFilesAreRefusedClearly() throws {
        let garbage = Self.freshPath("garbage")
        try Data("this is not a database, just text".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect { _ = try SQLiteStore(path: garbage) } throws: {
            "\($0)".contains("not a database") || "\($0)".contains("cannot")
        }
        let foreign = Self.freshPath("foreign")
        let store = try SQLiteStore(path: foreign)
        try store.execute("DELETE FROM meta")
        #expect { _ = try SQLiteStore(path: foreign) } throws: { "\($0)".contains("not a varlab store") }
    }

    /// Two writers on one store (threads here, processes in the CLI test) lose nothing.
    @Test func concurrentWritersLoseNothing() throws {
        let path = Self.freshPath("concurrent")
        _ = try SQLiteStore(path: path)
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            guard let store = try? SQLiteStore(path: path) else { return }
            for k in 0..<25 {
                let m = LandscapeMeasures(
                    variability: [1, 2, 3, Double(k)], rms: 1, std: 1, spread: 1, declared: [:], unitsObserved: false)
                try? store.saveNets("writer \(w)", [(k, m)])
            }
        }
        #expect(try SQLiteStore(path: path).count() == 100)
    }

    /// store() in a script: the second identical call comes from the store, with the same result.
    @Test func theStoreBuiltinKeepsWorkForTheSession() throws {
        let (interpreter, host) = makeInterpreter(quick: false)
        #expect(
            interpreter.run(
                """
                store("session.sqlite")
                a = variability(mlp(depth: 3, width: 6), samples: 30, grid: 12)
                b = variability(mlp(depth: 3, width: 6), samples: 30, grid: 12)
                print(a.v3 == b.v3, a.v3_se == b.v3_se)
                """
            ).isEmpty)
        #expect(host.lines == ["true true"])
        #expect(try SQLiteStore(path: (host.files as! DiskFiles).storePath("session.sqlite").path).count() == 30)
        let errors = interpreter.run("store(3)")
        #expect(errors.first?.message.contains("store: argument 'path' must be a string") == true)
        #expect(errors.first?.location?.column == 7)
    }
}
