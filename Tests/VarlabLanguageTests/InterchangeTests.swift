import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabLanguage
import VarlabStore

/// Nets and results in and out (docs/formats.md, docs/store.md "Querying a store"): arrays
/// Python writes load and compute what NumPy computes, varlab's arrays read back in NumPy bit
/// for bit, per-net values, and the store's views answer with the sweep's own numbers.
@Suite struct InterchangeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/python/round_trip.py").standardized.path

    /// Runs Python; nil when numpy or safetensors is missing and CI does not require them.
    static func python(_ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0, problem.contains("No module named"),
            ProcessInfo.processInfo.environment["VARLAB_REQUIRE_READERS"] != "1"
        {
            return nil
        }
        #expect(process.terminationStatus == 0, "\(problem)")
        return text
    }

    @Test func pythonsArraysLoadAndComputeWhatNumPyComputes() throws {
        let folder = CapturingHost.freshFolder()
        guard try Self.python([Self.script, "write", folder]) != nil else { return }
        let expected = try JSON.parse(String(contentsOfFile: folder + "/expected.json", encoding: .utf8))
        let points = try #require(expected["points"]?.array), outputs = try #require(expected["outputs"]?.array)
        for file in ["torch_mlp.safetensors", "torch_mlp.npz"] {
            let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
            let interpreter = Interpreter(host: host, options: InterpreterOptions())
            #expect(interpreter.run("n = load(\"\(file)\", act: relu)").isEmpty, "\(file)")
            guard case .net(let n)? = interpreter.globals.lookup("n") else {
                Issue.record("\(file): no net")
                continue
            }
            let want = outputs.compactMap(\.number)
            let rms = (want.map { $0 * $0 }.reduce(0, +) / Double(want.count)).squareRoot()
            var worst = 0.0
            for (p, w) in zip(points, want) {
                let xy = p.array?.compactMap(\.number) ?? []
                worst = max(worst, abs(n.net.evaluateReference(xy).output - w))
            }
            #expect(worst <= 1e-6 * rms, "\(file): worst difference \(worst), RMS \(rms)")
            #expect(n.net.hidden.map(\.outputs) == [16, 8] && n.net.hidden.allSatisfy { $0.activation == .relu })
        }
    }

    /// Loaded from Python, saved by varlab, read back by NumPy: the same arrays to the bit,
    /// and a result's per-net table as arrays too.
    @Test func varlabsArraysReadBackInNumPy() throws {
        let folder = CapturingHost.freshFolder()
        guard try Self.python([Self.script, "write", folder]) != nil else { return }
        let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
        let interpreter = Interpreter(host: host, options: InterpreterOptions())
        let errors = interpreter.run(
            """
            n = load("torch_mlp.safetensors", act: relu)
            save(n, "from_varlab.safetensors")
            save(n, "from_varlab.npz")
            v = variability(mlp(depth: 4, params: 800), samples: 12, grid: 16)
            save(v.nets, "nets.npz")
            print(v.v3)
            back = load("from_varlab.npz")
            print(back(0.25, -0.5) == n(0.25, -0.5), load("from_varlab.safetensors")(0.25, -0.5) == n(0.25, -0.5))
            """)
        #expect(errors.isEmpty, "\(errors)")
        let out = try #require(try Self.python([Self.script, "check", folder]))
        #expect(out.hasPrefix("ok 6 arrays; 12 nets, mean v3"), "\(out)")
        #expect(out.contains("['c2c', 'c2c_loose', 'chaotic', 'precision']"), "\(out)")
        #expect(host.lines.last == "true true")
        // NumPy's mean of the saved column is the result's v3.
        guard let v = interpreter.globals.lookup("v"), case .number(let v3) = try interpreter.field(of: v, "v3") else {
            Issue.record("no v3")
            return
        }
        let numpyMean = out.split(separator: " ").dropFirst(7).first.flatMap { Double($0) }
        #expect(numpyMean.map { abs($0 - v3) <= 1e-12 * v3 } == true, "\(out) vs \(v3)")
    }

    /// What cannot be a net says which layer or why.
    @Test func whatIsNotAnMLPIsRefusedWithTheLayerNamed() throws {
        let folder = CapturingHost.freshFolder()
        let batchNorm = SafeTensors.write(
            [
                ("0.weight", NumPyArray(shape: [4, 2], values: Array(repeating: 0.5, count: 8))),
                ("1.running_mean", NumPyArray(shape: [4], values: [0, 0, 0, 0])),
            ], metadata: [])
        let conv = SafeTensors.write(
            [("0.weight", NumPyArray(shape: [4, 1, 3, 3], values: Array(repeating: 1, count: 36)))], metadata: [])
        try Data(batchNorm).write(to: URL(fileURLWithPath: folder + "/bn.safetensors"))
        try Data(conv).write(to: URL(fileURLWithPath: folder + "/conv.safetensors"))
        let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
        let interpreter = Interpreter(host: host, options: InterpreterOptions())
        for (program, message) in [
            ("load(\"bn.safetensors\", act: relu)", "'1.running_mean' is not the weight or bias of a numbered Linear"),
            ("load(\"conv.safetensors\", act: relu)", "layer '0' has a weight of shape [4, 1, 3, 3]"),
            ("save(mlp(depth: 2), \"n.npz\")\nload(\"n.npz\", act: abs)", "leave out act:"),
            ("save(mlp(depth: 2), \"n.pt\")", "unknown file type '.pt'"),
            ("load(\"n.onnx\")", ".onnx files are not read"),
        ] {
            let errors = interpreter.run(program)
            #expect(errors.first?.message.contains(message) == true, "\(program): \(errors)")
        }
    }

    @Test func numpyFormatsRoundTripInSwift() throws {
        let a = NumPyArray(shape: [2, 3], dtype: .float64, values: [1, -2.5, .pi, 0, 1e-300, -0.0])
        #expect(try NumPyArray(npy: a.npy) == a)
        #expect(a.npy.count % 64 == 0 || (a.npy.count - 48) % 64 == 0)
        let b = NumPyArray(shape: [3], values: [1.5, 2, 3])
        let zip = ZipArchive.write([("a.npy", a.npy), ("b.npy", b.npy)])
        let back = try ZipArchive.read(zip)
        #expect(back.map(\.name) == ["a.npy", "b.npy"] && back[1].data == b.npy)
        #expect(ZipArchive.crc32(Array("123456789".utf8)) == 0xCBF4_3926)  // the check value of CRC-32
        var damaged = zip
        damaged[40] ^= 1
        #expect(throws: ZipArchive.FormatError.self) { try ZipArchive.read(damaged) }
        let file = SafeTensors.write([("w", b), ("x", a)], metadata: [("k", "v")])
        let read = try SafeTensors.read(file)
        #expect(read.tensors.map(\.name) == ["w", "x"] && read.tensors[1].array == a && read.metadata == ["k": "v"])
    }

    /// `v.nets` has one row per net, and its mean is the result's.
    @Test func perNetValuesAreTheResultsOwn() {
        let (interpreter, host) = makeInterpreter(quick: false)
        let errors = interpreter.run(
            """
            v = variability(mlp(depth: 6, params: 1000), samples: 40, grid: 16)
            print(len(v.nets), mean(v.nets.v3) == v.v3, len(filter(v.nets, fn (r) { r.c2c })) == round(v.c2c * 40))
            r = trainability(mlp(depth: 2, width: 6), checkerboard(n: 100, test: 100), trials: 3, lr: [1e-3, 1e-2], epochs: 4)
            print(len(r.nets), r.nets[0].lr, r.nets[5].trial)
            """)
        #expect(errors.isEmpty, "\(errors)")
        #expect(host.lines == ["40 true true", "6 0.001 2"], "\(host.lines)")
    }

    /// The question from docs/store.md, asked of the view, equals the sweep's table.
    @Test func theStoresViewAnswersWithTheSweepsNumbers() throws {
        let (interpreter, host) = makeInterpreter(quick: false)
        let errors = interpreter.run(
            """
            store("views.sqlite")
            t = sweep(depth: [2, 5], act: [relu, abs], params: 900) |> variability(samples: 15, grid: 16)
            for row in t { print(row.depth, row.act, row.v3, row.c2c) }
            r = trainability(mlp(depth: 2, width: 6), checkerboard(n: 100, test: 100), trials: 2, epochs: 4)
            print(r.acc)
            """)
        #expect(errors.isEmpty, "\(errors)")
        guard let disk = host.files as? DiskFiles else { return }
        let store = try SQLiteStore(path: disk.workingDirectory + "/views.sqlite")
        let rows = try store.rows(
            "SELECT depth, act, avg(v3), avg(c2c), count(*) FROM net_measures GROUP BY depth, act "
                + "ORDER BY act DESC, depth")
        guard case .list(let table)? = interpreter.globals.lookup("t") else {
            Issue.record("no table")
            return
        }
        #expect(rows.count == 4 && table.count == 4)
        for (row, item) in zip(rows, table) {
            guard case .record(let r) = item, case .number(let depth)? = r["depth"], case .number(let v3)? = r["v3"],
                case .number(let c2c)? = r["c2c"]
            else { continue }
            #expect(row[0] == String(Int(depth)) && row[4] == "15", "\(row) vs \(r)")
            let sql = Double(row[2] ?? "") ?? .nan
            #expect(abs(sql - v3) <= 1e-12 * v3, "\(row) vs \(v3)")
            #expect(Double(row[3] ?? "") == c2c)
        }
        let trials = try store.rows(
            "SELECT depth, width, epochs, avg(test_acc), count(*) FROM trial_runs GROUP BY experiment")
        #expect(trials.count == 1 && trials[0][0] == "2" && trials[0][1] == "6" && trials[0][2] == "4", "\(trials)")
        #expect(Double(trials[0][3] ?? "").map { abs($0 - (Double(host.lines.last ?? "") ?? 0)) < 1e-9 } == true)
    }
}
