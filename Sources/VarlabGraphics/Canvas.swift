/// Where figures are drawn: an SVG document or a pixel raster. Coordinates are in pixels
/// from the top-left corner.
public protocol Canvas {
    func fillRect(x: Double, y: Double, width: Double, height: Double, color: RGB)
    func line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, width: Double)
    func circle(x: Double, y: Double, radius: Double, fill: RGB, stroke: RGB?)
    func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor, color: RGB)
}

public enum TextAnchor: String, Sendable { case start, middle, end }
