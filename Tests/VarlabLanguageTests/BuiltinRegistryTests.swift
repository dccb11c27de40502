import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabLanguage

/// The builtin registry checks itself (README, "Contributing"): unique names, every help
/// example runs, grammar.md lists exactly the registry, and sweep shows mlp's own defaults.
@Suite struct BuiltinRegistryTests {
    @Test func namesAreUniqueAndADuplicateIsCaught() throws {
        let declared = BuiltinLibrary.declared
        #expect(BuiltinLibrary.registry(declared).duplicates.isEmpty)
        let first = try #require(declared.first)
        #expect(BuiltinLibrary.registry(declared + [first]).duplicates == [first.name])
        #expect(BuiltinLibrary.registry(declared).table.count == declared.count)
    }

    /// Names the help examples use as if the reader had them (a table `t`, a net, a dataset).
    static let prelude = """
        net = mlp(depth: 4, params: 500)
        n = net
        data = checkerboard(k: 4, n: 200, test: 100)
        d = data
        t = sweep(depth: [1, 2, 4], act: [relu, abs], params: 500) |> variability(samples: 4, grid: 16) |> trainability(data, trials: 1, epochs: 2)
        tt = t
        l = landscape(net, grid: 16)
        r = train(net, data, epochs: 2)
        v = variability(net, samples: 4, grid: 16)
        out = folder("out")
        save(net, "net.json")
        save(data, "features.csv")
        """

    /// Every example in a help text runs, in quick mode, in a folder of its own.
    @Test func everyHelpExampleRuns() throws {
        var failures: [String] = []
        for b in BuiltinLibrary.declared {
            let (interpreter, host) = makeInterpreter(quick: true, threads: 1)
            let folder = NSTemporaryDirectory() + "varlab-examples-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            host.files = DiskFiles(workingDirectory: folder, confined: true)
            let setup = interpreter.run(Self.prelude)
            #expect(setup.isEmpty, "prelude: \(setup)")
            let errors = interpreter.run(b.example)
            if let e = errors.first { failures.append("\(b.name): \(e.message)  [example: \(b.example)]") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// grammar.md's list of the main builtins names every builtin of the registry, and only them.
    @Test func grammarListsExactlyTheRegistry() throws {
        let grammar = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../grammar.md"), encoding: .utf8)
        let start = try #require(grammar.range(of: "The main builtins:\n\n```\n"))
        let block = grammar[start.upperBound...].prefix { _ in true }
        let end = try #require(block.range(of: "```"))
        let listing = String(block[..<end.lowerBound])
        let words = Set(
            listing.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
        let names = Set(BuiltinLibrary.declared.map(\.name))
        let missing = names.subtracting(words).sorted()
        #expect(missing.isEmpty, "grammar.md does not list: \(missing)")
        // Every call written there is a builtin (or a net called as a function).
        let calls = listing.matches(of: /([a-z_][a-z0-9_]*)\(/).map { String($0.1) }
        let unknown = Set(calls).subtracting(names).subtracting(["net"]).sorted()
        #expect(unknown.isEmpty, "grammar.md lists calls that are not builtins: \(unknown)")
    }

    /// sweep makes its nets through mlp's own arguments: its help shows mlp's defaults, and a
    /// setting left out of a sweep is mlp's default (bias had been written three times).
    @Test func sweepUsesMlpsDefaults() throws {
        let table = BuiltinLibrary.registry(BuiltinLibrary.declared).table
        let mlp = try #require(table["mlp"]), sweep = try #require(table["sweep"])
        for p in sweep.parameters {
            guard let q = mlp.parameters.first(where: { $0.name == p.name }), p.name != "depth" else { continue }
            #expect(p.defaultText == q.defaultText, "sweep's \(p.name) default \(p.defaultText ?? "-") vs mlp's")
        }
        let (interpreter, host) = makeInterpreter()
        #expect(
            interpreter.run(
                """
                row = sweep(depth: 3)[0]
                m = mlp(depth: 3)
                print(row.bias == m.bias, row.init == m.init, row.act == m.act, row.width == m.width, row.input == m.input)
                """
            ).isEmpty)
        #expect(host.lines == ["true true true true true"])
    }

    /// Required-ness comes from an argument's type: a non-optional argument without a default
    /// must be given, an optional one may be left out.
    @Test func requiredArgumentsAreTheNonOptionalOnesWithoutDefault() throws {
        let table = BuiltinLibrary.registry(BuiltinLibrary.declared).table
        let mlp = try #require(table["mlp"])
        // depth is read as an optional: widths or shape can give it instead (mlp checks that one does).
        #expect(mlp.parameters.filter(\.isRequired).isEmpty)
        #expect(
            try #require(mlp.parameters.first { $0.name == "depth" }).defaultText == "the length of widths or shape")
        let spearman = try #require(table["spearman"])
        #expect(spearman.parameters.filter(\.isRequired).map(\.name) == ["xs", "ys"])
        for b in table.values {
            for p in b.parameters where p.isRequired { #expect(p.defaultValue == nil, "\(b.name).\(p.name)") }
        }
    }
}
