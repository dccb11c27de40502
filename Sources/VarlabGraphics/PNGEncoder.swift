#if PNG
    import CZlib
#endif

/// A raster as an 8-bit RGB PNG, with zlib: the cells of heat maps embedded in SVG figures
/// (exact colours, no resampling) and the kernel's logo. Whole figures are rasterised by
/// PNGRenderer instead.
public enum PNGEncoder {
    public static func encode(_ canvas: PixelImage) -> [UInt8] {
        // Each row starts with filter type 0 (none).
        var raw = [UInt8]()
        raw.reserveCapacity((canvas.width * 3 + 1) * canvas.height)
        for y in 0..<canvas.height {
            raw.append(0)
            raw.append(contentsOf: canvas.pixels[(y * canvas.width * 3)..<((y + 1) * canvas.width * 3)])
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(canvas.width)) + bigEndian(UInt32(canvas.height))
        header += [8, 2, 0, 0, 0]  // 8 bits, RGB, deflate, no filter set, no interlace
        chunk("IHDR", header, into: &out)
        chunk("IDAT", deflate(raw), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    static func deflate(_ data: [UInt8]) -> [UInt8] {
        #if PNG
            var size = compressBound(uLong(data.count))
            var out = [UInt8](repeating: 0, count: Int(size))
            let status = out.withUnsafeMutableBufferPointer { o in
                data.withUnsafeBufferPointer { d in compress2(o.baseAddress, &size, d.baseAddress, uLong(data.count), 6)
                }
            }
            precondition(status == Z_OK, "zlib compress2 failed with a buffer of compressBound size")
            return Array(out.prefix(Int(size)))
        #else
            return StoredZlib.deflate(data)
        #endif
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        let body = typeBytes + data
        out += body
        #if PNG
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt(body.count)) }
        #else
            let crc = StoredZlib.crc32(body)
        #endif
        out += bigEndian(UInt32(crc))
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}
