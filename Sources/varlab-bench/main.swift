// varlab-bench: the performance workloads of varlab, measured side by side with the same
// workloads in NumPy (numpy_reference.py beside this file) in one invocation.
//   swift run -c release varlab-bench [--repeats N] [--skip-numpy] [--w3]
//   swift run -c release varlab-bench --acts-only          every activation beside relu, float64 families
//   swift run -c release varlab-bench --custom-only        custom activations beside the built-ins they equal
//   swift run -c release varlab-bench --dims-only          a variability sweep at d = 64 beside d = 2
//   swift run -c release varlab-bench --data-planes-only   variability on planes through data beside random planes
//   swift run -c release varlab-bench --precision [NETS] [--csv FILE]   the precision check's study
// The "as typed" lines run the language-level calls a user types, through the interpreter.
import CKernels
import Foundation
import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage
import VarlabStore

let arguments = CommandLine.arguments
let repeats = arguments.firstIndex(of: "--repeats").flatMap { Int(arguments[$0 + 1]) } ?? 3
let threads = Execution.defaultThreads

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func time(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start)
}

// MARK: W1: 2800 random nets, 64 x 64 grid, V3 and C2C.
let depths = [1, 2, 4, 8, 16, 32, 64]
func w1() throws -> Double {
    try time {
        for act in [Activation.relu, .abs] {
            for depth in depths {
                _ = try Variability.measure(
                    MLPSpec(depth: depth, budget: 10_000, activation: act, seed: 1),
                    options: VariabilityOptions(samples: 200, observeUnits: false),
                    execution: Execution(threads: threads))
            }
        }
    }
}
let w1Flops = depths.reduce(0.0) { sum, d in
    sum + 2 * 200 * 2 * Double(MLPSpec(depth: d, budget: 10_000).parameterCount) * 4096
}

// MARK: W2: checkerboard k = 4, 2048 points, MSE, Adam 1e-3, batch 128, 100 epochs, relu, P = 2000.
let w2Data = Dataset.generate(.checkerboard, train: 2048, test: 16, cells: 4, seed: 1)
func w2(_ depth: Int, budget: Int = 2000, threads: Int = 1) throws -> Double {
    let net = MLP(spec: MLPSpec(depth: depth, budget: budget, activation: .relu, initScheme: .he, biasStd: 0, seed: 1))
    let options = TrainingOptions(
        epochs: 100, learningRate: 1e-3, batch: 128, optimizer: .adam, loss: .mse, seed: 1, evaluations: 1)
    return try time { _ = try Training.train(net, on: w2Data, options: options, threads: threads) }
}

// MARK: peak: a large float32 GEMM through the forward kernel, rows split over the threads.
func peak(_ n: Int = 2046, threads: Int) -> Double {
    let t = 2048
    let wt = [Float](repeating: 0.5, count: n * n), bias = [Float](repeating: 0, count: n)
    let h = [Float](repeating: 0.25, count: n * t)
    var z = [Float](repeating: 0, count: n * t)
    let rowsPerThread = (n / 6 + threads - 1) / threads * 6
    var times: [Double] = []
    for _ in 0..<5 {
        times.append(
            time {
                z.withUnsafeMutableBufferPointer { zp in
                    // Each thread writes its own rows of the output.
                    nonisolated(unsafe) let out = zp.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: threads) { k in
                        let i0 = k * rowsPerThread, rows = min(rowsPerThread, n - i0)
                        guard rows > 0 else { return }
                        wt.withUnsafeBufferPointer { w in
                            bias.withUnsafeBufferPointer { b in
                                vl_affine(
                                    w.baseAddress! + i0, Int32(n), b.baseAddress! + i0, h, Int32(n), Int32(rows),
                                    Int32(t), out + i0 * t)
                            }
                        }
                    }
                }
            })
    }
    return 2 * Double(n) * Double(n) * Double(t) / median(times) / 1e9
}

func numpy(_ what: [String]) -> [String: Any]? {
    guard !arguments.contains("--skip-numpy") else { return nil }
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "numpy_reference.py"
    ).path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script] + what
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}

// MARK: W4: large budgets, 20 relu nets per (P, L), 64 x 64 grid.
let w4Specs = [100_000, 1_000_000].flatMap { p in [4, 16, 64].map { (p, $0) } }
func w4(_ budget: Int, _ depth: Int) throws -> Double {
    try time {
        _ = try Variability.measure(
            MLPSpec(depth: depth, budget: budget, activation: .relu, seed: 1),
            options: VariabilityOptions(samples: 20, observeUnits: false), execution: Execution(threads: threads))
    }
}
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

if arguments.contains("--acts-only") {
    try activationRatios()
    try trainingRatios()
    try customCosts()
    try precisionCosts()
    exit(0)
}

if arguments.contains("--custom-only") {
    try customCosts()
    exit(0)
}

if let i = arguments.firstIndex(of: "--precision") {
    if let j = arguments.firstIndex(of: "--csv") {
        _ = FileManager.default.createFile(atPath: arguments[j + 1], contents: nil)
        PrecisionStudy.csv = FileHandle(forWritingAtPath: arguments[j + 1])
    }
    PrecisionStudy.run(nets: arguments.dropFirst(i + 1).first.flatMap { Int($0) } ?? 50)
    exit(0)
}

if arguments.contains("--w4-only") {
    for (p, d) in w4Specs { print(String(format: "W4 P = %7d L = %2d: %.3f s", p, d, try w4(p, d))) }
    print(String(format: "peak RSS %.0f MB", peakRSSMegabytes()))
    exit(0)
}

// What the precision check adds on wide nets: the W4 families measured as varlab measures
// them beside a bare float32 pass over the same nets (grid, measures, nothing else),
// alternating, so the check's cost cannot grow unseen.
func checkCosts() throws {
    for (p, d) in w4Specs {
        let spec = MLPSpec(depth: d, budget: p, activation: .relu, seed: 1)
        var checked: [Double] = [], bare: [Double] = []
        for _ in 0..<max(repeats, 5) {
            checked.append(try w4(p, d))
            bare.append(
                time {
                    DispatchQueue.concurrentPerform(iterations: threads) { t in
                        for i in stride(from: t, to: 20, by: threads) {
                            let net = MLP(spec: spec, index: UInt64(i))
                            let out = BatchForward(net).evaluateGrid(resolution: 64, observe: false).outputs
                            _ = LandscapeMeasures(Landscape(resolution: 64, values: out.map(Double.init)))
                        }
                    }
                })
        }
        print(
            String(
                format:
                    "check  W4 P = %7d L = %2d, 20 relu nets: measured %.3f s | bare float32 pass %.3f s | ratio %.3f",
                p, d, median(checked), median(bare), median(checked) / median(bare)))
    }
}

if arguments.contains("--check-only") {
    try checkCosts()
    exit(0)
}

if arguments.contains("--w1-only") {
    for _ in 0..<3 { _ = try w1() }
    exit(0)
}

if let i = arguments.firstIndex(of: "--w2-only"), let depth = Int(arguments[i + 1]) {
    let t = arguments.firstIndex(of: "--threads").flatMap { Int(arguments[$0 + 1]) } ?? 1
    let budget = arguments.firstIndex(of: "--budget").flatMap { Int(arguments[$0 + 1]) } ?? 2000
    for _ in 0..<20 { _ = try w2(depth, budget: budget, threads: t) }
    exit(0)
}

// A variability sweep at the same budget with 2 and with 64 inputs, as typed (d = 64: one
// random plane per net, folded into the first layer; docs/measures.md).
if arguments.contains("--dims-only") {
    var two: [Double] = [], sixtyFour: [Double] = []
    for _ in 0..<max(repeats, 5) {
        for (d, times) in [(2, 0), (64, 1)] {
            let t = try typed(
                "sweep(depth: [1, 2, 4, 8, 16, 32, 64], act: [relu, abs], params: 10000, input: \(d)) |> "
                    + "variability(samples: 100)"
            )
            if times == 0 { two.append(t) } else { sixtyFour.append(t) }
        }
    }
    print(
        String(
            format: "dims   variability sweep as typed (14 families, 100 nets): d = 2 %.3f s | d = 64 %.3f s | %.2fx "
                + "(medians of %d alternating)", median(two), median(sixtyFour), median(sixtyFour) / median(two),
            two.count))
    exit(0)
}

// Variability on the data against random planes, as typed: the same sweep at d = 64 (digits
// even/odd), each net on one plane; only where the plane comes from differs.
if arguments.contains("--data-planes-only") {
    var random: [Double] = [], data: [Double] = []
    let sweep = "sweep(depth: [1, 2, 4, 8, 16, 32], act: [relu, abs], params: 5000, input: 64)"
    for _ in 0..<max(repeats, 5) {
        random.append(try typed("t = \(sweep) |> variability(samples: 100)", prepare: "d = digits()"))
        data.append(try typed("t = \(sweep) |> variability(samples: 100, through: d)", prepare: "d = digits()"))
    }
    print(
        String(
            format: "planes variability sweep as typed (12 families, 100 nets, d = 64): random planes %.3f s | "
                + "through the data %.3f s | %.2fx (medians of %d alternating)", median(random), median(data),
            median(data) / median(random), random.count))
    exit(0)
}

if arguments.contains("--w2-typed-only") {
    for depth in [2, 8, 32] {
        let (m, bare) = try w2Typed(depth, test: nil)
        print(
            String(
                format: "W2 L = %2d as typed, default test set: %.3f s | bare %.3f s | ratio %.2f", depth, m, bare,
                m / bare))
    }
    exit(0)
}

if arguments.contains("--w1-breakdown") {
    for act in [Activation.relu, .abs] {
        for depth in depths {
            let spec = MLPSpec(depth: depth, budget: 10_000, activation: act, seed: 1)
            var off: [Double] = [], on: [Double] = []
            for _ in 0..<3 {
                for observe in [false, true] {
                    let t = try time {
                        _ = try Variability.measure(
                            spec, options: VariabilityOptions(samples: 200, observeUnits: observe),
                            execution: Execution(threads: threads))
                    }
                    if observe { on.append(t) } else { off.append(t) }
                }
            }
            let t = median(off), u = median(on)
            let flops = 200 * 2 * Double(spec.parameterCount) * 4096
            print(
                String(
                    format: "W1 %@ L=%2d n=%4d: units off %.3f s (%.0f GFLOP/s), on %.3f s, %.2fx", act.name, depth,
                    spec.width, t, flops / t / 1e9, u, u / t))
        }
    }
    exit(0)
}

print("varlab-bench on \(threads) threads, medians of \(repeats) runs (NumPy: one run each, same invocation)\n")
let peakOne = median((0..<3).map { _ in peak(threads: 1) })
let peakVarlab = median((0..<3).map { _ in peak(threads: threads) })
let np = numpy(["peak", "peak1", "w1", "w2", "w4"])
let peakNumpy = np?["peak_gflops"] as? Double, peakNumpyOne = np?["peak1_gflops"] as? Double
print(
    String(format: "peak   float32 GEMM 2046x2046x2048, 1 thread: varlab kernel %.1f GFLOP/s", peakOne)
        + (peakNumpyOne.map {
            String(format: " | NumPy sgemm (OpenBLAS, 1 thread) %.1f GFLOP/s | ratio %.2f", $0, peakOne / $0)
        } ?? ""))
print(
    String(format: "peak   float32 GEMM 2046x2046x2048, %d threads: varlab kernel %.1f GFLOP/s", threads, peakVarlab)
        + (peakNumpy.map { String(format: " | NumPy sgemm (OpenBLAS) %.1f GFLOP/s | ratio %.2f", $0, peakVarlab / $0) }
            ?? ""))

let w1Times = try (0..<repeats).map { _ in try w1() }
let w1Median = median(w1Times)
let w1Numpy = np?["w1_seconds"] as? Double
print(
    String(
        format: "W1     2800 nets (P = 10000, L = 1..64, relu+abs, 64x64 grid): %.2f s, %.0f nets/s, %.0f GFLOP/s",
        w1Median, 2800 / w1Median, w1Flops / w1Median / 1e9)
        + (w1Numpy.map { String(format: " | NumPy (2 processes) %.2f s | %.1fx faster", $0, $0 / w1Median) } ?? ""))

let w2Numpy = np?["w2_seconds"] as? [String: Double]
for depth in [2, 8, 32] {
    let times = try (0..<repeats).map { _ in try w2(depth) }
    let m = median(times)
    let steps = 100.0 * 16
    let reference = w2Numpy?[String(depth)]
    // About 6 flops per parameter per sample: 2 forward, 4 backward.
    let flops = 6 * Double(MLPSpec(depth: depth, budget: 2000).parameterCount) * steps * 128
    print(
        String(
            format: "W2     L = %2d training run (1600 Adam steps of 128): %.3f s, %.0f samples/s, %.0f GFLOP/s", depth,
            m, steps * 128 / m, flops / m / 1e9)
            + (reference.map { String(format: " | NumPy %.3f s | %.1fx faster", $0, $0 / m) } ?? ""))
}

// Small depth at a larger budget: layers of 46 x 46 or more give half of every product and
// of the optimiser step to the second core (W2's own nets, n = 42 at L = 2, stay on one).
for depth in [2, 3, 4] {
    var one: [Double] = [], two: [Double] = []
    for _ in 0..<max(repeats, 5) {
        one.append(try w2(depth, budget: 10_000, threads: 1))
        two.append(try w2(depth, budget: 10_000, threads: threads))
    }
    let n = MLPSpec(depth: depth, budget: 10_000).width
    print(
        String(
            format:
                "W2     L = %d, P = 10000 (n = %2d), same run on 1 thread %.3f s | on %d threads %.3f s | %.2fx "
                + "(medians of %d alternating)",
            depth, n, median(one), threads, median(two), median(one) / median(two), one.count))
}

let w4Numpy = np?["w4_seconds"] as? [String: Double]
for (p, d) in w4Specs {
    let m = median(try (0..<repeats).map { _ in try w4(p, d) })
    let spec = MLPSpec(depth: d, budget: p)
    let flops = 20 * 2 * Double(spec.parameterCount) * 4096
    print(
        String(
            format: "W4     P = %7d, L = %2d (n = %3d), 20 relu nets: %.3f s, %.0f GFLOP/s", p, d, spec.width, m,
            flops / m / 1e9)
            + (w4Numpy?["\(p)/\(d)"].map { String(format: " | NumPy (2 processes) %.3f s | %.2fx", $0, $0 / m) } ?? ""))
}
print(String(format: "W4     peak RSS of this process so far: %.0f MB", peakRSSMegabytes()))

// MARK: the same workloads as a user types them, through the interpreter.
final class SilentHost: InterpreterHost {
    let files: FileStore = NoFiles()
    func echo(_ value: Value) {}
    func write(_ text: String) {}
    func show(_ figure: Figure) {}
    func warn(_ message: String) {}
    var isInterrupted: Bool { false }
    func clock() -> Double { MonotonicClock.seconds() }
    func openStore(_ path: String) throws -> WorkStore { try SQLiteStore(path: path) }
}

/// Seconds for `code` in a fresh session (the setup in `prepare` is not timed).
func typed(_ code: String, prepare: String = "", store: String? = nil) throws -> Double {
    var options = InterpreterOptions()
    options.threads = threads
    let interpreter = Interpreter(host: SilentHost(), options: options)
    if let store { interpreter.options.store = try SQLiteStore(path: store) }
    if !prepare.isEmpty { _ = interpreter.run(prepare) }
    var failure: [VarlabError] = []
    let t = time { failure = interpreter.run(code) }
    if let e = failure.first { print("as typed: \(code): \(e)") }
    return t
}

let userW1 = "sweep(depth: [1, 2, 4, 8, 16, 32, 64], act: [relu, abs], params: 10000) |> variability(samples: 200"
// Alternating, so a busy moment of the machine hits both alike.
var onTimes: [Double] = [], offTimes: [Double] = []
for _ in 0..<repeats {
    onTimes.append(try typed(userW1 + ")"))
    offTimes.append(try typed(userW1 + ", units: false)"))
}
let userW1On = median(onTimes), userW1Off = median(offTimes)
print(
    String(
        format:
            "W1     as typed, units on (the default): %.2f s | units off: %.2f s | ratio %.2f (alternating) | "
            + "internal path above %.2f s",
        userW1On, userW1Off, userW1On / userW1Off, w1Median)
        + (w1Numpy.map { String(format: " | NumPy %.1fx slower than as typed", $0 / userW1On) } ?? ""))
let storePath = NSTemporaryDirectory() + "varlab-bench-\(getpid()).sqlite"
let fresh = try typed(userW1 + ")", store: storePath)
let stored = try typed(userW1 + ")", store: storePath)
try? FileManager.default.removeItem(atPath: storePath)
print(
    String(
        format: "W1     as typed with --store: %.2f s writing a fresh store (%.0f%% of without), %.3f s from the store",
        fresh, 100 * fresh / userW1On, stored))
/// W2 as a user types it, beside the bare loop (alternating runs of 40-100 ms, medians of 15,
/// so a busy moment hits both sides alike). `test` nil: the dataset's default 10000 test
/// points, which the 20 evaluations of the history measure.
func w2Typed(_ depth: Int, test: Int?) throws -> (typed: Double, bare: Double) {
    let data = "checkerboard(k: 4, n: 2048" + (test.map { ", test: \($0)" } ?? "") + ")"
    let prepare = "d = \(data)\nnet = mlp(depth: \(depth), params: 2000, init: he, bias: 0)"
    var typedTimes: [Double] = [], bareTimes: [Double] = []
    for _ in 0..<max(repeats, 15) {
        typedTimes.append(try typed("train(net, d, epochs: 100, lr: 1e-3, loss: mse)", prepare: prepare))
        bareTimes.append(try w2(depth))
    }
    return (median(typedTimes), median(bareTimes))
}
for test in [16, nil] as [Int?] {
    for depth in [2, 8, 32] {
        let (m, bare) = try w2Typed(depth, test: test)
        let points = test.map { "\($0) test points, like the bare loop" } ?? "the default 10000 test points"
        print(
            String(
                format:
                    "W2     L = %2d as typed, train(net, d, epochs: 100, lr: 1e-3, loss: mse), %@: %.3f s | "
                    + "bare loop %.3f s | ratio %.2f",
                depth, points, m, bare, m / bare))
    }
}

try checkCosts()
if !arguments.contains("--skip-activations") {
    try activationRatios()
    try trainingRatios()
}

if arguments.contains("--w3") {
    let grid = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]
    let data = Dataset.generate(.checkerboard, train: 3000, test: 10_000, cells: 6, seed: 1)
    let seconds = try time {
        for act in [Activation.relu, .abs] {
            for depth in grid {
                let spec = MLPSpec(depth: depth, budget: 2000, activation: act, seed: 1)
                _ = try Variability.measure(
                    spec, options: VariabilityOptions(samples: 200), execution: Execution(threads: threads))
                _ = try Trainability.measure(
                    spec, data: data, trials: 3, learningRates: [2e-3], training: TrainingOptions(evaluations: 1),
                    execution: Execution(threads: threads))
            }
        }
    }
    print(String(format: "W3     paper pipeline, 24 specs x 3 trials (+ variability, 200 nets each): %.1f s", seconds))
}
