// varlab-fuzz: mutation fuzzing of the language. Usage: varlab-fuzz [COUNT] [SEED]
// Seeds are every .var file under Tests/ and examples/. The input being run is kept in
// fuzz-current.var, so after a crash that file reproduces it.
import Foundation
import VarlabFuzzing

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
var seeds: [String] = []
for folder in ["Tests", "examples"] {
    let base = root.appendingPathComponent(folder)
    for case let path as String in FileManager.default.enumerator(atPath: base.path) ?? FileManager.default.enumerator(
        atPath: "/")! where path.hasSuffix(".var")
    {
        if let text = try? String(contentsOf: base.appendingPathComponent(path), encoding: .utf8) { seeds.append(text) }
    }
}
var mutator = Mutator(seeds: seeds, seed: seed)
let runner = FuzzRunner(perInputSeconds: 2)
let current = FileManager.default.currentDirectoryPath + "/fuzz-current.var"
let started = Date()
let report = runner.run(count, mutator: &mutator) { i, program in
    try? program.write(toFile: current, atomically: false, encoding: .utf8)
    if i % 10_000 == 0 && i > 0 {
        print("\(i) inputs, \(Int(Double(i) / Date().timeIntervalSince(started))) per second")
        fflush(nil)  // every output stream: stdout is a C global Swift 6 cannot prove safe
    }
}
try? FileManager.default.removeItem(atPath: current)
print(
    """
    fuzzed \(report.inputs) inputs from \(seeds.count) seeds (seed \(seed)) in \
    \(Int(Date().timeIntervalSince(started))) s: no crash, no trap, no hang
      ran clean \(report.ran), syntax errors \(report.syntaxErrors), runtime errors \(report.runtimeErrors), \
    stopped at the deadline \(report.deadlines)
      slowest input \(String(format: "%.2f", report.slowest)) s
    """)
