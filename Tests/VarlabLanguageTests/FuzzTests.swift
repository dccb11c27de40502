import Foundation
import Testing
import VarlabFuzzing

/// A short, seeded run of the language fuzzer on every CI run (the long runs use
/// `swift run -c release varlab-fuzz COUNT SEED`). A crash or trap fails the whole suite;
/// a hang would trip the per-input deadline and be counted.
@Suite struct FuzzTests {
    static func seeds() -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var texts: [String] = []
        for folder in ["Tests", "examples"] {
            let base = root.appendingPathComponent(folder)
            for case let path as String in FileManager.default.enumerator(atPath: base.path)!
            where path.hasSuffix(".var") {
                if let t = try? String(contentsOf: base.appendingPathComponent(path), encoding: .utf8) {
                    texts.append(t)
                }
            }
        }
        return texts
    }

    @Test func seededFuzzRunFindsNoCrashOrHang() {
        let seeds = Self.seeds()
        #expect(seeds.count >= 10)
        var mutator = Mutator(seeds: seeds, seed: 2026)
        let report = FuzzRunner(perInputSeconds: 5).run(1500, mutator: &mutator)
        #expect(report.inputs == 1500)
        #expect(report.ran > 0 && report.syntaxErrors > 0 && report.runtimeErrors > 0)
        #expect(report.deadlines == 0, "an input ran into the 5 s deadline")
    }

    @Test func mutatorIsDeterministic() {
        var a = Mutator(seeds: ["x = 1\nprint(x)"], seed: 5), b = Mutator(seeds: ["x = 1\nprint(x)"], seed: 5)
        for _ in 0..<50 { #expect(a.next() == b.next()) }
    }
}
