import CZlib

/// A PNG reader for the tests, independent of the writer: checks the signature and every
/// CRC, inflates IDAT and undoes all five row filters; 8-bit RGB or RGBA.
struct DecodedPNG {
    struct Bad: Error { var why: String }
    var width = 0, height = 0
    /// RGB triples, row-major from the top-left.
    var pixels: [UInt8] = []

    init(_ bytes: [UInt8]) throws {
        guard bytes.count > 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Bad(why: "signature")
        }
        var i = 8, channels = 3
        var idat: [UInt8] = []
        func u32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        while i + 12 <= bytes.count {
            let length = u32(i)
            guard i + 12 + length <= bytes.count else { throw Bad(why: "truncated chunk") }
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 4)..<(i + 8 + length)])
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt(body.count)) }
            guard Int(crc) == u32(i + 8 + length) else { throw Bad(why: "crc of \(type)") }
            let data = Array(body.dropFirst(4))
            if type == "IHDR" {
                width = u32(i + 8)
                height = u32(i + 12)
                guard data[8] == 8, data[9] == 2 || data[9] == 6, data[12] == 0 else {
                    throw Bad(why: "not 8-bit RGB(A), non-interlaced")
                }
                channels = data[9] == 6 ? 4 : 3
            }
            if type == "IDAT" { idat += data }
            i += 12 + length
        }
        let stride = width * channels + 1
        var size = uLong(stride * height)
        var raw = [UInt8](repeating: 0, count: Int(size))
        let status = raw.withUnsafeMutableBufferPointer { r in
            idat.withUnsafeBufferPointer { uncompress(r.baseAddress, &size, $0.baseAddress, uLong(idat.count)) }
        }
        guard status == Z_OK, Int(size) == stride * height else { throw Bad(why: "inflate") }
        var previous = [UInt8](repeating: 0, count: width * channels)
        for y in 0..<height {
            var row = Array(raw[(y * stride + 1)..<((y + 1) * stride)])
            for x in 0..<row.count {
                let a = x >= channels ? Int(row[x - channels]) : 0, b = Int(previous[x]),
                    c = x >= channels ? Int(previous[x - channels]) : 0
                let predictor: Int
                switch raw[y * stride] {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Bad(why: "filter \(raw[y * stride])")
                }
                row[x] = UInt8((Int(row[x]) + predictor) & 0xFF)
            }
            previous = row
            for x in 0..<width { pixels += row[(x * channels)..<(x * channels + 3)] }
        }
    }

    func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let k = (y * width + x) * 3
        return (Int(pixels[k]), Int(pixels[k + 1]), Int(pixels[k + 2]))
    }

    /// Whether some pixel is within `tolerance` (per channel) of the colour.
    func contains(_ r: Int, _ g: Int, _ b: Int, tolerance: Int = 6) -> Bool {
        stride(from: 0, to: pixels.count, by: 3).contains {
            abs(Int(pixels[$0]) - r) <= tolerance && abs(Int(pixels[$0 + 1]) - g) <= tolerance
                && abs(Int(pixels[$0 + 2]) - b) <= tolerance
        }
    }
}
