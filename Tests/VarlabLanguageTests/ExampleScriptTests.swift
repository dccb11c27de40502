import Foundation
import Testing
import VarlabLanguage

/// Every example and lesson runs in quick mode without an error, and every varlab code
/// block of the README and grammar.md parses.
@Suite struct ExampleScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var examples: [String] {
        let folder = root.appendingPathComponent("examples")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".var") }.sorted()
    }

    @Test func examplesExist() {
        #expect(Self.examples.contains("paper.var"))
        #expect(Self.examples.filter { $0.hasPrefix("lessons/") }.count >= 6)
    }

    @Test(arguments: examples)
    func exampleRunsInQuickMode(path: String) throws {
        let source = try String(
            contentsOf: Self.root.appendingPathComponent("examples").appendingPathComponent(path), encoding: .utf8)
        let (interpreter, host) = makeInterpreter(quick: true)
        let errors = interpreter.run(source)
        #expect(errors.isEmpty, "\(path): \(errors.map { Diagnostics.render($0, source: source, file: path) })")
        #expect(!host.lines.isEmpty)
    }

    static func codeBlocks(_ file: String, fence: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var blocks: [String] = [], current: String? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```" + fence) {
                current = ""
                continue
            }
            if current != nil, line.hasPrefix("```") {
                blocks.append(current!)
                current = nil
                continue
            }
            if current != nil { current! += line + "\n" }
        }
        return blocks
    }

    @Test func readmeAndGrammarCodeBlocksParse() throws {
        let blocks = try Self.codeBlocks("README.md", fence: "varlab") + Self.codeBlocks("grammar.md", fence: "varlab")
        #expect(blocks.count >= 4)
        for block in blocks {
            let program = Parser.parse(block)
            #expect(program.errors.isEmpty, "\(program.errors) in:\n\(block)")
        }
    }
}
