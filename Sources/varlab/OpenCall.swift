import VarlabLanguage

/// What the REPL's completion needs to know about the line being edited.
enum OpenCall {
    /// The name of the innermost call still open at the end of `text` ("mlp" in "mlp(depth: 2, ").
    static func openCall(in text: String) -> String? {
        let (tokens, _) = Lexer.tokenize(text)
        var stack: [String?] = []
        var previous: TokenKind? = nil
        for token in tokens {
            switch token.kind {
            case .symbol(.leftParen):
                if case .identifier(let name)? = previous { stack.append(name) } else { stack.append(nil) }
            case .symbol(.rightParen):
                _ = stack.popLast()
            default: break
            }
            previous = token.kind
        }
        return stack.last ?? nil
    }
}
