import Foundation
import Testing

/// docs/architecture.md names real files and symbols: every path in backticks exists, every
/// `Type` or `Type.member` is declared in Sources or Tests, every `vl_` kernel is in the C
/// sources. A rename that forgets the map fails here.
@Suite struct ArchitectureDocTests {
    static let root = ExampleScriptTests.root

    static func swiftSources() throws -> String {
        var all = ""
        for folder in ["Sources", "Tests"] {
            let base = root.appendingPathComponent(folder)
            for case let path as String in FileManager.default.enumerator(atPath: base.path) ?? NSEnumerator()
            where path.hasSuffix(".swift") || path.hasSuffix(".c") || path.hasSuffix(".h") {
                all += try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8) + "\n"
            }
        }
        return all
    }

    static func declares(_ name: String, in text: String) -> Bool {
        if name == "subscript" { return text.contains("subscript<") || text.contains("subscript(") }
        let kinds = ["func", "var", "let", "case", "struct", "enum", "class", "protocol", "extension", "typealias"]
        return kinds.contains { kind in
            text.range(of: "\(kind) \(name)\\b", options: .regularExpression) != nil
        } || text.contains("static func \(name)(")
    }

    @Test func everyNamedFileAndSymbolExists() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let sources = try Self.swiftSources()
        var checked = 0
        for match in doc.matches(of: /`([^`]+)`/) {
            let token = String(match.1)
            if token.contains("/"), !token.contains(" ") {
                #expect(
                    FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(token).path),
                    "no file \(token)")
                checked += 1
            } else if token.wholeMatch(of: /vl_[a-z0-9_]+/) != nil {
                #expect(sources.contains(token + "("), "no kernel \(token)")
                checked += 1
            } else if token.wholeMatch(of: /[A-Z][A-Za-z0-9]*(\.[a-zA-Z][A-Za-z0-9]*)?/) != nil {
                let parts = token.split(separator: ".").map(String.init)
                #expect(Self.declares(parts[0], in: sources), "no type \(parts[0])")
                if parts.count == 2 { #expect(Self.declares(parts[1], in: sources), "no member \(token)") }
                checked += 1
            }
        }
        #expect(checked > 40)
    }
}
