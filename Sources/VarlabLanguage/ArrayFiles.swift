import VarlabCore

/// Nets and tables as arrays (docs/formats.md): .npz (NumPy's zip of .npy arrays) and
/// .safetensors, with PyTorch's nn.Sequential state-dict names for a net's layers.
enum ArrayFiles {
    static let extensions = ["npz", "safetensors"]

    /// A net's layers as named float32 arrays and its settings as metadata; a table's numeric
    /// columns as float64 arrays (nil as NaN) and its other columns in the metadata.
    static func encode(_ value: Value, extension ext: String) throws -> [UInt8] {
        let (arrays, meta): ([(name: String, array: NumPyArray)], String)
        switch value {
        case .net(let n):
            (arrays, meta) = (StateDict.arrays(n.net), StateDict.metadata(n.net))
        default:
            guard let rows = value.tableRows else {
                throw Refusal(
                    "a \(value.typeName) cannot be saved as .\(ext) (nets and tables can: a result's nets are v.nets)")
            }
            (arrays, meta) = table(rows)
        }
        if ext == "safetensors" {
            return SafeTensors.write(arrays, metadata: [("varlab", VarlabVersion.current), ("varlab.meta", meta)])
        }
        let metaArray = NumPyArray(shape: [meta.utf8.count], dtype: .uint8, values: meta.utf8.map(Double.init))
        return ZipArchive.write((arrays + [("meta", metaArray)]).map { ($0.name + ".npy", $0.array.npy) })
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Numeric columns as arrays; text, flags and activations in the metadata.
    static func table(_ rows: [Record]) -> ([(name: String, array: NumPyArray)], String) {
        var columns: [String] = []
        for row in rows {
            for (name, v) in row.fields where !columns.contains(name) && CSVTable.isScalar(v) { columns.append(name) }
        }
        var arrays: [(String, NumPyArray)] = [], text: [(String, JSON)] = []
        for name in columns {
            let cells = rows.map { $0[name] ?? .nil }
            if cells.allSatisfy({ if case .number = $0 { true } else if case .nil = $0 { true } else { false } }) {
                let values = cells.map { if case .number(let x) = $0 { x } else { Double.nan } }
                arrays.append((name, NumPyArray(shape: [rows.count], dtype: .float64, values: values)))
            } else {
                text.append(
                    (name, .array(cells.map { v in if case .nil = v { .null } else { .string(CSVTable.plain(v)) } })))
            }
        }
        let meta = JSON.object([
            ("format", .string("varlab.table")), ("rows", .number(Double(rows.count))), ("text_columns", .object(text)),
        ])
        return (arrays, meta.text)
    }

    /// A net from a file's arrays: its varlab metadata, or PyTorch names and `act`.
    static func net(_ bytes: [UInt8], extension ext: String, act: Activation?) throws -> NetValue {
        let arrays: [(name: String, array: NumPyArray)], meta: String?
        if ext == "safetensors" {
            let file = try SafeTensors.read(bytes)
            (arrays, meta) = (file.tensors, file.metadata["varlab.meta"])
        } else {
            let entries = try ZipArchive.read(bytes)
            var named: [(name: String, array: NumPyArray)] = [], text: String?
            for (name, data) in entries {
                let base = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
                let array = try NumPyArray(npy: data)
                if base == "meta" {
                    text = String(validating: array.values.map { UInt8(clamping: Int($0)) }, as: UTF8.self)
                } else {
                    named.append((base, array))
                }
            }
            (arrays, meta) = (named, text)
        }
        if let meta, (try? JSON.parse(meta))?["format"]?.string == "varlab.table" {
            throw Refusal("it holds a table, not a net; load reads nets from .\(ext) files")
        }
        if meta != nil, act != nil {
            throw Refusal("it says its own activations (varlab wrote it); leave out act:")
        }
        return NetValue(
            net: try StateDict.net(arrays: arrays, metadata: meta, activation: act), spec: nil, origin: .loaded)
    }
}
