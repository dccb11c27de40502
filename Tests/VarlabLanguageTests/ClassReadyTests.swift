import Testing
import VarlabCore
import VarlabLanguage

/// Output a class reads (issue: class-ready, second pass).
@Suite struct ClassReadyTests {
    /// A setting quick mode reduced is said once, beside its value: the footer had printed
    /// "epochs 20" and then "capped trials 1, epochs 20".
    @Test func theQuickFooterSaysEachCappedSettingOnce() {
        let (interpreter, host) = makeInterpreter(quick: true)
        #expect(
            interpreter.run(
                "sweep(depth: [1, 2], params: 300) |> trainability(checkerboard(n: 100, test: 100))"
            ).isEmpty)
        let footer = host.lines.first { $0.hasPrefix("(budget") } ?? ""
        #expect(footer.contains("epochs 20 (quick mode)") && footer.contains("trials 1 (quick mode)"), "\(footer)")
        #expect(!footer.contains("capped") && footer.components(separatedBy: "epochs 20").count == 2)
    }

    /// Intervals a student can read: three trials print their range, not a 95% interval from
    /// 0.08 to 0.999; trials that all agree say so instead of "0.9888 (0.9888–0.9888)"; from
    /// five trials on, the mean ± se with its interval.
    @Test func fewTrialsPrintTheirRange() {
        let f = ValueFormatter.self
        let three = [0.64, 0.81, 0.97]
        #expect(
            f.fewTrials(three, Estimate(shares: three, resolution: 1e-4))
                == "0.8067 over 3 trials (range 0.64–0.97)")
        let same = [0.9888, 0.9888, 0.9888]
        #expect(
            f.fewTrials(same, Estimate(shares: same, resolution: 1e-4))
                == "0.9888, all 3 trials alike")
        let five = [0.9, 0.91, 0.92, 0.93, 0.94]
        #expect(f.fewTrials(five, Estimate(shares: five, resolution: 1e-4)).contains("± 0.0"))
    }

    /// One number format per line: a small mean and its interval share the exponent form
    /// ("0.0000227 ± 0.0000011 (95% CI 2.065e-5–2.48e-5)" had mixed them).
    @Test func aSmallMeanSharesItsIntervalsFormat() {
        #expect(ValueFormatter.intervalInLine(2.27e-5, 1.1e-6) == "(2.27 ± 0.11)e-5")
        #expect(ValueFormatter.intervalInLine(0.0473, 0.0016) == "0.0473 ± 0.0016")
    }

    /// `:vars` and help wrap at spaces: no line is longer than the width unless one word is,
    /// and no word is broken (`:vars` had wrapped "(variability r" / "esult)").
    @Test func wrappingNeverBreaksAWord() {
        var rng = RandomStream(seed: 5, stream: 1)
        for _ in 0..<200 {
            let words = (0..<rng.index(below: 30)).map { _ in String(repeating: "w", count: 1 + rng.index(below: 15)) }
            let text = words.joined(separator: " ")
            let width = 20 + rng.index(below: 60)
            let lines = Help.wrap(text, indent: 0, hanging: 4, width: width).split(separator: "\n").map(String.init)
            #expect(lines.flatMap { $0.split(separator: " ").map(String.init) } == words)
            for line in lines where line.split(separator: " ").count > 1 { #expect(line.count <= width) }
        }
    }

    /// A strip of depths takes per-panel scales when one shared scale would leave panels
    /// pale, and says so; one layer's units keep one scale (comparing them is the point).
    @Test func aPaleStripTakesItsOwnScalesAndSaysSo() throws {
        let (interpreter, host) = makeInterpreter()
        #expect(interpreter.run("show(sweep(depth: [1, 4, 16], act: relu, params: 500), grid: 8)").isEmpty)
        #expect(host.lines.first == "heat maps: 3 panels, each panel on its own scale")
        #expect(
            host.warnings.contains {
                $0.contains("each panel on its own scale: one shared scale would leave 1 of 3 panels pale")
            }, "\(host.warnings)")
        host.lines = []
        host.warnings = []
        #expect(interpreter.run("show(units(mlp(depth: 6, width: 4, act: relu, seed: 2), layer: 6, grid: 8))").isEmpty)
        #expect(host.lines.first?.hasPrefix("heat maps: 4 panels, one colour scale") == true)
        #expect(!host.warnings.contains { $0.contains("pale") })
    }

    /// save takes a title (it had been refused), and a landscape through three points marks
    /// them: a ringed dot and the label for each, in the file.
    @Test func savedPicturesCarryTitleAndMarks() throws {
        let (interpreter, host) = makeInterpreter()
        let errors = interpreter.run(
            """
            net = mlp(depth: 4, act: relu, input: 3, seed: 2)
            l = landscape(net, through: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], labels: ["three", "eight", "one"], grid: 8)
            save(l, "plane.svg", title: "The plane through three digits")
            d = checkerboard(n: 100, test: 100)
            save(train(mlp(depth: 2, width: 8), d, epochs: 2), "run.svg", title: "After two epochs")
            """)
        #expect(errors.isEmpty, "\(errors)")
        let plane = String(decoding: try host.files.readBytes("plane.svg"), as: UTF8.self)
        for text in ["The plane through three digits", ">three<", ">eight<", ">one<", ">three, eight, one<"] {
            #expect(plane.contains(text), "plane.svg lacks \(text)")
        }
        #expect(plane.components(separatedBy: "<circle").count - 1 == 6, "two circles per mark")
        let run = String(decoding: try host.files.readBytes("run.svg"), as: UTF8.self)
        #expect(run.contains("After two epochs"))
    }

    /// A table's progress is the whole run's (nets done of all rows' nets, one clock), and
    /// each row is named by the settings that tell it from the others.
    @Test func sweepProgressCoversTheWholeRun() {
        let (interpreter, host) = makeInterpreter(threads: 1)
        #expect(
            interpreter.run("sweep(depth: [1, 2], act: relu, bias: [0.1, 0.5], params: 300) |> variability(samples: 3)")
                .isEmpty)
        let reports = host.progressReports
        #expect(Set(reports.map(\.total)) == [12], "one total for the run: 4 rows x 3 nets")
        #expect(reports.last.map { $0.done } == 12)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.done <= $1.done }, "never goes back")
        let labels = Set(reports.map(\.label))
        for label in [
            "variability row 1/4: L=1 n=74 bias 0.1", "variability row 3/4: L=1 n=74 bias 0.5",
            "variability row 4/4: L=2 n=14 bias 0.5",
        ] {
            #expect(labels.contains(label), "\(labels.sorted())")
        }
    }

    /// What `program` prints once the session has taken Ctrl-C back, as the REPL does before
    /// its next line (nothing printed if it fails).
    static func afterCtrlC(_ interpreter: Interpreter, _ host: CapturingHost, _ program: String) -> [String] {
        host.interruptWhen = nil
        host.acknowledgeInterrupt()
        host.lines = []
        let errors = interpreter.run(program)
        #expect(errors.isEmpty, "\(errors)")
        return errors.isEmpty ? host.lines : []
    }

    /// Ctrl-C during an unassigned sweep keeps the rows finished so far in _ and says so
    /// (nothing had been kept: "unknown name", an empty _).
    @Test func anInterruptedSweepKeepsItsFinishedRows() {
        let (interpreter, host) = makeInterpreter(threads: 1)
        host.interruptWhen = { label, _ in label.contains("row 3/4") }
        let errors = interpreter.run("sweep(depth: [1, 2, 3, 4], act: relu, params: 300) |> variability(samples: 3)")
        #expect(errors.count == 1)
        #expect(host.warnings.contains { $0.contains("interrupted at row 3 of 4; the 2 finished rows are in _") })
        #expect(
            Self.afterCtrlC(interpreter, host, "kept = _\nlen(kept)\nkept[1].depth\nkept[1].v3 > 0") == [
                "2", "2", "true",
            ])
    }

    /// The same for a trainability table, whose rows run side by side: the finished ones
    /// are kept in _, in table order, and the note says how many.
    @Test func anInterruptedTrainabilityTableKeepsItsFinishedRows() {
        let (interpreter, host) = makeInterpreter(threads: 1)
        host.interruptWhen = { label, done in label == "trainability" && done >= 2 }
        let errors = interpreter.run(
            """
            d = checkerboard(n: 100, test: 100)
            sweep(depth: [1, 2, 3, 4], params: 300) |> trainability(d, trials: 1, epochs: 3)
            """)
        #expect(errors.count == 1)
        #expect(
            host.warnings.contains { $0 == "trainability: interrupted with 2 of 4 rows finished; they are in _" },
            "\(host.warnings)")
        #expect(
            Self.afterCtrlC(interpreter, host, "kept = _\nlen(kept)\nkept[1].depth\nkept[1].acc >= 0") == [
                "2", "2", "true",
            ])
    }

    /// A record too wide for a line prints one field per line; a nested result as its
    /// one-line summary (a row had printed as one line of about 40 fields).
    @Test func aWideRecordPrintsVertically() {
        let (interpreter, host) = makeInterpreter()
        #expect(interpreter.run("t = sweep(depth: [1, 2], params: 300) |> variability(samples: 2)\nt[0]").isEmpty)
        #expect(host.lines.first == "{")
        #expect(host.lines.last == "}")
        #expect(host.lines.count > 20)
        #expect(host.lines.allSatisfy { $0.count <= 100 }, "\(host.lines.filter { $0.count > 100 })")
        #expect(host.lines.contains { $0.hasPrefix("  depth") && $0.hasSuffix(" 1") })
        host.lines = []
        #expect(interpreter.run("{a: 1, b: 2}").isEmpty)
        #expect(host.lines == ["{a: 1, b: 2}"])
    }
}
