/// The safetensors format (docs/formats.md): an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range (and a `__metadata__` map of
/// strings), then the raw little-endian data. Written and read by varlab itself.
public enum SafeTensors {
    /// Why bytes could not be read as a safetensors file.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        /// What is wrong, naming the tensor where it applies.
        public let description: String
        init(_ d: String) { description = d }
    }

    static let dtypes: [NumPyArray.DType: String] = [.float32: "F32", .float64: "F64", .uint8: "U8"]

    /// Tensors in the given order, and the metadata.
    public static func write(_ tensors: [(name: String, array: NumPyArray)], metadata: [(String, String)]) -> [UInt8] {
        var members: [(String, JSON)] = []
        if !metadata.isEmpty { members.append(("__metadata__", .object(metadata.map { ($0.0, .string($0.1)) }))) }
        var data: [UInt8] = []
        for (name, array) in tensors {
            let bytes = array.data
            members.append(
                (
                    name,
                    .object([
                        ("dtype", .string(dtypes[array.dtype] ?? "F32")),
                        ("shape", .array(array.shape.map { .number(Double($0)) })),
                        (
                            "data_offsets",
                            .array([.number(Double(data.count)), .number(Double(data.count + bytes.count))])
                        ),
                    ])
                ))
            data += bytes
        }
        var header = Array(JSON.object(members).text.utf8)
        // Padded with spaces to a multiple of 8, as the reference implementation does.
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        let n = UInt64(header.count)
        return (0..<8).map { UInt8((n >> (8 * UInt64($0))) & 0xff) } + header + data
    }

    /// The tensors (in the order of their data) and the metadata of a file.
    public static func read(_ bytes: [UInt8]) throws -> (
        tensors: [(name: String, array: NumPyArray)], metadata: [String: String]
    ) {
        guard bytes.count >= 8 else { throw FormatError("not a safetensors file (too short)") }
        let n = NumPyArray.word(bytes[...], 0, 8)
        guard n <= UInt64(bytes.count - 8), n <= 100_000_000 else {
            throw FormatError("not a safetensors file (its header length \(n) is larger than the file)")
        }
        let start = 8 + Int(n)
        guard let text = String(validating: bytes[8..<start], as: UTF8.self) else {
            throw FormatError("the safetensors header is not UTF-8")
        }
        guard case .object(let members) = try JSON.parse(text) else {
            throw FormatError("the safetensors header is not a JSON object")
        }
        var metadata: [String: String] = [:], tensors: [(String, NumPyArray, Int)] = []
        for (name, info) in members {
            if name == "__metadata__" {
                if case .object(let pairs) = info { for (k, v) in pairs { metadata[k] = v.string ?? v.text } }
                continue
            }
            guard let code = info["dtype"]?.string, let shape = info["shape"]?.array,
                let offsets = info["data_offsets"]?.array, offsets.count == 2
            else { throw FormatError("tensor '\(name)' lacks dtype, shape or data_offsets") }
            guard let dtype = dtypes.first(where: { $0.value == code })?.key else {
                throw FormatError("tensor '\(name)' has dtype \(code); float32 (F32) and float64 (F64) are read")
            }
            let dims = try shape.map { d -> Int in
                guard let x = d.number, x >= 0, x == x.rounded(), x < 1e12 else {
                    throw FormatError("tensor '\(name)' has a shape entry that is not a whole number")
                }
                return Int(x)
            }
            guard let begin = offsets[0].number, let end = offsets[1].number, begin >= 0, end >= begin,
                end <= Double(bytes.count - start), begin == begin.rounded(), end == end.rounded()
            else { throw FormatError("tensor '\(name)' has data offsets outside the file") }
            let slice = bytes[(start + Int(begin))..<(start + Int(end))]
            do {
                tensors.append((name, try NumPyArray(shape: dims, dtype: dtype, data: slice), Int(begin)))
            } catch let e as NumPyArray.FormatError {
                throw FormatError("tensor '\(name)': \(e)")
            }
        }
        return (tensors.sorted { $0.2 < $1.2 }.map { ($0.0, $0.1) }, metadata)
    }
}
