import Foundation
import Testing
import VarlabCore
import VarlabLanguage

/// The hand-written docs name everything the registries declare, so they cannot drift when
/// an activation or a measure is added (README, "Contributing"). Activations are named in
/// all three documents; measures are defined in docs/measures.md, which the README and
/// grammar.md point to for the full list (`:help measures` prints it from the registry).
@Suite struct DocumentationDriftTests {
    static let root = ExampleScriptTests.root

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `name` as a whole word (so "elu" is not found inside "relu").
    static func names(_ name: String, in text: String) -> Bool {
        let word = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        var start = text.startIndex
        while let r = text.range(of: name, range: start..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before.map(word.contains) ?? false) && !(after.map(word.contains) ?? false) { return true }
            start = r.upperBound
        }
        return false
    }

    static let measureNames = LandscapeMeasures.perNet.flatMap { [$0.name, $0.aggregateName] }

    @Test(arguments: ["grammar.md", "docs/measures.md", "README.md"])
    func everyActivationIsNamed(in path: String) throws {
        let doc = try Self.text(path)
        for name in Activation.names {
            #expect(Self.names(name, in: doc), "\(path) does not name the activation \(name)")
        }
    }

    @Test(arguments: ["docs/measures.md"])
    func everyMeasureIsNamed(in path: String) throws {
        let doc = try Self.text(path)
        for name in Set(Self.measureNames) {
            #expect(Self.names(name, in: doc), "\(path) does not name the measure \(name)")
        }
    }

    /// The choice list of an unknown activation comes from the registry, in its order.
    @Test func anUnknownActivationListsTheRegisteredOnes() {
        let (interpreter, _) = makeInterpreter(quick: true)
        let message = interpreter.run("mlp(depth: 4, act: relux)").first?.message ?? ""
        #expect(message.hasSuffix("(choices: \(Activation.names.joined(separator: ", ")))"), "\(message)")
    }
}
