/// The zip container of NumPy's .npz files, as `numpy.savez` writes it: entries stored
/// without compression, each with its CRC-32. varlab writes such archives and reads them;
/// compressed entries (`numpy.savez_compressed`) are refused with that advice, so the core
/// needs no zlib (docs/formats.md).
public enum ZipArchive {
    /// Why bytes could not be read as a zip archive.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        /// What is wrong, naming the entry where it applies.
        public let description: String
        init(_ d: String) { description = d }
    }

    /// A stored archive of the entries, in order (names in UTF-8).
    public static func write(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, data) in entries {
            let offset = out.count, crc = crc32(data), nameBytes = Array(name.utf8)
            let common =
                le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(data.count))
                + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count)) + le16(0)
            out += le32(0x0403_4b50) + common + nameBytes + data
            central +=
                le32(0x0201_4b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(UInt32(offset)) + nameBytes
        }
        let start = out.count
        out += central
        out +=
            le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            + le32(UInt32(central.count)) + le32(UInt32(start)) + le16(0)
        return out
    }

    /// The entries of an archive, by its central directory; each stored entry's CRC checked.
    public static func read(_ bytes: [UInt8]) throws -> [(name: String, data: [UInt8])] {
        guard bytes.count >= 22 else { throw FormatError("not a zip archive (too short)") }
        // The end record is in the last 64 KiB + 22 bytes (a comment may follow it).
        let earliest = max(0, bytes.count - 22 - 65_535)
        guard
            let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: {
                u32(bytes, $0) == 0x0605_4b50
            })
        else { throw FormatError("not a zip archive (no end of central directory)") }
        let count = Int(u16(bytes, end + 10)), directory = Int(u32(bytes, end + 16))
        var entries: [(String, [UInt8])] = [], at = directory
        for _ in 0..<count {
            guard at + 46 <= bytes.count, u32(bytes, at) == 0x0201_4b50 else {
                throw FormatError("a damaged zip directory")
            }
            let method = u16(bytes, at + 10), crc = u32(bytes, at + 16)
            let size = Int(u32(bytes, at + 20)), nameLength = Int(u16(bytes, at + 28))
            let extra = Int(u16(bytes, at + 30)), comment = Int(u16(bytes, at + 32))
            let local = Int(u32(bytes, at + 42))
            guard at + 46 + nameLength <= bytes.count,
                let name = String(validating: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            else { throw FormatError("a damaged zip directory") }
            guard method == 0 else {
                throw FormatError(
                    "'\(name)' is compressed (method \(method)); varlab reads uncompressed archives: save with "
                        + "numpy.savez, not savez_compressed")
            }
            guard size != 0xffff_ffff else { throw FormatError("'\(name)' needs zip64, which is not read") }
            guard local + 30 <= bytes.count, u32(bytes, local) == 0x0403_4b50 else {
                throw FormatError("'\(name)': a damaged local header")
            }
            let dataStart = local + 30 + Int(u16(bytes, local + 26)) + Int(u16(bytes, local + 28))
            guard dataStart + size <= bytes.count else { throw FormatError("'\(name)' is cut short") }
            let data = Array(bytes[dataStart..<(dataStart + size)])
            guard crc32(data) == crc else { throw FormatError("'\(name)' fails its CRC-32 check") }
            entries.append((name, data))
            at += 46 + nameLength + extra + comment
        }
        return entries
    }

    /// CRC-32 (the zip and PNG polynomial 0xEDB88320), a byte at a time from a table.
    public static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xffff_ffff
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xffff_ffff
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }
    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
