/// Turns source text into tokens. Newlines are tokens (they end statements) except directly
/// inside parentheses and brackets, where an expression may span lines. Errors are collected, and
/// the lexer carries on after each, so a script reports all of its mistakes at once.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    /// Open brackets, innermost last: true for ( and [, inside which newlines are not
    /// statement ends; false for {, whose blocks are made of lines.
    private var groups: [Bool] = []
    /// Every lexical error met so far.
    public private(set) var errors: [VarlabError] = []

    /// String literals longer than this (in bytes) are refused.
    public static let maximumStringLength = 1 << 20

    /// A lexer at the start of `source`.
    public init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Every token of `source`, ending with `.end`, and the lexical errors.
    public static func tokenize(_ source: String) -> (tokens: [Token], errors: [VarlabError]) {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind.isEnd { break }
        }
        return (tokens, lexer.errors)
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ offset: Int = 1) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if current == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    /// The next token (`.end` from the end on).
    public mutating func next() -> Token {
        while true {
            skipSpaceAndComments()
            let start = SourceLocation(line: line, column: column)
            guard let c = current else { return Token(kind: .end, location: start, text: "") }
            if c == "\n" {
                advance()
                if groups.last == true { continue }
                return Token(kind: .newline, location: start, text: "\\n")
            }
            if c.properties.numericType != nil && c.isASCII { return number(start) }
            if c == "\"" { return string(start) }
            if isIdentifierStart(c) { return word(start) }
            if let symbol = matchSymbol() {
                switch symbol {
                case .leftParen, .leftBracket: groups.append(true)
                case .leftBrace: groups.append(false)
                case .rightParen, .rightBracket, .rightBrace: _ = groups.popLast()
                default: break
                }
                return Token(kind: .symbol(symbol), location: start, text: symbol.rawValue)
            }
            advance()
            // One report per line: a line of 10,000 stray characters is one mistake to fix.
            if errors.last.map({ $0.location?.line != start.line || !$0.message.hasPrefix("unexpected") }) ?? true {
                errors.append(.syntax("unexpected character '\(c)'", at: start))
            }
        }
    }

    private mutating func skipSpaceAndComments() {
        while let c = current {
            if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "#" {
                while let d = current, d != "\n" { advance() }
            } else {
                return
            }
        }
    }

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || (c.isASCII && c.properties.numericType != nil)
    }

    private mutating func word(_ start: SourceLocation) -> Token {
        var text = ""
        while let c = current, isIdentifierContinue(c) {
            text.unicodeScalars.append(c)
            advance()
        }
        if let keyword = Keyword(rawValue: text) {
            return Token(kind: .keyword(keyword), location: start, text: text)
        }
        return Token(kind: .identifier(text), location: start, text: text)
    }

    /// Digits with optional `_` separators, a fraction (not `..`), and an exponent.
    private mutating func number(_ start: SourceLocation) -> Token {
        var text = ""
        func digits(_ lexer: inout Lexer) {
            while let c = lexer.current, (c.isASCII && c.properties.numericType != nil) || c == "_" {
                if c != "_" { text.unicodeScalars.append(c) }
                lexer.advance()
            }
        }
        digits(&self)
        if current == ".", let d = peek(), d.isASCII, d.properties.numericType != nil {
            text += "."
            advance()
            digits(&self)
        }
        if current == "e" || current == "E" {
            let sign = peek()
            let signed = sign == "+" || sign == "-"
            if let d = peek(signed ? 2 : 1), d.isASCII, d.properties.numericType != nil {
                text += "e"
                advance()
                if signed, let s = current {
                    text.unicodeScalars.append(s)
                    advance()
                }
                digits(&self)
            }
        }
        guard let value = Double(text), value.isFinite else {
            errors.append(.syntax("number '\(text)' is too large", at: start))
            return Token(kind: .number(0), location: start, text: text)
        }
        return Token(kind: .number(value), location: start, text: text)
    }

    private mutating func string(_ start: SourceLocation) -> Token {
        advance()  // opening quote
        var value = ""
        var length = 0  // counted as we go: String.count is O(n)
        while let c = current {
            if c == "\"" {
                advance()
                return Token(kind: .string(value), location: start, text: "\"\(value)\"")
            }
            if c == "\n" { break }
            if length >= Lexer.maximumStringLength {
                errors.append(.syntax("string literal longer than \(Lexer.maximumStringLength) characters", at: start))
                while let d = current, d != "\"", d != "\n" { advance() }
                continue
            }
            if c == "\\" {
                let escapeAt = SourceLocation(line: line, column: column)
                advance()
                guard let e = current, e != "\n" else { break }
                advance()
                switch e {
                case "n": value += "\n"
                case "t": value += "\t"
                case "r": value += "\r"
                case "\\": value += "\\"
                case "\"": value += "\""
                case "0": value += "\0"
                case "u": value += unicodeEscape(at: escapeAt)
                default:
                    errors.append(
                        .syntax(
                            "unknown escape '\\\(e)' (use \\n, \\t, \\r, \\\\, \\\", \\0 or \\u{...})", at: escapeAt))
                }
                continue
            }
            value.unicodeScalars.append(c)
            length += 1
            advance()
        }
        errors.append(.syntax("unterminated string (a string must end with \" on the same line)", at: start))
        return Token(kind: .string(value), location: start, text: "\"\(value)")
    }

    /// `\u{1F600}`: one to eight hex digits in braces.
    private mutating func unicodeEscape(at location: SourceLocation) -> String {
        guard current == "{" else {
            errors.append(.syntax("expected '{' after \\u, as in \\u{41}", at: location))
            return ""
        }
        advance()
        var hex = ""
        while let c = current, c != "}", c != "\"", c != "\n", hex.count < 9 {
            hex.unicodeScalars.append(c)
            advance()
        }
        if current == "}" { advance() }
        guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            errors.append(.syntax("'\\u{\(hex)}' is not a valid Unicode character", at: location))
            return ""
        }
        return String(scalar)
    }

    private mutating func matchSymbol() -> Symbol? {
        for symbol in Symbol.allCases {
            let chars = Array(symbol.rawValue.unicodeScalars)
            if (0..<chars.count).allSatisfy({ peek($0) == chars[$0] }) {
                for _ in chars { advance() }
                return symbol
            }
        }
        return nil
    }
}
