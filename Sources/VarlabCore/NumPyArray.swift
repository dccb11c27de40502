/// One named array of numbers, as NumPy's .npy files and safetensors hold them
/// (docs/formats.md): float32 or float64, little-endian, C order. Written and read by varlab
/// itself: no system library, so the core builds anywhere.
public struct NumPyArray: Equatable, Sendable {
    /// Element types varlab writes and reads, by NumPy's type codes.
    public enum DType: String, Sendable {
        case float32 = "<f4"
        case float64 = "<f8"
        case uint8 = "|u1"

        var size: Int {
            switch self {
            case .float32: 4
            case .float64: 8
            case .uint8: 1
            }
        }
    }

    /// Dimensions, outermost first (C order).
    public var shape: [Int]
    /// The element type in files.
    public var dtype: DType
    /// The values, whatever the dtype (float32 values are exact in a Double).
    public var values: [Double]

    /// An array of the given shape and values.
    public init(shape: [Int], dtype: DType = .float32, values: [Double]) {
        self.shape = shape
        self.dtype = dtype
        self.values = values
    }

    /// Why bytes could not be read as an array.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        /// What is wrong.
        public let description: String
        init(_ d: String) { description = d }
    }

    /// Elements refused beyond this (a header could claim any shape).
    public static let maximumElements = 1 << 28

    // MARK: raw little-endian data

    /// The values as little-endian bytes of the dtype.
    public var data: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * dtype.size)
        for v in values {
            switch dtype {
            case .float32: withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { out += $0 }
            case .float64: withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 }
            case .uint8: out.append(UInt8(clamping: Int(v)))
            }
        }
        return out
    }

    /// Values from little-endian bytes; the count must match the shape.
    public init(shape: [Int], dtype: DType, data: ArraySlice<UInt8>) throws {
        let count = try NumPyArray.elementCount(shape)
        guard data.count == count * dtype.size else {
            throw FormatError(
                "shape \(shape) needs \(count * dtype.size) bytes of \(dtype.rawValue), found \(data.count)")
        }
        var values = [Double](repeating: 0, count: count)
        var i = data.startIndex
        for k in 0..<count {
            switch dtype {
            case .float32:
                values[k] = Double(Float(bitPattern: UInt32(truncatingIfNeeded: NumPyArray.word(data, i, 4))))
            case .float64:
                values[k] = Double(bitPattern: NumPyArray.word(data, i, 8))
            case .uint8: values[k] = Double(data[i])
            }
            i += dtype.size
        }
        self.init(shape: shape, dtype: dtype, values: values)
    }

    /// A little-endian unsigned integer of `bytes` bytes at `at`.
    static func word(_ data: ArraySlice<UInt8>, _ at: Int, _ bytes: Int) -> UInt64 {
        var w: UInt64 = 0
        for b in 0..<bytes { w |= UInt64(data[at + b]) << (8 * UInt64(b)) }
        return w
    }

    static func elementCount(_ shape: [Int]) throws -> Int {
        var count = 1
        for n in shape {
            guard n >= 0 else { throw FormatError("a negative dimension in shape \(shape)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product <= maximumElements else {
                throw FormatError("shape \(shape) has more than \(maximumElements) elements")
            }
            count = product
        }
        return count
    }

    // MARK: .npy

    /// An .npy file, format version 1.0: the magic, a Python-literal header padded to 64
    /// bytes, then the data.
    public var npy: [UInt8] {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(dtype.rawValue)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(header.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(header.utf8)
            + data
    }

    /// Reads an .npy file (versions 1 to 3, float32, float64 or uint8, C order).
    public init(npy bytes: [UInt8]) throws {
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw FormatError("not an .npy array (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard (1...3).contains(major), bytes.count >= headerStart else {
            throw FormatError("unknown .npy version \(major)")
        }
        let length =
            major == 1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard headerStart + length <= bytes.count,
            let header = String(validating: bytes[headerStart..<(headerStart + length)], as: UTF8.self)
        else { throw FormatError("the .npy header is cut short") }
        let (dtype, fortran, shape) = try NumPyArray.parseHeader(header)
        guard !fortran || shape.count <= 1 else {
            throw FormatError("Fortran-ordered arrays are not read; save with np.ascontiguousarray")
        }
        try self.init(shape: shape, dtype: dtype, data: bytes[(headerStart + length)...])
    }

    /// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`, read without eval.
    static func parseHeader(_ header: String) throws -> (DType, Bool, [Int]) {
        func value(of key: String) -> Substring? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return header[r.upperBound...].drop { $0 == " " }
        }
        guard let descr = value(of: "descr"), descr.first == "'",
            let end = descr.dropFirst().firstIndex(of: "'")
        else { throw FormatError("the .npy header has no 'descr'") }
        let code = String(descr[descr.index(after: descr.startIndex)..<end])
        let aliases = ["<f4": DType.float32, "<f8": .float64, "|u1": .uint8, "<u1": .uint8, "|i1": .uint8]
        guard let dtype = aliases[code] else {
            throw FormatError("arrays of dtype '\(code)' are not read (float32 '<f4' or float64 '<f8' are)")
        }
        let fortran = value(of: "fortran_order")?.hasPrefix("True") ?? false
        guard let open = value(of: "shape"), open.first == "(", let close = open.firstIndex(of: ")") else {
            throw FormatError("the .npy header has no 'shape'")
        }
        let inner = open[open.index(after: open.startIndex)..<close]
        let parts = inner.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        let shape = try parts.map { part -> Int in
            guard let n = Int(part) else { throw FormatError("a shape entry '\(part)' is not a whole number") }
            return n
        }
        return (dtype, fortran, shape)
    }
}
