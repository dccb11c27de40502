/// Completion for the REPL and the notebook kernel: keywords, builtins and variables; inside
/// `f(`, f's argument names; after `r.`, the declared fields of r (and of its fields).
public enum Completion {
    /// Candidates for `word`, the text just before the cursor that is being completed, given
    /// the text before it (`context`). Every candidate starts with `word`.
    public static func candidates(context: String, word: String, interpreter: Interpreter) -> [String] {
        if word.contains(".") { return fields(word, interpreter: interpreter) }
        if let call = openCall(in: context), let builtin = interpreter.builtin(named: call) {
            let arguments = builtin.parameters.map { $0.name + ": " }.filter { $0.hasPrefix(word) }
            if !arguments.isEmpty { return arguments }
        }
        let names = Set(Keyword.allCases.map(\.rawValue) + interpreter.globals.names)
        return names.filter { $0.hasPrefix(word) }.sorted()
    }

    /// The word being completed at the end of `text`: a name, possibly with `.field` parts
    /// and, before a `.`, `[index]` parts (`t[0].v3_`).
    public static func word(before text: String) -> String {
        let chars = Array(text)
        var start = chars.count
        while start > 0 {
            let c = chars[start - 1]
            if isName(c) || c == "." {
                start -= 1
            } else if c == "]", start < chars.count, chars[start] == ".",
                let open = chars[..<(start - 1)].lastIndex(of: "["),
                chars[(open + 1)..<(start - 1)].allSatisfy(\.isNumber), open + 1 < start - 1
            {
                start = open
            } else {
                break
            }
        }
        return String(String(chars[start...]).drop { $0 == "." || $0 == "[" })
    }

    /// `r.v<Tab>`, `t[0].v3_<Tab>`: the fields of a variable (and of its fields and items),
    /// by their declared names. Only names, fields and whole-number indices are followed:
    /// completing never runs a computation.
    static func fields(_ word: String, interpreter: Interpreter) -> [String] {
        guard let dot = word.lastIndex(of: "."), let value = value(of: String(word[..<dot]), interpreter: interpreter)
        else { return [] }
        let partial = word[word.index(after: dot)...]
        return interpreter.fieldNames(of: value).filter { $0.hasPrefix(partial) }.map { word[...dot] + $0 }
    }

    /// A character that can be part of a name.
    static func isName(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }

    /// The value of an access path `name{.field|[index]}`, or nil.
    static func value(of path: String, interpreter: Interpreter) -> Value? {
        var rest = Substring(path)
        let name = rest.prefix(while: isName)
        guard !name.isEmpty, var value = interpreter.globals.lookup(String(name)) else { return nil }
        rest = rest.dropFirst(name.count)
        while let first = rest.first {
            if first == "." {
                let field = rest.dropFirst().prefix(while: isName)
                guard !field.isEmpty, let next = try? interpreter.field(of: value, String(field)) else { return nil }
                value = next
                rest = rest.dropFirst(1 + field.count)
            } else if first == "[", let close = rest.firstIndex(of: "]"),
                let i = Int(rest[rest.index(after: rest.startIndex)..<close]),
                case .list(let items) = value, !items.isEmpty
            {
                let k = i < 0 ? items.count + i : i
                guard items.indices.contains(k) else { return nil }
                value = items[k]
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        return value
    }

    /// The name of the innermost call still open at the end of `text` ("mlp" in "mlp(depth: 2, ").
    public static func openCall(in text: String) -> String? {
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
