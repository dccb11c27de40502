import Testing
import VarlabCore
import VarlabKernel

/// Message signing and framing of the Jupyter protocol, and notebook generation.
@Suite struct KernelProtocolTests {
    /// RFC 4231, test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
    @Test func hmacMatchesTheRFCVector() {
        let signer = MessageSigner(key: Array("Jefe".utf8))
        #expect(
            signer.sign([Array("what do ya want ".utf8), Array("for nothing?".utf8)])
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(MessageSigner(key: []).sign([[1, 2, 3]]) == "")
    }

    @Test func messagesRoundTripAndForgeriesAreRejected() throws {
        let signer = MessageSigner(key: Array("secret".utf8))
        var message = KernelMessage(
            type: "execute_request", content: .object([("code", .string("1 + 1"))]), parent: nil, session: "s")
        message.identities = [[7, 7]]
        let frames = message.frames(signer: signer)
        let back = try KernelMessage(frames: frames, signer: signer)
        #expect(
            back.type == "execute_request" && back.content["code"]?.string == "1 + 1" && back.identities == [[7, 7]])
        #expect(throws: KernelMessage.Rejected.self) {
            try KernelMessage(frames: frames, signer: MessageSigner(key: Array("other".utf8)))
        }
        var tampered = frames
        tampered[tampered.count - 1] = Array("{\"code\": \"0\"}".utf8)
        #expect(throws: KernelMessage.Rejected.self) { try KernelMessage(frames: tampered, signer: signer) }
        #expect(throws: KernelMessage.Rejected.self) { try KernelMessage(frames: [[1], [2]], signer: signer) }
    }

    @Test func scriptsBecomeMarkdownAndCodeCells() {
        let cells = NotebookFromScript.cells(
            """
            # Title
            # more text

            x = 1
            fn f(a) {

              return a
            }
            # a note
            f(x)
            # ---
            # 2. A section
            # its text
            """)
        #expect(cells.map(\.kind) == [.markdown, .code, .markdown, .code, .markdown])
        #expect(cells[0].lines == ["# Title", "more text"])  // the title is a heading
        #expect(cells[2].lines == ["a note"])
        #expect(cells[4].lines == ["---", "## 2. A section", "its text"])  // so is a section's, after a rule
        #expect(cells[1].lines.count == 5)  // the blank line inside the block stays in its cell
    }
}
