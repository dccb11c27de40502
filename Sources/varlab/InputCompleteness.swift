import VarlabLanguage

/// Decides whether REPL input needs more lines: an open bracket or block, or a line that
/// ends in a pipe or an operator.
enum InputCompleteness {
    static func isIncomplete(_ source: String) -> Bool {
        let (tokens, _) = Lexer.tokenize(source)
        var depth = 0
        var last: TokenKind? = nil
        for token in tokens {
            switch token.kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): depth += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): depth -= 1
            default: break
            }
            if token.kind != .newline && token.kind != .end { last = token.kind }
        }
        if depth > 0 { return true }
        switch last {
        case .symbol(.pipe)?, .symbol(.plus)?, .symbol(.minus)?, .symbol(.star)?, .symbol(.slash)?, .symbol(.comma)?,
             .keyword(.and)?, .keyword(.or)?, .symbol(.assign)?:
            return true
        default:
            return false
        }
    }

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
