import Foundation
import Testing
import VarlabGraphics
import VarlabTerminal

@Suite struct TerminalRenderingTests {
    /// Left half -1, right half +1.
    static let halves = HeatmapFigure(panels: [
        HeatmapPanel(resolution: 8, values: (0..<64).map { $0 % 8 < 4 ? -1.0 : 1.0 }, name: "halves")
    ])

    @Test func colourModeFollowsTheEnvironment() {
        #expect(ColorMode.detect(isTerminal: true, environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"]) == .plain)
        #expect(ColorMode.detect(isTerminal: true, environment: ["TERM": "dumb"]) == .plain)
        #expect(ColorMode.detect(isTerminal: false, environment: ["COLORTERM": "truecolor"]) == .plain)
        #expect(ColorMode.detect(isTerminal: true, environment: ["COLORTERM": "truecolor"]) == .trueColor)
        #expect(ColorMode.detect(isTerminal: true, environment: ["TERM": "xterm-256color"]) == .palette256)
    }

    @Test func plainHeatMapIsDivergingAndSquare() {
        let text = HeatmapText.render(Self.halves, mode: .plain, terminalWidth: 60)
        let rows = text.split(separator: "\n").map(String.init)
        let picture = rows.prefix { !$0.hasPrefix("halves") }
        // 48 columns, 24 rows (each character is two pixels tall).
        #expect(picture.count == 24 && picture.allSatisfy { $0.count == 48 })
        #expect(picture.allSatisfy { $0.hasPrefix("@") && $0.hasSuffix("#") })  // -max left, +max right
        #expect(!text.contains("\u{1B}["))
    }

    @Test func colourHeatMapsUseTheRightEscapes() {
        let truecolor = HeatmapText.render(Self.halves, mode: .trueColor, terminalWidth: 60)
        #expect(truecolor.contains("\u{1B}[38;2;") && truecolor.contains("\u{1B}[48;2;") && truecolor.contains("▀"))
        let palette = HeatmapText.render(Self.halves, mode: .palette256, terminalWidth: 60)
        #expect(palette.contains("\u{1B}[38;5;") && !palette.contains("38;2;"))
        // -1 is RGB(5, 48, 97) -> cube entry 23; +1 is RGB(103, 0, 31) -> entry 52.
        #expect(palette.contains("8;5;23m") && palette.contains("8;5;52m"))
    }

    /// The plain legend gives each shade with where its band starts (the bare ramp
    /// "@Oo=- .:+*#" had been hard to read), in order, wrapped to the terminal.
    @Test func thePlainLegendSaysWhatEachShadeMeans() throws {
        let text = HeatmapText.render(Self.halves, mode: .plain, terminalWidth: 60)
        let lines = text.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("shades from: ") })
        let legend = lines[start...].joined(separator: " ")
        #expect(lines[start...].allSatisfy { $0.count <= 60 })
        #expect(legend.hasPrefix("shades from: @ -1, O -0.818, o -0.636"))
        #expect(legend.contains("' ' -0.0909") && legend.hasSuffix("# 0.818"))
    }

    /// A panel's label and note wrap at spaces onto a second line instead of being cut
    /// ("(none of 64 collapse" had ended a note).
    @Test func panelLabelsWrapAtSpaces() {
        var panel = HeatmapPanel(
            resolution: 4, values: [Double](repeating: 1, count: 16), name: "a long panel name that runs on")
        panel.note = "V3 0.0002351 (member 2: first collapsed of 64)"
        let two = HeatmapFigure(panels: [panel, panel])
        let text = HeatmapText.render(two, mode: .plain, terminalWidth: 70)
        #expect(text.contains("(member 2: first"))
        #expect(text.contains("collapsed of 64)"))
        #expect(!text.contains("…"))
    }

    @Test func panelsWrapToTheTerminalWidth() {
        let panels = HeatmapFigure(
            panels: (0..<4).map {
                HeatmapPanel(resolution: 4, values: [Double](repeating: Double($0), count: 16), name: "p\($0)")
            })
        let narrow = HeatmapText.render(panels, mode: .plain, terminalWidth: 40)
        let wide = HeatmapText.render(panels, mode: .plain, terminalWidth: 200)
        // The colour bar may run on.
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 40 || $0.contains("grid") })
        #expect(narrow.split(separator: "\n").count > wide.split(separator: "\n").count)
    }

    /// Panels 0..3 have constant values 0, 1, 2, 3: on the shared scale (±3) panel 0 is
    /// the neutral middle shade and panel 3 the darkest; each on its own scale, every
    /// non-zero panel is the darkest.
    @Test func sidePanelsShareOneScaleUnlessAskedNot() {
        let panels = (0..<4).map {
            HeatmapPanel(resolution: 4, values: [Double](repeating: Double($0), count: 16), name: "p\($0)")
        }
        func firstRow(_ scale: ColourScale) -> [Character] {
            let text = HeatmapText.render(HeatmapFigure(panels: panels, scale: scale), mode: .plain, terminalWidth: 200)
            // Four 32-column panels, two spaces apart.
            let row = Array(text.split(separator: "\n")[0])
            return [0, 34, 68, 102].map { $0 < row.count ? row[$0] : "?" }
        }
        let shared = firstRow(.shared), each = firstRow(.each)
        #expect(Set(shared).count == 4 && shared[0] == " " && shared[3] == "#")
        #expect(each[1] == "#" && each[2] == "#" && each[3] == "#")
        let sharedText = HeatmapText.render(HeatmapFigure(panels: panels), mode: .plain, terminalWidth: 200)
        #expect(sharedText.contains("-3 ") && !sharedText.contains("own scale"))
        #expect(
            HeatmapText.render(HeatmapFigure(panels: panels, scale: .each), mode: .plain, terminalWidth: 200).contains(
                "own scale"))
    }

    /// f = x on the square: left half negative, right half positive. A point at (0.5, 0)
    /// labelled -1 where f > 0 is a mistake and shows as X; the boundary is the middle column.
    @Test func decisionViewShowsRegionsBoundaryAndMistakes() {
        let r = 16
        let values = (0..<(r * r)).map { k in -1 + 2 * Double(k % r) / Double(r - 1) }
        let points = [
            LabelledPoint(x: 0.5, y: 0, positive: false, predicted: true),
            LabelledPoint(x: -0.5, y: 0.5, positive: false, predicted: false),
        ]
        let figure = DecisionFigure(panels: [DecisionPanel(resolution: r, values: values, name: "x", points: points)])
        let text = DecisionText.render(figure, mode: .plain, terminalWidth: 80)
        let rows = text.split(separator: "\n").map(String.init)
        let picture = rows.prefix { !$0.hasPrefix("x") }
        #expect(picture.count == 30 && picture.allSatisfy { $0.count == 60 })
        #expect(text.contains("X") && text.contains("o"))
        for row in picture {
            let chars = Array(row)
            #expect(chars[0] == "." || chars[0] == "o")
            #expect(chars[59] == " " || chars[59] == "X")
            #expect(chars[29...30].contains("#"))
        }
        #expect(rows.contains { $0.contains("X misclassified") })
        #expect(rows.allSatisfy { $0.count <= 80 })
        let colour = DecisionText.render(figure, mode: .trueColor, terminalWidth: 80)
        #expect(colour.contains("✕") && colour.contains("●"))
    }

    /// Without colour (NO_COLOR, a projector) series are told apart by markers at their
    /// points and dash styles in the legend; with colour the lines stay plain.
    @Test func monochromeSeriesHaveMarkersAndDashes() {
        let chart = Chart(
            title: "t", xLabel: "depth", yLabel: "v3", legendTitle: "act",
            series: [
                Chart.Series(name: "relu", points: [.init(x: 1, y: 0.1), .init(x: 2, y: 0.3), .init(x: 3, y: 0.2)]),
                Chart.Series(name: "abs", points: [.init(x: 1, y: 0.5), .init(x: 2, y: 0.6), .init(x: 3, y: 0.9)]),
            ])
        let plain = ChartText.render(chart, mode: .plain, terminalWidth: 80)
        let plot = plain.split(separator: "\n").dropFirst().prefix(14).joined()
        #expect(plot.filter { $0 == "o" }.count == 3 && plot.filter { $0 == "+" }.count == 3, "\(plain)")
        #expect(plain.contains("━━o━━ relu") && plain.contains("╍╍+╍╍ abs"))
        let colour = ChartText.render(chart, mode: .trueColor, terminalWidth: 80)
        #expect(!colour.contains("╍╍+╍╍"))
    }

    @Test func chartsHaveTitleTicksLegendAndSurviveWildData() {
        let chart = Chart(
            title: "V3 vs depth", xLabel: "depth", yLabel: "v3",
            series: [
                Chart.Series(
                    name: "relu", points: [.init(x: 1, y: 0.01, low: 0.008, high: 0.012), .init(x: 64, y: 0.002)]),
                Chart.Series(name: "abs", points: [.init(x: 1, y: 0.02), .init(x: 64, y: 0.03)]),
            ], logX: true)
        let text = ChartText.render(chart, mode: .plain, terminalWidth: 100)
        #expect(text.hasPrefix("V3 vs depth"))
        #expect(text.contains("relu") && text.contains("abs") && text.contains("depth (log)"))
        let titled = Chart(title: "t", xLabel: "depth", yLabel: "v3", legendTitle: "act", series: chart.series)
        #expect(ChartText.render(titled, mode: .plain, terminalWidth: 100).contains("act: "))
        #expect(text.contains(" 10 ") || text.contains("10 "))
        let wild = Chart(
            title: "w", xLabel: "x", yLabel: "y",
            series: [
                Chart.Series(name: "s", points: [.init(x: 1, y: 1e308), .init(x: 2, y: -1e308), .init(x: .nan, y: 1)])
            ], logY: true)
        #expect(!ChartText.render(wild, mode: .trueColor, terminalWidth: 80).isEmpty)
    }

    /// A landscape riding on a large offset (the highest-V3 panel of a strip could look blank
    /// on a shared scale): the pattern scale centres it and shows its shape, and says so.
    @Test func thePatternScaleShowsAShapeOnAnOffset() {
        let r = 16
        let ramp = (0..<(r * r)).map { 100 + 0.01 * Double($0 % r) }
        let panel = HeatmapPanel(resolution: r, values: ramp, name: "offset")
        func shades(_ scale: ColourScale) -> Int {
            let text = HeatmapText.render(
                HeatmapFigure(panels: [panel, panel], scale: scale), mode: .plain, terminalWidth: 80)
            return Set(text.split(separator: "\n").prefix(r).joined()).count
        }
        #expect(shades(.each) <= 3)  // one shade (and the gap)
        #expect(shades(.pattern) >= 8)
        let figure = HeatmapFigure(panels: [panel], scale: .pattern)
        #expect(figure.scaleNote(0) == "f = 100 ± 0.075")
        #expect(Figure.heatmaps(figure).outline[0].contains("centred on its own mean"))
    }

    @Test func progressDurations() {
        #expect(ProgressBar.duration(42) == "42s")
        #expect(ProgressBar.duration(125) == "2m05s")
        #expect(ProgressBar.duration(7300) == "2h01m")
        #expect(ProgressBar.duration(.infinity) == "?" && ProgressBar.duration(1e300) == "?")
    }

    /// Slow items (a table's rows) read as seconds each, and nothing finished yet reads as
    /// an unknown time ("1/8  0.0/s  0s left" had been printed for a trainability table).
    @Test func slowItemsAndUnknownTimes() {
        #expect(ProgressBar.pace(0.05, left: 7) == "20s each  2m20s left")
        #expect(ProgressBar.pace(780.5, left: 42_000) == "780.5/s  54s left")
        #expect(ProgressBar.pace(0, left: 8) == "time left ?")
        var written: [String] = []
        let bar = ProgressBar { written.append($0) }
        bar.update("trainability", done: 0, total: 8)
        #expect(written.last?.hasSuffix("0/8  time left ?") == true, "\(written)")
    }

    @Test func progressLineIsThrottledAndCleared() {
        var written: [String] = []
        let bar = ProgressBar { written.append($0) }
        for i in 0...1000 { bar.update("work", done: i, total: 1000) }
        #expect(written.count >= 2 && written.count < 50)  // first, throttled, and the final one
        #expect(written.last?.contains("1000/1000") == true)
        bar.clear()
        #expect(written.last == "\r\u{1B}[2K")
    }

    /// Erasing the line to draw something else keeps the clock: the rate is what was done
    /// since it started (a watched training had read "1094/2000  306620.0/s  0s left").
    @Test func theRateSurvivesAClear() {
        var written: [String] = []
        let bar = ProgressBar { written.append($0) }
        bar.update("train", done: 0, total: 2000)
        Thread.sleep(forTimeInterval: 0.25)
        bar.update("train", done: 100, total: 2000)
        bar.clear()
        Thread.sleep(forTimeInterval: 0.15)
        bar.update("train", done: 150, total: 2000)
        let line = written.last ?? ""
        let rate = line.split(separator: " ").first { $0.hasSuffix("/s") }.flatMap { Double($0.dropLast(2)) } ?? -1
        #expect(rate > 100 && rate < 1500, "\(line)")  // about 150 / 0.4 s, not 150 / 0 s
        #expect(!line.contains(" 0s left"))
        bar.finish()
        bar.update("train", done: 5, total: 10)  // a new task after finish: a new clock
        #expect(written.last?.contains("5/10") == true)
    }
}
