/// A net as named arrays, the way PyTorch's `nn.Sequential(Linear, act, Linear, act, ...,
/// Linear)` names its state dict (docs/formats.md): layer l's weight ([out, in], rows are
/// output units as in varlab) and bias are "2l.weight" and "2l.bias" (the activation modules
/// sit at the odd indices and have no parameters). The activations and settings travel
/// beside the arrays as a varlab.mlp document without weights (safetensors metadata, an npz
/// `meta` entry of UTF-8 bytes).
public enum StateDict {
    /// Why named arrays could not be read as a net.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        /// What is wrong, naming the layer or key.
        public let description: String
        init(_ d: String) { description = d }
    }

    /// The arrays of a net, in layer order, as float32 (the net's own precision: exact).
    public static func arrays(_ net: MLP) -> [(name: String, array: NumPyArray)] {
        net.layers.enumerated().flatMap { l, layer in
            [
                (
                    "\(2 * l).weight",
                    NumPyArray(shape: [layer.outputs, layer.inputs], values: layer.weights.map(Double.init))
                ),
                ("\(2 * l).bias", NumPyArray(shape: [layer.outputs], values: layer.bias.map(Double.init))),
            ]
        }
    }

    /// The net's varlab.mlp document without its weights and biases: what the arrays need
    /// to become the same net again.
    public static func metadata(_ net: MLP) -> String {
        guard case .object(let members) = NetFile.json(net) else { return "{}" }
        return JSON.object(
            members.map { key, value in
                guard key == "layers", case .array(let layers) = value else { return (key, value) }
                return (
                    key,
                    .array(
                        layers.map { layer in
                            guard case .object(let m) = layer else { return layer }
                            return .object(m.filter { $0.0 != "weights" && $0.0 != "bias" })
                        })
                )
            }
        ).text
    }

    /// A net from named arrays: varlab's own names or a PyTorch state dict's (any common
    /// prefix such as "net."), each Linear's activation from `metadata` when varlab wrote it,
    /// else `activation` after every hidden Linear followed by an activation module (an index
    /// gap of 2) and none where two Linears follow each other.
    public static func net(
        arrays: [(name: String, array: NumPyArray)], metadata: String?, activation: Activation?
    ) throws -> MLP {
        let modules = try linearModules(arrays)
        var layerDocs: [JSON] = []
        for (i, module) in modules.enumerated() {
            let rows = (0..<module.outputs).map { r in
                JSON.array((0..<module.inputs).map { .number(module.weight.values[r * module.inputs + $0]) })
            }
            var doc: [(String, JSON)] = [
                ("weights", .array(rows)), ("bias", .array(module.bias.map { JSON.number($0) })),
            ]
            if metadata == nil, i < modules.count - 1 {
                let activated = modules[i + 1].index - module.index >= 2
                guard !activated || activation != nil else {
                    throw FormatError(
                        "the file does not say which activation follows each Linear layer (no varlab metadata); "
                            + "give it: load(path, act: relu)")
                }
                doc.append(("act", .string(activated ? NetFile.activationName(activation ?? .linear) : "linear")))
                if activated, let act = activation { doc += NetFile.customMembers(act) }
            }
            layerDocs.append(.object(doc))
        }
        var document: [(String, JSON)] = [
            ("format", .string("varlab.mlp")), ("input", .number(Double(modules[0].inputs))),
        ]
        if let metadata {
            let meta: JSON
            do { meta = try JSON.parse(metadata) } catch {
                throw FormatError("its varlab metadata is not JSON: \(error)")
            }
            guard let metaLayers = meta["layers"]?.array, metaLayers.count == layerDocs.count else {
                throw FormatError("its varlab metadata describes a different number of layers than the arrays hold")
            }
            layerDocs = zip(layerDocs, metaLayers).map { arrays, settings in
                guard case .object(let a) = arrays, case .object(let s) = settings else { return arrays }
                return .object(a + s)
            }
            if case .object(let members) = meta {
                document = members.filter { $0.0 != "layers" && $0.0 != "varlab" }
            }
        }
        return try NetFile.net(from: .object(document + [("layers", .array(layerDocs))]))
    }

    struct Module {
        var index: Int
        var weight: NumPyArray
        var bias: [Double]
        var inputs: Int { weight.shape[1] }
        var outputs: Int { weight.shape[0] }
    }

    /// The Linear modules in index order, every name accounted for.
    static func linearModules(_ arrays: [(name: String, array: NumPyArray)]) throws -> [Module] {
        var weights: [Int: NumPyArray] = [:], biases: [Int: NumPyArray] = [:], prefixes: Set<String> = []
        for (name, array) in arrays where name != "meta" {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, let kind = parts.last, kind == "weight" || kind == "bias",
                let index = Int(parts[parts.count - 2]), index >= 0
            else {
                throw FormatError(
                    "'\(name)' is not the weight or bias of a numbered Linear layer; varlab reads MLPs made of "
                        + "Linear layers and activations (nn.Sequential)")
            }
            prefixes.insert(parts.dropLast(2).joined(separator: "."))
            if kind == "weight" {
                guard array.shape.count == 2 else {
                    throw FormatError(
                        "layer '\(parts.dropLast().joined(separator: "."))' has a weight of shape \(array.shape), not a "
                            + "Linear layer's [out, in] (a convolution or a norm?)")
                }
                weights[index] = array
            } else {
                guard array.shape.count == 1 else {
                    throw FormatError("'\(name)' has shape \(array.shape); a Linear layer's bias has one dimension")
                }
                biases[index] = array
            }
        }
        guard prefixes.count <= 1 else {
            throw FormatError("the arrays belong to several modules (\(prefixes.sorted().joined(separator: ", ")))")
        }
        guard !weights.isEmpty else { throw FormatError("no Linear layer's weight ('0.weight', ...) is in the file") }
        if let orphan = biases.keys.first(where: { weights[$0] == nil }) {
            throw FormatError("'\(orphan).bias' has no '\(orphan).weight'")
        }
        var modules: [Module] = []
        for index in weights.keys.sorted() {
            guard let w = weights[index] else { continue }
            let bias = biases[index]?.values ?? [Double](repeating: 0, count: w.shape[0])
            guard bias.count == w.shape[0] else {
                throw FormatError("layer '\(index)': its bias has \(bias.count) entries for \(w.shape[0]) outputs")
            }
            if let previous = modules.last, previous.outputs != w.shape[1] {
                throw FormatError(
                    "layer '\(index)' takes \(w.shape[1]) inputs but layer '\(previous.index)' gives \(previous.outputs)"
                )
            }
            modules.append(Module(index: index, weight: w, bias: bias))
        }
        return modules
    }
}
