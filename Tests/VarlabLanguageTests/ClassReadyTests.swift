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
}
