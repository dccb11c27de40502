// A study in Swift: V3 against depth for relu and abs at a budget of 2000 parameters,
// kept in a store so a second run (or a crashed one) computes only what is missing, then
// the same question asked of the store in SQL. Run: swift run -c release varlab-quickstart
import VarlabCore
import VarlabStore

let path = CommandLine.arguments.dropFirst().first ?? "study.sqlite"
let store = try SQLiteStore(path: path)
let options = VariabilityOptions(samples: 100, resolution: 32)
let execution = Execution(threads: 2, store: store)
print("act   depth  width  mean V3             C2C    from the store")
for act in [Activation.relu, .abs] {
    for depth in [2, 8, 32] {
        let spec = MLPSpec(depth: depth, budget: 2000, activation: act, seed: 1)
        let result = try Variability.measure(spec, options: options, execution: execution)
        let v3 = result.headline
        print(
            act.name.padding(toLength: 6, withPad: " ", startingAt: 0), depth, spec.width,
            "\(v3.mean) ± \(v3.standardError)", result.collapse.rate, "\(result.work.stored) of \(v3.count)")
    }
}
// One row per stored net, one column per setting and measure (docs/store.md).
let query = "SELECT act, depth, avg(v3), count(*) FROM net_measures WHERE grid = 32 GROUP BY act, depth"
for row in try store.rows(query) {
    print("sql:", row.map { $0 ?? "NULL" }.joined(separator: " "))
}
