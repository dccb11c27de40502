import Foundation
import Testing
import VarlabLanguage

/// Runs every script under Golden/. A script is split into cases at lines `# ---`; each
/// case runs in a fresh session. Its `# expect: TEXT` lines must equal, in order, the
/// lines the case prints (echoes and print output); `# expect error: TEXT` means the case
/// must fail with an error whose `line:col: message` contains TEXT. `# expect~: TEXT`
/// matches a line that contains TEXT.
@Suite struct GoldenScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".var") }
            .sorted()
    }

    struct Case {
        var source: String
        var expected: [String] = []
        var expectedError: String?
        var firstLine: Int
    }

    static func cases(_ text: String) -> [Case] {
        var cases: [Case] = []
        var current = Case(source: "", firstLine: 1)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "# ---" {
                cases.append(current)
                current = Case(source: "", firstLine: n + 2)
                continue
            }
            current.source += line + "\n"
            if let r = line.range(of: "# expect error: ") {
                current.expectedError = String(line[r.upperBound...])
            } else if let r = line.range(of: "# expect~: ") {
                current.expected.append("~" + line[r.upperBound...])
            } else if let r = line.range(of: "# expect: ") {
                current.expected.append(String(line[r.upperBound...]))
            }
        }
        cases.append(current)
        return cases.filter { !$0.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    @Test func thereAreGoldenScripts() {
        #expect(Self.scripts.count >= 5)
    }

    @Test(arguments: scripts)
    func goldenScript(name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        for c in Self.cases(text) {
            let (interpreter, host) = makeInterpreter()
            let errors = interpreter.run(c.source)
            let where_ = "\(name) case at line \(c.firstLine)"
            if let expectedError = c.expectedError {
                let rendered = errors.map { "\($0.location.map { "\($0.line):\($0.column): " } ?? "")\($0.message)" }
                #expect(
                    rendered.contains { $0.contains(expectedError) },
                    "\(where_): expected error '\(expectedError)', got \(rendered)")
            } else {
                #expect(errors.isEmpty, "\(where_): unexpected errors \(errors)")
            }
            #expect(
                host.lines.count == c.expected.count,
                "\(where_): printed \(host.lines.count) lines, expected \(c.expected.count):\n\(host.lines.joined(separator: "\n"))"
            )
            for (got, want) in zip(host.lines, c.expected) {
                if want.hasPrefix("~") {
                    #expect(
                        got.contains(want.dropFirst()), "\(where_): '\(got)' does not contain '\(want.dropFirst())'")
                } else {
                    #expect(got == want, "\(where_)")
                }
            }
        }
    }
}
