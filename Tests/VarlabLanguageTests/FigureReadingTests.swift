import Foundation
import Testing
import VarlabGraphics
import VarlabHost
import VarlabLanguage

/// Figures read by machines that read like people: the PNG varlab writes, OCR'd by
/// tesseract at its default size, and the SVG opened in headless Chromium, screenshotted and
/// OCR'd, must both show the chart's title, axis titles, legend title, line names and tick
/// labels. `.ci/run` installs both tools and sets VARLAB_REQUIRE_READERS=1, so there a
/// missing tool fails the test instead of skipping it.
@Suite(.serialized) struct FigureReadingTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static var required: Bool { ProcessInfo.processInfo.environment["VARLAB_REQUIRE_READERS"] == "1" }

    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Words and numbers tesseract reads: the page as a whole (rotated text too) and as
    /// sparse text (isolated tick labels).
    static func read(_ png: String) throws -> Set<String> {
        let tesseract = try #require(tool("tesseract"))
        let text =
            try run(tesseract, [png, "stdout", "--psm", "3"]) + "\n" + run(tesseract, [png, "stdout", "--psm", "11"])
        return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
            .union(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The figure of the example, saved by the interpreter as PNG and SVG.
    static func saveChart() throws -> (folder: String, png: String, svg: String) {
        let folder = CapturingHost.freshFolder()
        let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
        var options = InterpreterOptions()
        options.quick = true
        let interpreter = Interpreter(host: host, options: options)
        let errors = interpreter.run(
            """
            t = sweep(depth: [1, 2, 4, 8, 16, 32, 64], act: [relu, abs], params: 2000) |> variability(samples: 8)
            c = plot(t, x: "depth", y: "v3", by: "act")
            save(c, "c.png")
            save(c, "c.svg")
            """)
        #expect(errors.isEmpty, "\(errors)")
        return (folder, folder + "/c.png", folder + "/c.svg")
    }

    /// What must be legible: title, x title, y title, legend title, line names, tick labels.
    static let expected = ["v3 vs depth", "depth (hidden layers L)", "v3", "act", "relu", "abs", "20", "40", "60"]

    @Test(.enabled(if: tool("tesseract") != nil || required)) func pngTextReadsByOCR() throws {
        let (_, png, _) = try Self.saveChart()
        let words = try Self.read(png)
        for word in Self.expected { #expect(words.contains(word), "OCR of the PNG misses \(word): \(words.sorted())") }
        #expect(words.contains { $0.hasPrefix("0.0") }, "no y tick label read")
    }

    /// A 4-panel strip shrunk to 1024 px for a slide: with font: slides, OCR reads every
    /// panel's caption and V3 (at the normal size captions end up about 11 px tall there and
    /// tesseract misreads some: "L=1n 199", "‘v3").
    @Test(.enabled(if: tool("tesseract") != nil || required)) func slideCaptionsReadByOCR() throws {
        let folder = CapturingHost.freshFolder()
        let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
        let interpreter = Interpreter(host: host, options: InterpreterOptions())
        let errors = interpreter.run(
            """
            n = sweep(depth: [1, 16, 48, 64], act: relu, params: 10000)
            save(n, "strip.png", width: 1024, font: slides)
            for row in n { print("V3 " + fmt(landscape(row.net).v3)) }
            """)
        #expect(errors.isEmpty, "\(errors)")
        let tesseract = try #require(Self.tool("tesseract"))
        let text = try Self.run(tesseract, [folder + "/strip.png", "stdout", "--psm", "11"])
        for caption in host.lines + ["L=16 n=25", "L=48 n=14", "L=64 n=12", "2499"] {
            #expect(text.contains(caption), "OCR of the slide misses '\(caption)': \(text)")
        }
    }

    /// Captions that fit on a slide: two trained nets' decision views at 1600 px with
    /// font: slides (their notes had run together: "…154 of 4…test acc 0.62: 152 of 40…"),
    /// and a chart whose y title wraps rather than being cut ("v3: mean V3 over…").
    @Test(.enabled(if: tool("tesseract") != nil || required)) func slideFiguresReadWhole() throws {
        let folder = CapturingHost.freshFolder()
        let host = CapturingHost(files: DiskFiles(workingDirectory: folder))
        let interpreter = Interpreter(host: host, options: InterpreterOptions())
        let errors = interpreter.run(
            """
            d = checkerboard(n: 200, test: 200)
            t = sweep(depth: [2, 4], act: relu, params: 600) |> trainability(d, trials: 1, epochs: 5, keep: best)
            save(t.best_run, "runs.png", font: slides, width: 1600)
            v = sweep(depth: [1, 2, 4], act: relu, params: 500) |> variability(samples: 3)
            save(plot(v, x: "depth", y: "v3", by: "act"), "plot.svg", font: slides, width: 1600)
            """)
        #expect(errors.isEmpty, "\(errors)")
        let tesseract = try #require(Self.tool("tesseract"))
        let runs = try Self.run(tesseract, [folder + "/runs.png", "stdout", "--psm", "3"])
        #expect(runs.components(separatedBy: "200 wrong").count - 1 == 2, "both notes whole: \(runs)")
        #expect(!runs.contains("…"))
        // Tesseract does not read turned text, so the y title is read from the SVG: two
        // turned lines, nothing cut.
        let plot = String(decoding: try host.files.readBytes("plot.svg"), as: UTF8.self)
        #expect(plot.contains(">v3: mean V3 over<") && plot.contains(">random nets<"), "\(plot)")
        #expect(!plot.contains("…"))
    }

    @Test(.enabled(if: (tool("chromium") != nil && tool("tesseract") != nil) || required))
    func svgRendersTheSameLabelsInChromium() throws {
        let chromium = try #require(Self.tool("chromium"))
        let (folder, png, svg) = try Self.saveChart()
        let shot = folder + "/chromium.png"
        _ = try Self.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=960,600",
                "--user-data-dir=\(folder)/chromium-profile", "--screenshot=\(shot)", "file://\(svg)",
            ])
        let browser = try Self.read(shot), ours = try Self.read(png)
        for word in Self.expected {
            #expect(browser.contains(word), "Chromium's rendering misses \(word): \(browser.sorted())")
            #expect(browser.contains(word) == ours.contains(word))
        }
    }
}
