import Foundation
import Testing

/// The built `varlab` executable, run as a user would.
enum Binary {
    static var url: URL {
        // The test runner lives in the build products folder, beside the executable.
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("varlab")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return products.appendingPathComponent("varlab")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}

@Suite struct CommandLineTests {
    @Test func theBriefsExampleWorksAsWritten() throws {
        let r = try Binary.run(["--quick", "-e", "net = mlp(depth: 20, act: abs); variability(net, samples: 1000)"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("variability of abs L=20"))
        #expect(r.stdout.contains("V3 ="))
    }

    /// Echoing a list of landscapes draws them side by side under its summary (it had
    /// printed only "[landscape(...), ...]").
    @Test func aListOfLandscapesIsDrawn() throws {
        let r = try Binary.run([
            "-e", "[landscape(mlp(depth: 2, params: 300), grid: 16), landscape(mlp(depth: 3, params: 300), grid: 16)]",
        ])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("[landscape(relu L=2") == true)
        #expect(lines.count > 16 && r.stdout.contains("(grid 16x16 over [-1,1]²)"), "\(r.stdout)")
    }

    /// --help wraps whole sentences: no line of it ends in the middle of one where the
    /// next starts lower-case after a short line (it had broken "reads a\nprogram from").
    @Test func helpWrapsWithoutBreakingSentences() throws {
        let r = try Binary.run(["--help"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (a, b) in zip(lines, lines.dropFirst())
        where !a.isEmpty && !b.isEmpty && !b.hasPrefix(" ") && !a.hasPrefix(" ") {
            #expect(a.count >= 60, "a short line inside a paragraph: '\(a)' then '\(b)'")
        }
    }

    @Test func exitCodes() throws {
        #expect(try Binary.run(["-e", "1 +"]).status == 65)
        #expect(try Binary.run(["-e", "1 / 0"]).status == 70)
        #expect(try Binary.run(["--threads", "0", "-e", "1"]).status == 64)
        #expect(try Binary.run(["--no-such-flag"]).status == 64)
        #expect(try Binary.run(["/nonexistent/script.var"]).status == 66)
        #expect(try Binary.run(["-e", "print(1)", "-e", "print(2)"]).stdout == "1\n2\n")
        #expect(try Binary.run(["--version"]).stdout.contains("varlab"))
    }

    @Test func syntaxErrorsAreAllReportedWithCarets() throws {
        let r = try Binary.run(["-e", "x = 1 + * 2\ny = 2\nz = ]\nw = 3"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("-e:1:9: error:"))
        #expect(r.stderr.contains("-e:3:5: error:"))
        #expect(r.stderr.contains(" 3 | z = ]"))
        #expect(r.stderr.contains("   |     ^"))
    }

    @Test func runtimeErrorsNameTheCallChain() throws {
        let r = try Binary.run(["-e", "fn inner() { return [1][3] }\nfn outer() { return inner() }\nouter()"])
        #expect(r.status == 70)
        #expect(r.stderr.contains("-e:1:"))
        #expect(r.stderr.contains("in inner called at 2:"))
        #expect(r.stderr.contains("in outer called at 3:"))
    }

    @Test func jsonOutputIsOneObjectPerLine() throws {
        let r = try Binary.run(["--json", "-e", "variability(mlp(depth: 4), samples: 8, grid: 16)\nprint(\"hi\")\n3"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        for key in [
            "kind", "v3", "v3_se", "v3_low", "v3_high", "c2c", "c2c_low", "samples", "grid", "order", "tol", "depth",
            "width", "params", "budget", "act", "init", "bias", "seed",
        ] {
            #expect(first?[key] != nil, "missing \(key)")
        }
        #expect(lines[1] == "{\"print\": \"hi\"}")
        #expect(lines[2] == "3")
        #expect(r.stderr.isEmpty)
        // A picture, shown or echoed, is its title and what it shows in words.
        let pictures = try Binary.run([
            "--json", "-e",
            "show(units(mlp(depth: 2, width: 3), layer: 1, grid: 8))\nplot([{x: 1, y: 2}], x: \"x\", y: \"y\")",
        ])
        let objects = try pictures.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == 2)
        #expect((objects.first??["outline"] as? [String])?.first == "heat maps: 3 panels, one colour scale ±1.29")
        #expect(objects.last??["figure"] as? String == "y vs x" && (objects.last??["outline"] as? [String])?.count == 3)
    }

    @Test func confineKeepsFilesInTheCurrentFolder() throws {
        let r = try Binary.run(["--confine", "-e", "save(1, \"/tmp/varlab-confine.json\")"])
        #expect(r.status == 70)
        #expect(r.stderr.contains("outside the working folder"))
        #expect(try Binary.run(["--confine", "-e", "save(1, \"varlab-confined.json\")"]).status == 0)
    }

    @Test func programFromStandardInput() throws {
        let r = try Binary.run([], stdin: "x = 2\nx * 21\n")
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
    }

    @Test func sameSeedSameNumbersWhateverTheThreads() throws {
        let code =
            "sweep(depth: [2, 8], act: [relu, abs], params: 2000) |> variability(samples: 24, grid: 16) |> "
            + "trainability(checkerboard(k: 4, n: 256, test: 256), trials: 2, epochs: 3)"
        let one = try Binary.run(["--json", "--threads", "1", "--seed", "7", "-e", code])
        let two = try Binary.run(["--json", "--threads", "2", "--seed", "7", "-e", code])
        let eight = try Binary.run(["--json", "--threads", "8", "--seed", "7", "-e", code])
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout && two.stdout == eight.stdout)
        let other = try Binary.run(["--json", "--threads", "2", "--seed", "8", "-e", code])
        #expect(other.stdout != one.stdout)
    }

    @Test func hugeRequestsAreRefusedUpFront() throws {
        let r = try Binary.run(["-e", "variability(mlp(depth: 2, params: 10000000), samples: 1000000, grid: 1024)"])
        #expect(r.status == 70)
        #expect(r.stderr.contains("VARLAB_MAX_WORK"))
        let limited = try Binary.run(["-e", "mlp(depth: 4, width: 100)"], environment: ["VARLAB_MAX_PARAMS": "1000"])
        #expect(limited.stderr.contains("more than the limit 1000"))
    }
}
