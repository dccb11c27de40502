/// The lexical categories of the varlab language.
public enum TokenKind: Equatable, Sendable {
    case number(Double)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline
    case end

    /// True for the end of the input.
    public var isEnd: Bool { self == .end }
}

/// The reserved words.
public enum Keyword: String, CaseIterable, Sendable {
    case `if`, `else`, `for`, `in`, `while`, `fn`, `return`, `break`, `continue`
    case `true`, `false`, `nil`, and, or, not
}

/// Operators and punctuation.
public enum Symbol: String, CaseIterable, Sendable {
    // Longest first, so the lexer can match greedily in this order.
    case pipe = "|>"
    case range = ".."
    case equal = "=="
    case notEqual = "!="
    case lessEqual = "<="
    case greaterEqual = ">="
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case comma = ","
    case colon = ":"
    case semicolon = ";"
    case dot = "."
    case assign = "="
    case less = "<"
    case greater = ">"
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case caret = "^"
}

/// A token with the location of its first character.
public struct Token: Equatable, Sendable {
    /// What the token is.
    public var kind: TokenKind
    /// Where it starts.
    public var location: SourceLocation
    /// The token's source text, for messages.
    public var text: String

    /// The token as an error names it: "name 'x'", "')'", "end of line".
    public var describedForError: String {
        switch kind {
        case .newline: "end of line"
        case .end: "end of input"
        case .string: "string \(text)"
        case .number: "number \(text)"
        case .identifier(let name): "name '\(name)'"
        case .keyword(let k): "keyword '\(k.rawValue)'"
        case .symbol(let s): "'\(s.rawValue)'"
        }
    }
}
