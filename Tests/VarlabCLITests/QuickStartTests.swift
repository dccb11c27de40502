import Foundation
import Testing

/// README "As a library": its program is examples/library/main.swift, word for word; the
/// package builds it (target varlab-quickstart), and it runs: a study that resumes from its
/// store and asks the store's view the same question.
@Suite struct QuickStartTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized

    @Test func theReadmesProgramIsTheOneThatIsBuilt() throws {
        let program = try String(
            contentsOf: Self.root.appendingPathComponent("examples/library/main.swift"), encoding: .utf8)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(
            readme.contains("```swift\n" + program + "```"),
            "README's quick start differs from examples/library/main.swift")
    }

    @Test func theQuickStartRunsAndResumes() throws {
        let binary = Binary.url.deletingLastPathComponent().appendingPathComponent("varlab-quickstart")
        let store = NSTemporaryDirectory() + "varlab-quickstart-\(UUID().uuidString).sqlite"
        func run() throws -> String {
            let process = Process()
            process.executableURL = binary
            process.arguments = [store]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return text
        }
        let first = try run(), second = try run()
        let rows = { (text: String) in
            text.split(separator: "\n").filter { $0.hasPrefix("relu") || $0.hasPrefix("abs") }
        }
        #expect(rows(first).count == 6 && rows(first).allSatisfy { $0.hasSuffix("0 of 100") })
        #expect(rows(second).count == 6 && rows(second).allSatisfy { $0.hasSuffix("100 of 100") })
        // The same numbers both times, and in SQL.
        let numbers = { (text: String) in rows(text).map { $0.split(separator: " ").prefix(5).joined(separator: " ") } }
        #expect(numbers(first) == numbers(second))
        #expect(first.split(separator: "\n").filter { $0.hasPrefix("sql: ") }.count == 6)
    }
}

/// CI lints the documented products with AllPublicDeclarationsHaveDocumentation on: a public
/// declaration without a doc comment fails it, one with a comment passes.
@Suite struct DocumentationLintTests {
    static func lint(_ source: String) throws -> (status: Int32, output: String) {
        let file = NSTemporaryDirectory() + "varlab-doc-lint-\(UUID().uuidString).swift"
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "swift", "format", "lint", "--strict", "--configuration",
            QuickStartTests.root.appendingPathComponent(".ci/swift-format-documented.json").path, file,
        ]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func anUndocumentedPublicDeclarationFailsTheLint() throws {
        let bare = try Self.lint("public func depth() -> Int { 8 }\n")
        #expect(bare.status != 0 && bare.output.contains("AllPublicDeclarationsHaveDocumentation"), "\(bare.output)")
        let documented = try Self.lint("/// The depth.\npublic func depth() -> Int { 8 }\n")
        #expect(documented.status == 0, "\(documented.output)")
    }
}
