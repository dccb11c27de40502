import Testing
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
}
