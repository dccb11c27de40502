/// Figures as SVG documents (valid XML; text is escaped; fonts named, not embedded).
public enum SVGWriter {
    public static func svg(_ figure: Figure) -> String {
        FigureDrawing.canvas(for: figure).document
    }
}
