import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabLanguage

/// Inputs that had crashed the process or flooded it (README, "Limits and reliability"):
/// each is now an error with a location, and the session goes on.
@Suite struct HostileInputTests {
    /// `'x = 1' + ' |> abs' * 50000` overflowed the stack every time, and a sum of 10^5 terms
    /// sometimes: chains now count against the nesting budget.
    @Test func longChainsAreSyntaxErrorsNotSignals() {
        for source in [
            "x = 1" + String(repeating: " |> abs", count: 50_000), "1" + String(repeating: "+1", count: 100_000),
            "x = 2" + String(repeating: " * 1", count: 5000), "r = {a: 1}\nr" + String(repeating: ".a", count: 5000),
            "true" + String(repeating: " and true", count: 5000),
        ] {
            let errors = Parser.parse(source).errors
            #expect(errors.count == 1 && errors[0].message.contains("nested or chained deeper than 200"))
        }
        // Chains within the budget still work.
        let (interpreter, host) = makeInterpreter()
        #expect(interpreter.run("print(1" + String(repeating: " + 1", count: 150) + ")").isEmpty)
        #expect(host.lines == ["151"])
    }

    /// `layer: 2^63` trapped: Double(Int.max) is 2^63, which passed a comparison and trapped
    /// in the conversion. Every declared integer argument now converts exactly.
    @Test func integerArgumentsAtTheEdgeOfIntAreRefused() {
        let (interpreter, _) = makeInterpreter()
        for code in [
            "hidden(mlp(depth: 3, width: 4), 0, 0, layer: 2^63)", "units(mlp(depth: 3, width: 4), layer: 2^63)",
            "variability(mlp(depth: 2, width: 3), samples: 2^63)", "mlp(depth: 2^63)", "mlp(depth: 2, width: 2^64)",
        ] {
            let errors = interpreter.run(code)
            #expect(errors.first?.message.contains("must be between") == true, "\(code): \(errors)")
        }
    }

    /// 10,000 '@' on one line had written 150 MB of errors (each reprinting the line).
    @Test func errorReportsAreCapped() {
        let line = String(repeating: "@", count: 10_000)
        let errors = Parser.parse(line).errors
        #expect(errors.count == 1)
        let rendered = errors.map { Diagnostics.render($0, source: line, file: "x.var") }.joined(separator: "\n")
        #expect(rendered.count < 400)
        let many = (0..<100).map { "x\($0) = )" }.joined(separator: "\n")
        let capped = Parser.parse(many).errors
        #expect(capped.count == Parser.maximumErrors + 1)
        #expect(capped.last?.message.contains("more syntax errors not shown") == true)
        // The caret still points at the spot inside a clipped line.
        let long = String(repeating: "x + ", count: 60) + "@ + 1"
        let error = Parser.parse(long).errors[0]
        let text = Diagnostics.render(error, source: long, file: "x.var").split(separator: "\n")
        let caret = text[2].firstIndex(of: "^").map { text[2].distance(from: text[2].startIndex, to: $0) } ?? -1
        let at = text[1].firstIndex(of: "@").map { text[1].distance(from: text[1].startIndex, to: $0) } ?? -2
        #expect(caret == at && text[1].count < 120)
    }

    /// A 100,000-deep record exited 139 after printing (freed on the main thread's stack),
    /// and a record nested 199 deep was saved as "..." with success.
    @Test func deepValuesAreRefusedBySaveAndFreedSafely() throws {
        let (interpreter, _) = makeInterpreter()
        let folder = NSTemporaryDirectory() + "varlab-deep-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        (interpreter.host as? CapturingHost)?.files = DiskFiles(workingDirectory: folder, confined: true)
        let errors = interpreter.run(
            """
            r = {}
            for i in 1..250 { r = {a: r} }
            save(r, "deep.json")
            """)
        #expect(errors.first?.message.contains("more than 200 levels deep") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/deep.json"))
        #expect(interpreter.run("s = {}\nfor i in 1..150 { s = {a: s} }\nsave(s, \"ok.json\")").isEmpty)
        #expect(interpreter.run("r = {}\nfor i in 1..100000 { r = {a: r} }").isEmpty)
        interpreter.releaseValues()  // on the large stack; this thread's stack would overflow
    }

    /// sort() with a NaN had returned the list unsorted.
    @Test func sortPutsNaNLast() {
        let (interpreter, host) = makeInterpreter()
        interpreter.globals.define("n", .number(.nan))
        #expect(
            interpreter.run(
                """
                print(sort([3, n, 1, n, 2]))
                print(sort([3, n, 1, 2], descending: true))
                print(sort([{v: n}, {v: 1}, {v: 0}], by: "v")[0].v)
                """
            ).isEmpty)
        #expect(host.lines == ["[1, 2, 3, nan, nan]", "[nan, 3, 2, 1]", "0"])
    }
}
