import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabLanguage

/// CSV files as Python's csv module writes them load like any other (docs/measures.md,
/// "Trainability on the checkerboard": datasets from files).
@Suite struct CSVLineEndingTests {
    /// Writes 801 rows (a header and 800 points) with Python's csv.writer in the given way.
    static func pythonCSV(folder: String, name: String, terminator: String, encoding: String) throws {
        let script = """
            import csv, random, sys
            random.seed(1)
            with open(sys.argv[1], "w", newline="", encoding="\(encoding)") as f:
                w = csv.writer(f, lineterminator=\(terminator))
                w.writerow(["x", "y", "label"])
                for i in range(800):
                    x, y = random.uniform(-1, 1), random.uniform(-1, 1)
                    w.writerow([round(x, 6), round(y, 6), 1 if x * y > 0 else -1])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder + "/" + name]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(arguments: [
        ("crlf.csv", "\"\\r\\n\"", "utf-8"), ("cr.csv", "\"\\r\"", "utf-8"), ("bom.csv", "\"\\r\\n\"", "utf-8-sig"),
        ("lf.csv", "\"\\n\"", "utf-8"),
    ])
    func pythonWrittenFilesLoad(name: String, terminator: String, encoding: String) throws {
        let folder = CapturingHost.freshFolder()
        try Self.pythonCSV(folder: folder, name: name, terminator: terminator, encoding: encoding)
        let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
        let interpreter = Interpreter(host: host, options: InterpreterOptions())
        let errors = interpreter.run("d = load(\"\(name)\")\nprint(len(d.points))\nd.points[0].x")
        #expect(errors.isEmpty, "\(name): \(errors)")
        #expect(host.lines.first == "800", "\(name): \(host.lines)")
    }

    @Test func textLinesSplitsEveryEnding() {
        #expect(TextLines.split("a\r\nb\rc\nd") == ["a", "b", "c", "d"])
        #expect(TextLines.split("\u{FEFF}x,y\r\n") == ["x,y", ""])
        #expect(TextLines.split("\r\n\r\n") == ["", "", ""])
        #expect(TextLines.split("") == [""])
    }
}
