/// An RGB raster (row-major from the top-left): a heat map's cells before they are embedded
/// in an SVG, or a logo.
public struct PixelImage: Sendable {
    public let width: Int, height: Int
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height * 3)
    }

    public subscript(x: Int, y: Int) -> RGB {
        get {
            let k = (y * width + x) * 3
            return RGB(pixels[k], pixels[k + 1], pixels[k + 2])
        }
        set {
            let k = (y * width + x) * 3
            pixels[k] = newValue.r
            pixels[k + 1] = newValue.g
            pixels[k + 2] = newValue.b
        }
    }

    /// Each pixel as a factor x factor block.
    public func enlarged(by factor: Int) -> PixelImage {
        guard factor > 1 else { return self }
        var out = PixelImage(width: width * factor, height: height * factor)
        for y in 0..<out.height {
            for x in 0..<out.width { out[x, y] = self[x / factor, y / factor] }
        }
        return out
    }
}
