import Foundation
import Testing
import VarlabHost
import VarlabLanguage

@Suite struct ParserTests {
    @Test func tokensCarryLocations() {
        let (tokens, errors) = Lexer.tokenize("net = mlp(depth: 2)\n  x |> f")
        #expect(errors.isEmpty)
        #expect(tokens[0].kind == .identifier("net") && tokens[0].location == SourceLocation(line: 1, column: 1))
        #expect(tokens[4].kind == .identifier("depth") && tokens[4].location == SourceLocation(line: 1, column: 11))
        let pipe = tokens.first { $0.kind == .symbol(.pipe) }
        #expect(pipe?.location == SourceLocation(line: 2, column: 5))
    }

    @Test func numbersAndRanges() {
        let kinds = Lexer.tokenize("1..8 2.5 1e-3 10_000 3.").tokens.map(\.kind)
        #expect(
            kinds.prefix(6) == [.number(1), .symbol(.range), .number(8), .number(2.5), .number(0.001), .number(10_000)])
        #expect(kinds[6] == .number(3) && kinds[7] == .symbol(.dot))
    }

    @Test func newlinesInsideBracketsAreIgnoredButNotInBlocks() {
        let program = Parser.parse("x = [1,\n 2]\nfor i in x {\n  print(i)\n  print(i)\n}\n")
        #expect(program.errors.isEmpty)
        #expect(program.statements.count == 2)
        if case .forIn(_, _, let body) = program.statements[1].kind {
            #expect(body.count == 2)
        } else {
            Issue.record("not a for")
        }
    }

    @Test func pipelineDesugarsToACall() {
        let program = Parser.parse("t |> variability(samples: 4)")
        guard case .expression(let e) = program.statements.first?.kind, case .call(let callee, let args) = e.kind,
            case .identifier("variability") = callee.kind
        else {
            Issue.record("not a call")
            return
        }
        #expect(args.count == 2 && args[0].label == nil && args[1].label == "samples")
    }

    @Test func allSyntaxErrorsAreReported() {
        let program = Parser.parse("x = 1 + * 2\ny = 3\nz = ]\nfn (\nw = 4")
        #expect(program.errors.count >= 3)
        #expect(program.errors.map { $0.location?.line ?? 0 }.prefix(2) == [1, 3])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for open in ["(", "[", "-", "not ", "{a: "] {
            let source = String(repeating: open, count: 100_000) + "1"
            let program = Parser.parse(source)
            #expect(program.errors.contains { $0.message.contains("nesting deeper than") }, "\(open)")
        }
        let nested = String(repeating: "if true { ", count: 500) + "1" + String(repeating: " }", count: 500)
        #expect(Parser.parse(nested).errors.contains { $0.message.contains("nesting deeper than") })
    }

    @Test func precedence() {
        let (interpreter, host) = makeInterpreter()
        #expect(
            interpreter.run("print(1 + 2 * 3 ^ 2, -2 ^ 2, 2 ^ 3 ^ 2, 10 - 4 - 3, not true or true, 1 < 2 and 2 < 3)")
                .isEmpty)
        #expect(host.lines == ["19 -4 512 3 true true"])
    }
}

@Suite struct ConfinedFilesTests {
    @Test func confinedSessionsCannotWriteOutsideTheirFolder() {
        let (interpreter, host) = makeInterpreter()
        host.files = DiskFiles(workingDirectory: NSTemporaryDirectory(), confined: true)
        for code in [
            "save(1, \"/tmp/x.json\")", "save(1, \"../x.json\")", "load(\"/etc/passwd.json\")", "folder(\"a/../../b\")",
        ] {
            let errors = interpreter.run(code)
            #expect(errors.first?.message.contains("outside the working folder") == true, "\(code)")
        }
        #expect(interpreter.run("save(1, \"inside.json\")\nload(\"inside.json\")").isEmpty)
    }
}

@Suite struct HelpTests {
    /// help(measures) takes the bare topic (it had said "unknown name") and states the
    /// precision contract; a name that is bound still means its value.
    @Test func helpTakesABareTopic() {
        let (interpreter, host) = makeInterpreter()
        #expect(interpreter.run("help(measures)").isEmpty)
        let text = host.lines.joined(separator: "\n")
        #expect(text.hasPrefix("measures:") && text.contains("Precision") && text.contains("float64_share"))
        let (other, otherHost) = makeInterpreter()
        #expect(other.run("measures = \"for\"\nhelp(measures)").isEmpty)
        #expect(otherHost.lines.first?.hasPrefix("for x in xs") == true)
    }

    @Test func everyKeywordHasHelp() {
        let (interpreter, _) = makeInterpreter()
        for keyword in Keyword.allCases {
            #expect(Help.topic(keyword.rawValue, interpreter: interpreter) != nil, "no help for \(keyword.rawValue)")
        }
    }

    @Test func aTopicWinsOverABuiltinOfTheSameNameAndShowsBoth() {
        let (interpreter, _) = makeInterpreter()
        let text = Help.topic("theory", interpreter: interpreter) ?? ""
        #expect(text.hasPrefix("theory:\n"))
        #expect(text.contains("Returns a table; each row (a theory row) has:"))
    }

    @Test func builtinHelpListsChoicesDefaultsAndReturnedFields() {
        let (interpreter, _) = makeInterpreter()
        let text = Help.topic("variability", interpreter: interpreter) ?? ""
        for part in [
            "samples", "(default 200)", "Returns a variability result with fields:", "v3 _se _low _high",
            "c2c _low _high", "capped",
        ] {
            #expect(text.contains(part), "missing \(part)")
        }
        #expect(
            Help.topic("mlp", interpreter: interpreter)?.contains(
                "choices: scaled, he, lecun, xavier, xavier_uniform, torch") == true)
    }

    /// One name, one quantity: a field name means the same kind of number in every schema.
    @Test func aFieldNameHasOneFormatAndRoleEverywhere() {
        var seen: [String: FieldDeclaration] = [:]
        for schema in FieldCatalog.schemas {
            for field in schema.fields {
                if let first = seen[field.name] {
                    // (A mean over nets has an uncertainty where one net's value has none.)
                    #expect(
                        first.format == field.format && first.role == field.role,
                        "\(field.name) differs between schemas")
                } else {
                    seen[field.name] = field
                }
            }
        }
        #expect(seen.count > 40)
    }

    /// Every declared field is defined in the project's docs.
    @Test func everyFieldIsDocumented() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/measures.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for schema in FieldCatalog.schemas {
            for field in schema.fields
            where ![
                "values", "caption", "name", "train", "test", "balance", "history", "net", "data",
                "steps", "final_loss", "train_acc", "test_acc", "trained", "rms", "std", "min",
                "max", "layer", "c", "q", "r", "p", "n", "method", "grad", "stopped_early", "v1", "v2", "v4",
            ].contains(field.name)
                && !(field.name.hasPrefix("v") && ["1", "2", "4"].contains(field.name.dropFirst().prefix(1)))
            {
                #expect(text.contains("`\(field.name)`"), "docs/measures.md does not define `\(field.name)`")
            }
        }
    }
}
