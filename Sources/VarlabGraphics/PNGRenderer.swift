import Foundation

#if PNG
    import CRaster
#endif

/// Figures as PNG files: the SVG drawing rasterised by librsvg and cairo, with anti-aliased
/// text in DejaVu Sans. `width` scales the whole drawing (text included) for slides.
public enum PNGRenderer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Widths outside this range are refused before anything is allocated.
    public static let widths = 16...8192

    /// Larger pictures are refused (a 1 GB raster is an accident, not a slide).
    public static let maximumPixels = 60_000_000

    public static func png(_ figure: Figure, width: Int? = nil) throws -> [UInt8] {
        let canvas = FigureDrawing.canvas(for: figure)
        let w = width ?? canvas.width
        let h = Double(w) * Double(canvas.height) / Double(max(1, canvas.width))
        guard Double(w) * h <= Double(maximumPixels) else {
            throw Failure(
                description:
                    "a PNG of \(w) x \(Int(h)) pixels is too large (at most \(maximumPixels / 1_000_000) "
                    + "million pixels); ask for a smaller width or fewer panels"
            )
        }
        return try png(svg: canvas.document, width: w)
    }

    public static func png(svg: String, width: Int) throws -> [UInt8] {
        guard widths.contains(width) else {
            throw Failure(
                description: "a PNG is \(widths.lowerBound) to \(widths.upperBound) pixels wide, not \(width)")
        }
        #if PNG
            return try rasterise(svg: svg, width: width)
        #else
            throw Failure(
                description: "this varlab was built without PNG output (the PNG trait: librsvg and cairo); "
                    + "save figures as .svg, or build with its default traits")
        #endif
    }

    #if PNG
        static func rasterise(svg: String, width: Int) throws -> [UInt8] {
            var bytes: UnsafeMutablePointer<UInt8>? = nil
            var length = 0
            var message = [CChar](repeating: 0, count: 512)
            let utf8 = Array(svg.utf8)
            let status = utf8.withUnsafeBufferPointer { text in
                text.withMemoryRebound(to: CChar.self) { chars in
                    vl_svg_to_png(
                        chars.baseAddress, chars.count, Int32(width), &bytes, &length, &message, message.count)
                }
            }
            defer { free(bytes) }
            guard status == 0, let bytes else {
                throw Failure(
                    description: "cannot draw the PNG: "
                        + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return Array(UnsafeBufferPointer(start: bytes, count: length))
        }
    #endif
}
