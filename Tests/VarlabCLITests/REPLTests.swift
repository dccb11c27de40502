import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The REPL driven through a pseudo-terminal, as a person at a keyboard would.
final class PTYSession {
    let pid: pid_t
    let master: Int32
    private(set) var output = ""

    init(
        history: String, extraEnvironment: [String: String] = [:], arguments: [String] = [], directory: String? = nil
    ) throws {
        var fd: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        let path = Binary.url.path
        var env = ProcessInfo.processInfo.environment
        env["VARLAB_HISTORY"] = history
        env["TERM"] = "xterm"
        env["NO_COLOR"] = "1"
        env["INPUTRC"] = "/dev/null"
        for (k, v) in extraEnvironment { env[k] = v }
        let envStrings = env.map { "\($0.key)=\($0.value)" }
        // Prepare C strings before forking: the child may only call async-signal-safe code.
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let folder = directory.map { strdup($0) }
        let envp: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            if let folder = folder ?? nil, chdir(folder) != 0 { _exit(126) }
            execve(path, argv, envp)
            _exit(127)
        }
        struct ForkFailed: Error {}
        guard child > 0 else { throw ForkFailed() }
        pid = child
        master = fd
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `text` has appeared after position `from`, or the timeout passes.
    @discardableResult
    func waitFor(_ text: String, after from: String.Index? = nil, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = read(master, &buffer, buffer.count)
            if n > 0 { output += String(decoding: buffer[0..<n], as: UTF8.self) }
            let tail = from.map { output[$0...] } ?? output[...]
            if tail.contains(text) { return true }
            if n <= 0 { usleep(20_000) }
        }
        return false
    }

    var end: String.Index { output.endIndex }

    func close() -> Int32 {
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(master, &buffer, buffer.count)
            usleep(20_000)
        }
        Glibc.close(master)
        return (status >> 8) & 0xFF
    }
}

@Suite(.serialized) struct REPLTests {
    /// A REPL on `history`, at its first prompt.
    static func started(_ history: String) throws -> PTYSession {
        let s = try PTYSession(history: history)
        #expect(s.waitFor("varlab> "))
        return s
    }

    static func historyPath() -> String {
        NSTemporaryDirectory() + "varlab-history-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    @Test func evaluatesCompletesInterruptsAndKeepsState() throws {
        let history = Self.historyPath()
        let s = try PTYSession(history: history)
        #expect(s.waitFor("varlab> "))
        s.send("x = 41\n")
        s.send("x + 1\n")
        #expect(s.waitFor("42"))
        // Tab completion of a builtin and of a keyword argument.
        var mark = s.end
        s.send("variab\t")
        #expect(s.waitFor("variability", after: mark))
        s.send("(mlp(depth: 4), sam\t")
        #expect(s.waitFor("samples:", after: mark))
        s.send(" 4, grid: 16)\n")
        #expect(s.waitFor("V3 =", after: mark))
        // A completed name is followed by nothing, so a field can follow it (a space had made
        // "myn<Tab>.width" into "mynet .width").
        mark = s.end
        s.send("mynet = mlp(depth: 3, params: 500)\n")
        s.send("myn\t.width\n")
        #expect(s.waitFor("varlab> mynet.width", after: mark), "\(s.output[mark...])")
        #expect(s.waitFor("14", after: mark))
        // File names complete across '/' and '-' after :load (the tests run in the package).
        mark = s.end
        s.send(":load examples/less\t01-ra\t")
        #expect(s.waitFor("examples/lessons/01-random-landscape.var", after: mark), "\(s.output[mark...])")
        s.send("\u{15}")  // Ctrl-U: drop the line unrun
        // A continuation prompt while a block is open.
        mark = s.end
        s.send("for i in [1, 2] {\n")
        #expect(s.waitFor("...> ", after: mark))
        s.send("print(i * 10)\n}\n")
        #expect(s.waitFor("20", after: mark))
        // Ctrl-C during a long computation returns to the prompt with state intact.
        mark = s.end
        s.send("variability(mlp(depth: 8, params: 10000), samples: 100000)\n")
        usleep(700_000)
        let pressed = Date()
        s.send("\u{03}")
        #expect(s.waitFor("interrupted", after: mark))
        #expect(Date().timeIntervalSince(pressed) < 1.5)
        // And during a runaway loop in the language itself.
        mark = s.end
        s.send("n = 0; while true { n = n + 1 }\n")
        usleep(300_000)
        s.send("\u{03}")
        #expect(s.waitFor("interrupted", after: mark))
        mark = s.end
        s.send("x\n")
        #expect(s.waitFor("41", after: mark))
        // Ctrl-C while editing clears the line.
        mark = s.end
        s.send("garbage that is never run\u{03}")
        s.send("x * 2\n")
        #expect(s.waitFor("82", after: mark))
        #expect(!s.output[mark...].contains("unknown name 'garbage'"))
        mark = s.end
        s.send(":help mlp\n")
        #expect(s.waitFor("Arguments:", after: mark))
        s.send(":quit\n")
        #expect(s.close() == 0)
        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved.contains("x = 41\n"))
        #expect(saved.contains("x + 1\n"))
    }

    /// train(watch: true) redraws its frame in place (cursor up, clear) while it trains;
    /// Ctrl-C stops it, keeps the net so far and the session goes on. A unit grid draws.
    @Test func watchingTrainingAndUnitGrids() throws {
        let s = try Self.started(Self.historyPath())
        var mark = s.end
        s.send(
            "d = checkerboard(k: 4, n: 500, test: 500); r = train(mlp(depth: 3, width: 16, act: abs), d, "
                + "epochs: 100000, watch: true)\n"
        )
        #expect(s.waitFor("of 100000, ", after: mark))
        #expect(s.waitFor("\u{1B}[J", after: mark))  // a second frame drawn over the first
        #expect(s.waitFor("X misclassified", after: mark))
        s.send("\u{03}")
        #expect(s.waitFor("train: stopped with Ctrl-C in epoch", after: mark))  // Ctrl-C says what it kept
        mark = s.end
        s.send("r.stopped_early\n")
        #expect(s.waitFor("stopped with Ctrl-C in epoch", after: mark))
        mark = s.end
        s.send("r.epochs_run < r.epochs\n")
        #expect(s.waitFor("true", after: mark))
        mark = s.end
        s.send("r.test_acc > 0.5\n")
        #expect(s.waitFor("true", after: mark))
        mark = s.end
        s.send("show(units(mlp(depth: 6, width: 8, act: relu, seed: 2), layer: 6))\n")
        #expect(s.waitFor("unit 8", after: mark))
        #expect(s.waitFor("flat", after: mark))
        s.send(":quit\n")
        #expect(s.close() == 0)
    }

    @Test func historyIsReadBackByASecondSession() throws {
        let history = Self.historyPath()
        let first = try Self.started(history)
        first.send("6 * 7\n")
        #expect(first.waitFor("42"))
        first.send("\u{04}")  // Ctrl-D leaves
        #expect(first.close() == 0)
        let second = try Self.started(history)
        let mark = second.end
        second.send("\u{1B}[A\n")  // up arrow recalls the last line
        #expect(second.waitFor("42", after: mark))
        second.send(":quit\n")
        #expect(second.close() == 0)
    }
}

extension REPLTests {
    /// A multi-line function is one history entry, recalled whole by Up after a restart;
    /// fields complete by their declared names; `_` is the last value; choices are bare.
    @Test func multiLineEntriesFieldsAndTheLastValue() throws {
        let history = Self.historyPath()
        let first = try Self.started(history)
        first.send("fn twice(x) {\n")
        #expect(first.waitFor("...> "))
        first.send("y = 2 * x\n")
        first.send("return y\n}\n")
        var mark = first.end
        first.send("twice(21)\n")
        #expect(first.waitFor("42", after: mark))
        mark = first.end
        first.send("v = variability(mlp(depth: 3, init: xavier), samples: 4, grid: 8)\n")
        first.send("v\n")
        #expect(first.waitFor("V3 =", after: mark))
        mark = first.end
        first.send("v.v3_h\t")
        #expect(first.waitFor("v.v3_high", after: mark))
        first.send(" == _.v3_high\n")
        #expect(first.waitFor("true", after: mark))
        mark = first.end
        first.send(":help theory\n")
        #expect(first.waitFor("theory:", after: mark))
        #expect(first.waitFor("Returns a table", after: mark))
        first.send(":quit\n")
        #expect(first.close() == 0)
        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved.contains("fn twice(x) {\u{1E}y = 2 * x\u{1E}return y\u{1E}}\n"))

        let second = try Self.started(history)
        // Up seven times: :quit, :help, the v3_high line, v, v = ..., twice(21), then the function.
        second.send(String(repeating: "\u{1B}[A", count: 7) + "\n")
        mark = second.end
        second.send("twice(5)\n")
        #expect(second.waitFor("10", after: mark))
        second.send(":quit\n")
        #expect(second.close() == 0)
    }
}

@Suite(.serialized) struct ReliabilityTests {
    @Test func twoREPLsWritingHistoryAtOnceLoseNoLine() throws {
        let history = REPLTests.historyPath()
        let a = try PTYSession(history: history), b = try PTYSession(history: history)
        #expect(a.waitFor("varlab> ") && b.waitFor("varlab> "))
        for i in 0..<40 {
            a.send("a\(i) = \(i)\n")
            b.send("b\(i) = \(i)\n")
        }
        a.send("\"done a\"\n")
        b.send("\"done b\"\n")
        #expect(a.waitFor("done a\"") && b.waitFor("done b\""))
        a.send(":quit\n")
        b.send(":quit\n")
        #expect(a.close() == 0 && b.close() == 0)
        let lines = ((try? String(contentsOfFile: history, encoding: .utf8)) ?? "").split(separator: "\n").map(
            String.init)
        for i in 0..<40 {
            #expect(lines.contains("a\(i) = \(i)"))
            #expect(lines.contains("b\(i) = \(i)"))
        }
        #expect(lines.count == 2 * 40 + 4)  // every line whole, nothing interleaved
    }

    @Test func sigtermStopsAScriptCleanly() throws {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["-e", "print(\"started\")\nvariability(mlp(depth: 8), samples: 100000, grid: 64)"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // Signal only once the script is running (its handlers are installed by then).
        var printed = ""
        let deadline = Date().addingTimeInterval(20)
        while !printed.contains("started\n"), Date() < deadline {
            printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        usleep(200_000)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        printed += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed == "started\n")  // output before the signal was flushed
    }

    @Test func aFailedSaveLeavesTheOldFileUntouched() throws {
        let folder = NSTemporaryDirectory() + "varlab-save-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/table.csv"
        _ = try Binary.run(["-e", "save([{a: 1}], \"\(path)\")"])
        let before = try String(contentsOfFile: path, encoding: .utf8)
        #expect(before == "a\n1\n")
        let failed = try Binary.run(["-e", "save(print, \"\(path)\")"])
        #expect(failed.status == 70)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
