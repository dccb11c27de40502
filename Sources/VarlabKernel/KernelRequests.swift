import VarlabCore
import VarlabLanguage

/// The replies that need no state beyond the interpreter: kernel info, completion,
/// inspection (the :help text) and whether a cell is complete (the parser's answer).
enum KernelRequests {
    static func kernelInfo() -> JSON {
        .object([
            ("status", .string("ok")), ("protocol_version", .string(KernelMessage.protocolVersion)),
            ("implementation", .string("varlab")), ("implementation_version", .string(VarlabVersion.current)),
            (
                "language_info",
                .object([
                    ("name", .string("varlab")), ("version", .string(VarlabVersion.current)),
                    ("mimetype", .string("text/x-varlab")), ("file_extension", .string(".var")),
                    ("pygments_lexer", .string("text")), ("codemirror_mode", .string("text")),
                ])
            ),
            (
                "banner",
                .string(
                    "varlab \(VarlabVersion.current): why some multi-layer perceptrons train and others don't "
                        + "(help() for a tour)"
                )
            ),
            ("help_links", .array([])),
        ])
    }

    /// A request the kernel refuses to act on (a field out of its range), said in the reply.
    struct BadRequest: Error, CustomStringConvertible {
        let description: String
    }

    /// The code before the cursor; Jupyter counts the cursor in Unicode code points. A
    /// cursor that is not a whole number within the code is refused (2^63 had trapped).
    static func prefix(_ content: JSON) throws -> String {
        let code = content["code"]?.string ?? ""
        let length = code.unicodeScalars.count
        var cursor = length
        if let given = content["cursor_pos"] {
            guard let x = given.number, x.isFinite, x == x.rounded(), x >= 0, x <= Double(length) else {
                throw BadRequest(
                    description: "cursor_pos must be a whole number from 0 to \(length) (the code's length in "
                        + "code points), got \(given.text.prefix(40))")
            }
            cursor = Int(x)
        }
        return String(String.UnicodeScalarView(code.unicodeScalars.prefix(cursor)))
    }

    static func complete(_ content: JSON, interpreter: Interpreter) throws -> JSON {
        let before = try prefix(content)
        let word = Completion.word(before: before)
        let context = String(before.unicodeScalars.dropLast(word.unicodeScalars.count))
        let matches = Completion.candidates(context: context, word: word, interpreter: interpreter)
        let end = before.unicodeScalars.count
        return .object([
            ("status", .string("ok")), ("matches", .array(matches.map { .string($0) })),
            ("cursor_start", .number(Double(end - word.unicodeScalars.count))), ("cursor_end", .number(Double(end))),
            ("metadata", .object([])),
        ])
    }

    static func inspect(_ content: JSON, interpreter: Interpreter) throws -> JSON {
        let before = try prefix(content)
        var name = Completion.word(before: before)
        // The name under the cursor: also the part after it ("variab|ility").
        let code = content["code"]?.string ?? ""
        let rest = code.unicodeScalars.dropFirst(before.unicodeScalars.count)
        name += String(
            String.UnicodeScalarView(
                rest.prefix {
                    $0 == "_" || $0.properties.isAlphabetic || ($0.isASCII && $0.properties.numericType != nil)
                }))
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        // Inside a call's parentheses ("variability(|"), the call's own help.
        if Help.topic(name, interpreter: interpreter) == nil, let call = Completion.openCall(in: before) {
            name = call
        }
        guard let text = Help.topic(name, interpreter: interpreter) else {
            return .object([
                ("status", .string("ok")), ("found", .bool(false)), ("data", .object([])), ("metadata", .object([])),
            ])
        }
        return .object([
            ("status", .string("ok")), ("found", .bool(true)), ("data", .object([("text/plain", .string(text))])),
            ("metadata", .object([])),
        ])
    }

    static func isComplete(_ content: JSON) -> JSON {
        let code = content["code"]?.string ?? ""
        if Parser.needsMoreInput(code) {
            return .object([("status", .string("incomplete")), ("indent", .string("  "))])
        }
        let errors = Parser.parse(code).errors
        return .object([("status", .string(errors.isEmpty ? "complete" : "invalid"))])
    }
}
