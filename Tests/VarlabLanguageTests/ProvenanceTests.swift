import Foundation
import Testing
import VarlabGraphics
import VarlabLanguage

/// Saved tables say how they were made: a CSV row holds every setting of its result, so
/// the row can be re-created from its own columns (docs/measures.md, "Provenance").
@Suite struct ProvenanceTests {
    static func parseCSV(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func aCSVRowIsReproducedFromItsOwnColumns() throws {
        let (interpreter, host) = makeInterpreter(quick: false)
        let script = """
            t = sweep(depth: [2, 5], act: [relu, abs], params: 1500, init: lecun, bias: 0.05, seed: 7)
              |> variability(samples: 6, grid: 12, tol: 0.01)
            save(t, "table.csv")
            """
        #expect(interpreter.run(script).isEmpty)
        let rows = Self.parseCSV(try host.files.read("table.csv"))
        #expect(rows.count == 4)
        for column in [
            "depth", "act", "budget", "params", "width", "act_ratio", "init", "bias", "seed", "samples", "grid",
            "order", "tol",
            "v3", "v3_se", "v3_low", "v3_high", "c2c", "c2c_low", "c2c_high",
        ] {
            #expect(rows[0][column] != nil, "missing column \(column)")
        }
        let r = rows[3]
        let remake = """
            v = variability(mlp(depth: \(r["depth"]!), params: \(r["budget"]!), act: \(r["act"]!), \
            act_ratio: \(r["act_ratio"]!), init: \(r["init"]!), bias: \(r["bias"]!), seed: \(r["seed"]!)), \
            samples: \(r["samples"]!), grid: \(r["grid"]!), order: \(r["order"]!), tol: \(r["tol"]!))
            print(v.params, v.v3, v.v3_se, v.c2c)
            """
        host.lines = []
        #expect(interpreter.run(remake).isEmpty)
        let expected = ValueFormatter.inline(
            .list([r["params"]!, r["v3"]!, r["v3_se"]!, r["c2c"]!].map { .number(Double($0)!) }))
        #expect("[" + host.lines.joined().split(separator: " ").joined(separator: ", ") + "]" == expected)
    }

    @Test func savedFilesCarryTheVersionAndAFamilyNotItsWeights() throws {
        let (interpreter, host) = makeInterpreter(quick: false)
        #expect(
            interpreter.run(
                "save(sweep(depth: [1, 2], params: 500), \"t.json\")\nsave(mlp(depth: 1, width: 3), \"net.json\")"
            ).isEmpty)
        let table = try host.files.read("t.json")
        #expect(table.contains("\"varlab\": \"\(VarlabVersion.current)\""))
        #expect(table.contains("\"format\": \"varlab.table\""))
        #expect(table.contains("\"seed\": 1") && table.contains("\"init\": \"scaled\""))
        #expect(!table.contains("weights"))
        #expect(try host.files.read("net.json").contains("weights"))
        // A saved table loads back as the same rows (the version stamp is not a row).
        #expect(interpreter.run("t = load(\"t.json\")\nprint(len(t), t[1].width)").isEmpty)
        #expect(host.lines.last == "2 19")
    }

    @Test func quickModeMarksWhatItCapped() {
        let (interpreter, host) = makeInterpreter(quick: true)
        #expect(interpreter.run("save(sweep(depth: [2]) |> variability(samples: 100, grid: 16), \"q.csv\")").isEmpty)
        let rows = Self.parseCSV((try? host.files.read("q.csv")) ?? "")
        #expect(rows.first?["capped"] == "samples 16")
        #expect(rows.first?["samples"] == "16")
    }

    @Test func exactZerosPrintAndSaveAsZeroAndNilAsAnEmptyCell() throws {
        let (interpreter, host) = makeInterpreter(quick: false)
        // No net collapses: the Wilson interval starts at exactly 0, one net has no spread.
        #expect(
            interpreter.run(
                """
                v = variability(mlp(depth: 2, width: 3), samples: 5, grid: 8)
                print(v.c2c, v.c2c_low, variability(mlp(depth: 2), samples: 1, grid: 8).v3_se)
                save([{a: nil, b: 0}], "z.csv")
                save([{a: nil, b: 0}], "z.json")
                """
            ).isEmpty)
        #expect(host.lines == ["0 0 0"])
        #expect(try host.files.read("z.csv") == "a,b\n,0\n")
        #expect(try host.files.read("z.json").contains("\"a\": null"))
    }

    @Test func aSavedLandscapeHasEachKeyOnce() throws {
        let (interpreter, host) = makeInterpreter(quick: false)
        #expect(interpreter.run("save(landscape(mlp(depth: 2), grid: 8), \"l.json\")").isEmpty)
        let text = try host.files.read("l.json")
        for key in ["\"grid\"", "\"v3\"", "\"spread\"", "\"varlab\""] {
            #expect(text.components(separatedBy: key).count == 2, "\(key) should appear once")
        }
        #expect(interpreter.run("load(\"l.json\").grid").isEmpty)
        #expect(host.lines.last == "8")
    }

    @Test func playgroundSetsHaveTheirDocumentedNoise() {
        let (interpreter, host) = makeInterpreter(quick: false)
        #expect(
            interpreter.run("print(dataset(xor, n: 10, test: 10).dataset, checkerboard(n: 10, test: 10).dataset)")
                .isEmpty)
        #expect(
            host.lines == [
                "dataset(xor, n: 10, test: 10, noise: 0.1, seed: 1) checkerboard(k: 6, n: 10, test: 10, noise: "
                    + "0, seed: 1)"
            ])
    }

    /// The V3 printed under a net's picture is the one landscape() reports (same grid).
    @Test func thePictureOfANetShowsTheV3OfItsLandscape() throws {
        for quick in [false, true] {
            let (interpreter, host) = makeInterpreter(quick: quick)
            #expect(interpreter.run("net = mlp(depth: 4, act: abs)\nprint(landscape(net).v3)\nshow(net)").isEmpty)
            guard case .heatmaps(let f)? = host.figures.first else {
                Issue.record("no heat map")
                continue
            }
            #expect(f.panels[0].note == "V3 " + host.lines[0], "\(f.panels[0].caption) vs \(host.lines[0])")
        }
    }
}
