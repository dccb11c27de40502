/// The exchange formats for nets and landscapes, so anyone can check varlab in NumPy or
/// PyTorch: `varlab.mlp` (weights rows = output units, y = act(W x + b)) and
/// `varlab.landscape` (rows are y, columns x, on [-1, 1]^2).
public enum NetFile {
    /// Why a file could not be read as a net or a landscape.
    public struct FormatError: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong, naming the layer or key.
        public var message: String
        /// The message.
        public var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// Version 2 adds "branch": the branch scale of a residual net (plain nets stay version 1);
    /// version 3 custom activations: a layer's "act_expression" (ActivationExpression.json),
    /// "act_formula" and "act_hash" beside its "act" name.
    public static func json(_ net: MLP) -> JSON {
        let residual: [(String, JSON)] = net.branch.map { [("branch", .number($0))] } ?? []
        let custom = net.layers.contains { $0.activation.custom != nil }
        let version = custom ? 3 : net.branch == nil ? 1 : 2
        return .object(
            [
                ("format", .string("varlab.mlp")), ("version", .number(Double(version))),
                ("input", .number(Double(net.input))),
            ] + residual + [
                (
                    "layers",
                    .array(
                        net.layers.map { layer in
                            let rows = (0..<layer.outputs).map { i in
                                JSON.array((0..<layer.inputs).map { .number(Double(layer.weight(i, $0))) })
                            }
                            return .object(
                                [
                                    ("weights", .array(rows)),
                                    ("bias", .array(layer.bias.map { .number(Double($0)) })),
                                    ("act", .string(activationName(layer.activation))),
                                ] + customMembers(layer.activation))
                        })
                )
            ])
    }

    /// How a custom activation is written: its expression, readable formula and hash (a
    /// Swift closure has no expression: "act_expression" null, and reading it back is refused).
    static func customMembers(_ act: Activation) -> [(String, JSON)] {
        guard let c = act.custom else { return [] }
        return [
            ("act_expression", c.expression?.json ?? .null), ("act_formula", c.source.map(JSON.string) ?? .null),
            ("act_hash", .string(c.fingerprint)),
        ]
    }

    static func activationName(_ act: Activation) -> String {
        if case .leaky(let a) = act, a != Activation.defaultLeakySlope { return "leaky:\(a)" }
        return act.name
    }

    /// A `varlab.landscape` document: the grid's values, V3 and the spread.
    public static func json(_ landscape: Landscape) -> JSON {
        let r = landscape.resolution
        let m = LandscapeMeasures(landscape)
        return .object([
            ("format", .string("varlab.landscape")), ("version", .number(1)), ("grid", .number(Double(r))),
            ("domain", .array([.number(-1), .number(1)])),
            ("values", .array((0..<r).map { i in .array((0..<r).map { .number(landscape[i, $0]) }) })),
            ("v3", .number(m.v3)), ("spread", .number(m.spread)),
        ])
    }

    /// Reads a `varlab.mlp` document, checking every name and shape.
    public static func net(from doc: JSON) throws -> MLP {
        try expectFormat(doc, "varlab.mlp")
        guard let input = doc["input"]?.number, input >= 1, input == input.rounded(), input <= 1_000_000 else {
            throw FormatError("'input' must be a positive whole number")
        }
        guard let layerDocs = doc["layers"]?.array, !layerDocs.isEmpty else {
            throw FormatError("'layers' must be a non-empty list")
        }
        var layers: [DenseLayer] = []
        var fanIn = Int(input)
        for (index, layerDoc) in layerDocs.enumerated() {
            let name = "layer \(index + 1)"
            try expectKeys(layerDoc, ["weights", "bias", "act", "act_expression", "act_formula", "act_hash"], in: name)
            guard let rows = layerDoc["weights"]?.array, !rows.isEmpty else {
                throw FormatError("\(name): 'weights' must be a non-empty list of rows")
            }
            var weights: [Float] = []
            for (r, row) in rows.enumerated() {
                guard let values = row.array else { throw FormatError("\(name): weights row \(r + 1) is not a list") }
                guard values.count == fanIn else {
                    throw FormatError(
                        "\(name): weights row \(r + 1) has \(values.count) entries, expected \(fanIn) (the size "
                            + "of the layer's input)"
                    )
                }
                for v in values {
                    guard let x = v.number, x.isFinite else {
                        throw FormatError("\(name): weights row \(r + 1) holds a value that is not a finite number")
                    }
                    weights.append(Float(x))
                }
            }
            guard let biasDoc = layerDoc["bias"]?.array else { throw FormatError("\(name): 'bias' must be a list") }
            guard biasDoc.count == rows.count else {
                throw FormatError("\(name): 'bias' has \(biasDoc.count) entries but 'weights' has \(rows.count) rows")
            }
            let bias = try biasDoc.map { v -> Float in
                guard let x = v.number, x.isFinite else {
                    throw FormatError("\(name): 'bias' holds a value that is not a finite number")
                }
                return Float(x)
            }
            let act =
                try layerDoc["act_expression"].map { try custom(layerDoc, $0, layer: name) }
                ?? activation(layerDoc["act"]?.string ?? "linear", layer: name)
            layers.append(DenseLayer(inputs: fanIn, outputs: rows.count, weights: weights, bias: bias, activation: act))
            fanIn = rows.count
        }
        guard let last = layers.last, last.outputs == 1 else {
            throw FormatError("the last layer must have exactly one output (a scalar net)")
        }
        guard last.activation.isLinear else { throw FormatError("the last layer must be linear (act \"linear\")") }
        return MLP(layers: layers, branch: try branch(doc, layers))
    }

    /// The residual branch scale, checked: hidden layers 2..L must keep the width.
    static func branch(_ doc: JSON, _ layers: [DenseLayer]) throws -> Double? {
        guard let value = doc["branch"] else {
            if case .bool(true)? = doc["residual"] { throw FormatError("a residual net needs its 'branch' scale") }
            return nil
        }
        guard let alpha = value.number, alpha.isFinite else {
            throw FormatError("'branch' must be a finite number (the residual branch scale)")
        }
        for (i, layer) in layers.dropLast().enumerated() where i >= 1 && layer.inputs != layer.outputs {
            throw FormatError(
                "layer \(i + 1): a residual layer must keep the width (\(layer.inputs) inputs, \(layer.outputs) "
                    + "outputs)"
            )
        }
        return alpha
    }

    /// A custom activation, rebuilt from its expression and checked against its hash.
    static func custom(_ layerDoc: JSON, _ expression: JSON, layer: String) throws -> Activation {
        let name = layerDoc["act"]?.string ?? "custom"
        guard expression != .null else {
            throw FormatError("\(layer): activation '\(name)' was a Swift function; a file cannot carry it")
        }
        let act: Activation
        do {
            let e = try ActivationExpression(json: expression)
            act = try Activation.custom(name: name, expression: e, source: e.formula)
        } catch {
            throw FormatError("\(layer): custom activation '\(name)': \(error)")
        }
        if let hash = layerDoc["act_hash"]?.string, hash != act.custom?.fingerprint {
            throw FormatError("\(layer): custom activation '\(name)': its expression does not match its hash \(hash)")
        }
        return act
    }

    static func activation(_ text: String, layer: String) throws -> Activation {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let slope = parts.count > 1 ? Double(parts[1]) : Activation.defaultLeakySlope
        guard let name = parts.first, let s = slope, let act = Activation(name: name, slope: s) else {
            throw FormatError(
                "\(layer): unknown activation '\(text)' (known: \(Activation.names.joined(separator: ", ")))")
        }
        return act
    }

    /// Reads a `varlab.landscape` document.
    public static func landscape(from doc: JSON) throws -> Landscape {
        try expectFormat(doc, "varlab.landscape")
        guard let rows = doc["values"]?.array, rows.count >= 2 else {
            throw FormatError("'values' must be a list of at least 2 rows")
        }
        var values: [Double] = []
        for (i, row) in rows.enumerated() {
            guard let items = row.array, items.count == rows.count else {
                throw FormatError("values row \(i + 1) must have \(rows.count) entries (the grid is square)")
            }
            for item in items {
                guard let x = item.number, x.isFinite else {
                    throw FormatError("values row \(i + 1) holds a value that is not a finite number")
                }
                values.append(x)
            }
        }
        return Landscape(resolution: rows.count, values: values)
    }

    /// A misspelled key ("Act") must not silently fall back to a default.
    static func expectKeys(_ doc: JSON, _ known: [String], in what: String) throws {
        guard case .object(let members) = doc else { throw FormatError("\(what) must be a JSON object") }
        for (key, _) in members where !known.contains(key) {
            throw FormatError("\(what): unknown key '\(key)' (a layer has \(known.joined(separator: ", ")))")
        }
    }

    static func expectFormat(_ doc: JSON, _ format: String) throws {
        guard case .object = doc else { throw FormatError("expected a JSON object with \"format\": \"\(format)\"") }
        guard let f = doc["format"]?.string else { throw FormatError("missing \"format\" (expected \"\(format)\")") }
        guard f == format else { throw FormatError("this file is a \"\(f)\", not a \"\(format)\"") }
        let newest = format == "varlab.mlp" ? 3.0 : 1.0
        if let v = doc["version"]?.number, v < 1 || v > newest || v != v.rounded() {
            throw FormatError(
                "unsupported \(format) version \(JSON.format(v)) (this varlab reads versions 1 to \(Int(newest)))")
        }
    }
}
