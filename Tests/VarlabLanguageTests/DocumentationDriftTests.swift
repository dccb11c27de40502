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

    /// The part of a document where its readers look for the activations: the README without
    /// its Contributing section (which names example activations such as softplus, so the
    /// check had passed for nothing), grammar.md's list of builtins, all of docs/measures.md.
    static func reference(_ path: String) throws -> String {
        let doc = try text(path)
        switch path {
        case "README.md":
            guard let start = doc.range(of: "\n## Contributing") else { return doc }
            let rest = doc[start.upperBound...]
            let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
            return String(doc[..<start.lowerBound]) + String(rest[end...])
        case "grammar.md":
            guard let start = doc.range(of: "The main builtins:") else { return "" }
            let rest = doc[start.upperBound...]
            return String(rest[..<(rest.range(of: "\n```\n\n")?.lowerBound ?? rest.endIndex)])
        default:
            return doc
        }
    }

    @Test(arguments: ["grammar.md", "docs/measures.md", "README.md"])
    func everyActivationIsNamed(in path: String) throws {
        let doc = try Self.reference(path)
        for name in Activation.names {
            #expect(Self.names(name, in: doc), "\(path) does not name the activation \(name)")
        }
    }

    /// The check reads the documents, not the README's own example text: an activation named
    /// only in the Contributing section is not named.
    @Test func theReadmesExampleTextDoesNotCount() throws {
        let readme = try Self.reference("README.md")
        #expect(!readme.contains("softplus") && !readme.contains("zero_share"))
        #expect(try Self.text("README.md").contains("softplus"))
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
