import Testing
import VarlabLanguage

/// A trained net's decision view counts its mistakes over every test point, as the
/// accuracy does, and says how many of them it draws (docs/measures.md, "Trainability").
@Suite struct DecisionNoteTests {
    @Test func theCountsMatchTheAccuracy() {
        let (interpreter, host) = makeInterpreter(quick: false)
        let errors = interpreter.run(
            """
            r = train(mlp(depth: 2, width: 8, act: abs), checkerboard(k: 2, n: 300, test: 3000), epochs: 10, lr: 0.01)
            print(round((1 - r.test_acc) * 3000))
            show(r, grid: 16)
            """)
        #expect(errors.isEmpty, "\(errors)")
        let wrong = host.lines.first ?? "?"
        let note = host.lines.first { $0.contains("test acc") } ?? ""
        #expect(note.contains(": \(wrong) of 3000 wrong; "), "\(wrong): \(note)")
        #expect(note.contains(" drawn, "), "\(note)")
    }
}
