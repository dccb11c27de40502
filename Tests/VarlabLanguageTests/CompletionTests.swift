import Testing
import VarlabLanguage

/// Completion knows what follows a name (docs: README "A five-minute tour").
@Suite struct CompletionTests {
    @Test func theWordIsANameOrAnAccessPath() {
        #expect(Completion.word(before: "x = t[0].v3_") == "t[0].v3_")
        #expect(Completion.word(before: "xs[my") == "my")
        #expect(Completion.word(before: "a-my") == "my")
        #expect(Completion.word(before: "r.v") == "r.v")
        #expect(Completion.word(before: "f(t[0]") == "")
    }

    @Test func fieldsOfARowAndArgumentNames() {
        let (interpreter, _) = makeInterpreter()
        #expect(
            interpreter.run("t = sweep(depth: [2], act: relu, params: 300) |> variability(samples: 2, grid: 8)").isEmpty
        )
        let fields = Completion.candidates(context: "x = ", word: "t[0].v3_", interpreter: interpreter)
        #expect(fields.contains("t[0].v3_se") && fields.contains("t[0].v3_high"), "\(fields)")
        #expect(Completion.candidates(context: "", word: "t[5].v", interpreter: interpreter).isEmpty)  // no such row
        #expect(Completion.candidates(context: "mlp(", word: "dep", interpreter: interpreter) == ["depth: "])
    }
}
