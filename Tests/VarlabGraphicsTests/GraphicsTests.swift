import CZlib
import Foundation
import Testing
import VarlabGraphics

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct GraphicsTests {
    /// Left half negative, right half positive.
    static let panel = HeatmapPanel(resolution: 8, values: (0..<64).map { $0 % 8 < 4 ? -1.0 : 1.0 }, name: "halves")

    @Test func paletteIsDivergingAndCentred() {
        #expect(Palette.diverging(0, bound: 1) == RGB(247, 247, 247))
        let neg = Palette.diverging(-1, bound: 1), pos = Palette.diverging(1, bound: 1)
        #expect(neg.b > neg.r && pos.r > pos.b)
        #expect(Palette.diverging(5, bound: 1) == pos)  // clamped
    }

    /// The PNG is the SVG rasterised: same size, cells in their exact palette colours.
    @Test func pngDecodesWithTheRightSizeAndPixels() throws {
        let figure = Figure.heatmaps(HeatmapFigure(panels: [Self.panel]))
        let png = try DecodedPNG(PNGRenderer.png(figure))
        let (w, h) = FigureDrawing.size(of: figure)
        #expect(png.width == w && png.height == h)
        // The single panel is 360 px at (24, 24): a quarter in is -1, three quarters in +1.
        let left = png.pixel(24 + 90, 24 + 180), right = png.pixel(24 + 270, 24 + 180)
        let neg = Palette.diverging(-1, bound: 1), pos = Palette.diverging(1, bound: 1)
        #expect(left.r == Int(neg.r) && left.g == Int(neg.g) && left.b == Int(neg.b))
        #expect(right.r == Int(pos.r) && right.g == Int(pos.g) && right.b == Int(pos.b))
        #expect(png.pixel(2, 2) == (255, 255, 255))
    }

    @Test func widthScalesTheWholeDrawing() throws {
        let figure = Figure.chart(
            Chart(
                title: "t", xLabel: "x", yLabel: "y",
                series: [Chart.Series(name: "a", points: [.init(x: 1, y: 1), .init(x: 2, y: 3)])]))
        let (w, h) = FigureDrawing.size(of: figure)
        let png = try DecodedPNG(PNGRenderer.png(figure, width: 1600))
        #expect(png.width == 1600 && png.height == Int((Double(h) * 1600 / Double(w)).rounded()))
        #expect(throws: PNGRenderer.Failure.self) { try PNGRenderer.png(figure, width: 5) }
        let many = Figure.heatmaps(HeatmapFigure(panels: [HeatmapPanel](repeating: Self.panel, count: 256)))
        #expect(throws: PNGRenderer.Failure.self) { try PNGRenderer.png(many, width: 8192) }  // refused, not allocated
    }

    @Test func chartPngHasLinesInSeriesColours() throws {
        let chart = Chart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [
                Chart.Series(name: "a", points: [.init(x: 1, y: 1, low: 0.5, high: 1.5), .init(x: 2, y: 2)])
            ])
        let png = try DecodedPNG(PNGRenderer.png(.chart(chart)))
        let blue = RGB.series[0]
        #expect(png.contains(Int(blue.r), Int(blue.g), Int(blue.b)))
    }

    /// Constant panels 1 and 4: on the shared scale the first is pale, each on its own both
    /// are the darkest red; the colour bar and labels follow.
    @Test func panelsShareOneScaleByDefault() throws {
        let panels = [1.0, 4.0].map {
            HeatmapPanel(resolution: 4, values: [Double](repeating: $0, count: 16), name: "c\($0)")
        }
        #expect(HeatmapFigure(panels: panels).bounds == [4, 4])
        #expect(HeatmapFigure(panels: panels, scale: .each).bounds == [1, 4])
        let shared = try DecodedPNG(PNGRenderer.png(.heatmaps(HeatmapFigure(panels: panels))))
        let each = try DecodedPNG(PNGRenderer.png(.heatmaps(HeatmapFigure(panels: panels, scale: .each))))
        // Panel 1 at (24, 24), 280 px: its centre.
        let pale = Palette.diverging(1, bound: 4), dark = Palette.diverging(1, bound: 1)
        #expect(shared.pixel(164, 164) == (Int(pale.r), Int(pale.g), Int(pale.b)))
        #expect(each.pixel(164, 164) == (Int(dark.r), Int(dark.g), Int(dark.b)))
    }

    /// Facts equal in every panel are said once; those that differ label each panel.
    @Test func panelLabelsSayWhatDiffers() {
        func net(_ initName: String) -> [PanelDetail] {
            [
                PanelDetail("act", "tanh"), PanelDetail("depth", "L=8"), PanelDetail("width", "n=37"),
                PanelDetail("init", "init \(initName)"),
            ]
        }
        func panel(_ details: [PanelDetail], _ note: String? = nil) -> HeatmapPanel {
            HeatmapPanel(resolution: 1, values: [0], details: details, note: note)
        }
        let labels = PanelLabels([panel(net("he"), "V3 0.1"), panel(net("lecun"))])
        #expect(labels.common == "tanh  L=8  n=37")
        #expect(labels.own == ["init he", "init lecun"])
        #expect(labels.own[0] != labels.own[1])
        let single = PanelLabels([panel(net("he"))])
        #expect(single.common.isEmpty && single.own == ["tanh  L=8  n=37  init he"])
        let residual = PanelLabels([panel(net("he") + [PanelDetail("residual", "residual")]), panel(net("he"))])
        #expect(residual.own == ["residual", ""])
    }

    /// f = x - 0.3: every crossing lies on x = 0.3, found by linear interpolation exactly;
    /// a circle's crossings lie near radius 0.5; a grid that never changes sign has none.
    @Test func zeroContourIsWhereTheSignChanges() {
        let r = 21
        let axis = (0..<r).map { -1 + 2 * Double($0) / Double(r - 1) }
        let line = Contour.zero(values: (0..<(r * r)).map { axis[$0 % r] - 0.3 }, resolution: r)
        #expect(line.count == r - 1)
        #expect(line.allSatisfy { abs($0.x1 - 0.3) < 1e-12 && abs($0.x2 - 0.3) < 1e-12 })
        let circle = Contour.zero(
            values: (0..<(r * r)).map { axis[$0 % r] * axis[$0 % r] + axis[$0 / r] * axis[$0 / r] - 0.25 },
            resolution: r)
        #expect(circle.count > 12)
        #expect(circle.allSatisfy { abs(($0.x1 * $0.x1 + $0.y1 * $0.y1).squareRoot() - 0.5) < 0.02 })
        #expect(Contour.zero(values: [Double](repeating: 1, count: r * r), resolution: r).isEmpty)
        // A saddle cell (+ - + -) gives two segments that never cross the positive diagonal.
        let saddle = Contour.zero(values: [1, -1, -1, 1], resolution: 2)
        #expect(saddle.count == 2)
    }

    /// A trained-net view: no colour bar; pale regions; a misclassified point ringed in black.
    @Test func decisionViewMarksMistakes() throws {
        let r = 16
        let values = (0..<(r * r)).map { k in -1 + 2 * Double(k % r) / Double(r - 1) }
        let wrong = LabelledPoint(x: 0.5, y: 0, positive: false, predicted: true)
        let figure = Figure.decision(
            DecisionFigure(panels: [DecisionPanel(resolution: r, values: values, name: "f = x", points: [wrong])]))
        let svg = SVGWriter.svg(figure)
        #expect(svg.contains("misclassified") && svg.contains("f = 0") && !svg.contains("max"))
        let png = try DecodedPNG(PNGRenderer.png(figure))
        // The 400 px panel is centred in the figure (under the wider legend), 24 px from the
        // top; the point at x = 0.5 is 300 px in, y = 0 at 200.
        let left = Int(((Double(png.width) - 400) / 2).rounded(.down))
        #expect(left > 24 && abs(png.width - (left + 400) - left) <= 1)
        let ring = png.pixel(left + 300 + 6, 24 + 200)
        #expect(ring.r < 90 && ring.g < 90 && ring.b < 90)
        let region = png.pixel(left + 350, 24 + 50)
        #expect(region == (Int(Palette.positiveRegion.r), Int(Palette.positiveRegion.g), Int(Palette.positiveRegion.b)))
        #expect(figure.outline.joined().contains("1 misclassified"))
    }

    @Test func tickLabelsStayApart() {
        #expect(Ticks.labels([4999, 4999.5, 5000, 5000.5]) == ["4999", "4999.5", "5000", "5000.5"])
        #expect(Ticks.labels([0, 0.02, 0.04]) == ["0", "0.02", "0.04"])
    }

    /// Layout uses DejaVu Sans's own advance widths; a label that does not fit is cut with "…".
    @Test func textIsMeasuredAndFitted() {
        #expect(abs(TextMetrics.width("relu", size: 1000) - Double(411 + 615 + 278 + 634)) < 1e-9)
        let cut = TextMetrics.fit(String(repeating: "w", count: 100), size: 14, width: 120)
        #expect(cut.hasSuffix("…") && TextMetrics.width(cut, size: 14) <= 120)
    }

    final class XMLCounter: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var texts: [String] = []
        private var current = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
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
        let panel = HeatmapPanel(resolution: 4, values: [Double](repeating: 0.5, count: 16), name: "a < b & \"c\"")
        let doc = try #require(parse(SVGWriter.svg(.heatmaps(HeatmapFigure(panels: [panel])))))
        #expect(doc.elements["svg"] == 1)
        #expect(doc.elements["image"] == 2)  // the cells and the colour bar
        #expect(doc.texts.contains("a < b & \"c\""))
        let chart = Chart(
            title: "V3 vs depth", xLabel: "depth", yLabel: "v3", legendTitle: "act",
            series: [
                Chart.Series(name: "relu", points: [.init(x: 1, y: 0.01), .init(x: 64, y: 0.002)]),
                Chart.Series(
                    name: "abs", points: [.init(x: 1, y: 0.02, low: 0.015, high: 0.025), .init(x: 64, y: 0.03)]),
            ], logX: true)
        let c = try #require(parse(SVGWriter.svg(.chart(chart))))
        #expect(
            c.texts.contains("V3 vs depth") && c.texts.contains("relu") && c.texts.contains("abs")
                && c.texts.contains("act"))
        #expect(c.texts.contains("depth (log scale)") && c.texts.contains("v3"))
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
