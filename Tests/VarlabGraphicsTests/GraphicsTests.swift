import CZlib
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VarlabGraphics

/// A minimal PNG reader for the tests: checks signature and CRCs, inflates IDAT, undoes
/// filter 0 rows.
struct DecodedPNG {
    var width = 0, height = 0
    var pixels: [UInt8] = []

    init(_ bytes: [UInt8]) throws {
        struct Bad: Error { var why: String }
        guard bytes.count > 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw Bad(why: "signature") }
        var i = 8
        var idat: [UInt8] = []
        func u32(_ at: Int) -> Int {
            let a = Int(bytes[at]) << 24, b = Int(bytes[at + 1]) << 16
            let c = Int(bytes[at + 2]) << 8, d = Int(bytes[at + 3])
            return a | b | c | d
        }
        while i + 12 <= bytes.count {
            let length = u32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 4)..<(i + 8 + length)])
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt(body.count)) }
            guard Int(crc) == u32(i + 8 + length) else { throw Bad(why: "crc of \(type)") }
            let data = Array(body.dropFirst(4))
            if type == "IHDR" {
                width = u32(i + 8)
                height = u32(i + 12)
                guard data[8] == 8, data[9] == 2 else { throw Bad(why: "not 8-bit RGB") }
            }
            if type == "IDAT" { idat += data }
            i += 12 + length
        }
        var size = uLong(width * height * 3 + height)
        var raw = [UInt8](repeating: 0, count: Int(size))
        let status = raw.withUnsafeMutableBufferPointer { r in idat.withUnsafeBufferPointer { uncompress(r.baseAddress, &size, $0.baseAddress, uLong(idat.count)) } }
        guard status == Z_OK, Int(size) == width * height * 3 + height else { throw Bad(why: "inflate") }
        let stride = width * 3 + 1
        for y in 0..<height {
            let start: Int = y * stride
            guard raw[start] == 0 else { throw Bad(why: "filter") }
            pixels += raw[(start + 1)..<(start + stride)]
        }
    }

    func pixel(_ x: Int, _ y: Int) -> RGB {
        let k = (y * width + x) * 3
        return RGB(pixels[k], pixels[k + 1], pixels[k + 2])
    }
}

@Suite struct GraphicsTests {
    /// Left half negative, right half positive.
    static let panel = HeatmapPanel(resolution: 8, values: (0..<64).map { $0 % 8 < 4 ? -1.0 : 1.0 }, caption: "halves")

    @Test func paletteIsDivergingAndCentred() {
        #expect(Palette.diverging(0, bound: 1) == RGB(247, 247, 247))
        let neg = Palette.diverging(-1, bound: 1), pos = Palette.diverging(1, bound: 1)
        #expect(neg.b > neg.r && pos.r > pos.b)
        #expect(Palette.diverging(5, bound: 1) == pos)  // clamped
    }

    @Test func pngDecodesWithTheRightSizeAndPixels() throws {
        let figure = Figure.heatmaps([Self.panel])
        let png = try DecodedPNG(PNGWriter.png(figure))
        let (w, h) = FigureDrawing.size(of: figure)
        #expect(png.width == w && png.height == h)
        // Panel at (24, 24) of 256 px: a quarter in is negative (blue), three quarters positive (red).
        let left = png.pixel(24 + 64, 24 + 128), right = png.pixel(24 + 192, 24 + 128)
        #expect(left == Palette.diverging(-1, bound: 1))
        #expect(right == Palette.diverging(1, bound: 1))
        #expect(png.pixel(2, 2) == RGB.white)
    }

    @Test func chartPngHasLinesInSeriesColours() throws {
        let chart = Chart(title: "t", xLabel: "x", yLabel: "y", series: [
            Chart.Series(name: "a", points: [.init(x: 1, y: 1, low: 0.5, high: 1.5), .init(x: 2, y: 2)]),
        ])
        let png = try DecodedPNG(PNGWriter.png(.chart(chart)))
        let blue = RGB.series[0]
        #expect(png.pixels.indices.striding(by: 3).contains { png.pixel(($0 / 3) % png.width, ($0 / 3) / png.width) == blue })
    }

    final class XMLCounter: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var texts: [String] = []
        private var current = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
            current = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "text", !t.isEmpty { texts.append(t) }
            current = ""
        }
    }

    func parse(_ svg: String) -> XMLCounter? {
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = XMLCounter()
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }

    @Test func svgIsWellFormedXMLWithEscapedText() throws {
        let panel = HeatmapPanel(resolution: 4, values: [Double](repeating: 0.5, count: 16), caption: "a < b & \"c\"")
        let doc = try #require(parse(SVGWriter.svg(.heatmaps([panel]))))
        #expect(doc.elements["svg"] == 1)
        #expect((doc.elements["rect"] ?? 0) >= 16 + 64)  // cells plus the colour bar
        #expect(doc.texts.contains("a < b & \"c\""))
        let chart = Chart(title: "V3 vs depth", xLabel: "depth", yLabel: "v3", series: [
            Chart.Series(name: "relu", points: [.init(x: 1, y: 0.01), .init(x: 64, y: 0.002)]),
            Chart.Series(name: "abs", points: [.init(x: 1, y: 0.02, low: 0.015, high: 0.025), .init(x: 64, y: 0.03)]),
        ], logX: true)
        let c = try #require(parse(SVGWriter.svg(.chart(chart))))
        #expect(c.texts.contains("V3 vs depth") && c.texts.contains("relu") && c.texts.contains("abs"))
        #expect((c.elements["circle"] ?? 0) >= 4)
    }

    @Test func niceTicks() {
        let unit = Ticks.nice(0, 1).map { ($0 * 10).rounded() / 10 }
        #expect(unit == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let t = Ticks.nice(0.003, 0.047, count: 4)
        #expect(t.first! >= 0.003 && t.last! <= 0.047 && t.count >= 3)
        #expect(Ticks.label(2, log: true) == "100")
    }
}

extension Range where Bound == Int {
    func striding(by step: Int) -> StrideTo<Int> { stride(from: lowerBound, to: upperBound, by: step) }
}
