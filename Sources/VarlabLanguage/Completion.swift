/// Completion for the REPL and the notebook kernel: keywords, builtins and variables; inside
/// `f(`, f's argument names; after `r.`, the declared fields of r (and of its fields).
public enum Completion {
    /// Candidates for `word`, the text just before the cursor that is being completed, given
    /// the text before it (`context`). Every candidate starts with `word`.
    public static func candidates(context: String, word: String, interpreter: Interpreter) -> [String] {
        if word.contains(".") { return fields(word, interpreter: interpreter) }
        if let call = openCall(in: context), let builtin = interpreter.builtin(named: call) {
            let arguments = builtin.parameters.map { $0.name + ":" }.filter { $0.hasPrefix(word) }
            if !arguments.isEmpty { return arguments }
        }
        let names = Set(Keyword.allCases.map(\.rawValue) + interpreter.globals.names)
        return names.filter { $0.hasPrefix(word) }.sorted()
    }

    /// The word being completed at the end of `text`: a name, possibly with `.field` parts.
    public static func word(before text: String) -> String {
        String(text.reversed().prefix { $0 == "_" || $0 == "." || $0.isLetter || $0.isNumber }.reversed())
    }

    /// `r.v<Tab>`: the fields of a variable (and of its fields), by their declared names.
    static func fields(_ word: String, interpreter: Interpreter) -> [String] {
        var parts = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let partial = parts.removeLast()
        guard let first = parts.first, var value = interpreter.globals.lookup(first) else { return [] }
        for name in parts.dropFirst() {
            guard let next = try? interpreter.field(of: value, name) else { return [] }
            value = next
        }
        let prefix = parts.joined(separator: ".") + "."
        return interpreter.fieldNames(of: value).filter { $0.hasPrefix(partial) }.map { prefix + $0 }
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
