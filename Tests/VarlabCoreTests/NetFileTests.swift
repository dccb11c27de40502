import Testing
import VarlabCore

@Suite struct NetFileTests {
    @Test func exportThenImportGivesTheSameNetAndLandscape() throws {
        for act in [Activation.relu, .tanh, .leaky(slope: 0.2)] {
            let net = MLP(spec: MLPSpec(depth: 3, width: 6, activation: act, actRatio: 0.7, seed: 8))
            let text = NetFile.json(net).text
            let back = try NetFile.net(from: JSON.parse(text))
            #expect(back.layers == net.layers)
            #expect(Landscape(net: back, resolution: 12) == Landscape(net: net, resolution: 12))
        }
    }

    /// Found by the fuzzer: a net whose only hidden layer is linear, observed on the grid.
    @Test func singleLinearLayerNetIsMeasured() throws {
        let net = MLP(layers: [
            DenseLayer(inputs: 2, outputs: 3, weights: [1, 0, 0, 1, 1, 1], bias: [0, 0, 0], activation: .linear),
            DenseLayer(inputs: 3, outputs: 1, weights: [1, 1, 1], bias: [0], activation: .linear),
        ])
        for r in [8, 16, 5] {
            let probe = LandscapeProbe(net: net, resolution: r, observe: true)
            let m = LandscapeMeasures(probe.landscape, observation: probe.observation)
            #expect(m.value("patterns") == 1)  // no nonlinear units: one (empty) pattern
            #expect(m.v3 < 1e-6)  // a plane
        }
    }

    @Test func landscapeRoundTrip() throws {
        let l = Landscape(resolution: 9) { x, y in x * y - 0.25 }
        #expect(try NetFile.landscape(from: JSON.parse(NetFile.json(l).text)) == l)
    }

    @Test func malformedNetsGiveClearErrors() {
        let cases: [(String, String)] = [
            (
                #"{"format": "varlab.mlp", "version": 1, "input": 2, "layers": [{"weights": [[1, 2, 3]], "bias": [0], "act": "linear"}]}"#,
                "expected 2"
            ),
            (
                #"{"format": "varlab.mlp", "input": 2, "layers": [{"weights": [[1, 2]], "bias": [0, 1], "act": "linear"}]}"#,
                "'bias' has 2"
            ),
            (
                #"{"format": "varlab.mlp", "input": 2, "layers": [{"weights": [[1, 2]], "bias": [0], "act": "swish"}]}"#,
                "unknown activation"
            ),
            (
                #"{"format": "varlab.mlp", "input": 2, "layers": [{"weights": [[1, 2], [3, 4]], "bias": [0, 0], "act": "relu"}]}"#,
                "exactly one output"
            ),
            (#"{"format": "varlab.landscape", "grid": 2}"#, "not a \"varlab.mlp\""),
            (#"[1, 2]"#, "JSON object"),
            (
                #"{"format": "varlab.mlp", "input": 2, "layers": [{"weights": [[1, 2]], "bias": [0], "Act": "linear"}]}"#,
                "unknown key 'Act'"
            ),
        ]
        for (text, fragment) in cases {
            do {
                _ = try NetFile.net(from: JSON.parse(text))
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(fragment), "\(error)")
            }
        }
    }

    @Test func jsonErrorsHaveLocations() {
        do {
            _ = try JSON.parse("{\n  \"a\": [1, 2,,]\n}")
            Issue.record("accepted bad JSON")
        } catch let error as JSONError {
            #expect(error.line == 2 && error.column == 14)
        } catch { Issue.record("\(error)") }
        #expect(throws: JSONError.self) { try JSON.parse(String(repeating: "[", count: 10_000)) }
        #expect(throws: JSONError.self) { try JSON.parse("\"unterminated") }
    }

    @Test func jsonRoundTripsStringsAndNumbers() throws {
        let doc = JSON.object([
            ("s", .string("a\"b\\c\n\u{1}é")), ("x", .number(0.1)), ("n", .number(-3)), ("e", .number(1e-7)),
        ])
        #expect(try JSON.parse(doc.text) == doc)
    }
}
