import Foundation

/// The session itself: help, the clock, and number formatting for reports.
enum SessionBuiltins {
    static var all: [Builtin] { [help, clock, fmt, store] }

    static var store: Builtin {
        Builtin(
            "store", topic: .session,
            "Keeps finished work (each net of variability, each training run of trainability) in an SQLite file "
                + "from now on: a re-run or a resumed run computes only what is missing, with the same results. "
                + "The same as --store FILE.",
            arguments: [storePath],
            example:
                "store(\"results.sqlite\")\nvariability(mlp(depth: 8), samples: 1000)   # the second time: from "
                + "the store"
        ) { c in
            let path = try c[storePath]
            do {
                c.interpreter.options.store = try c.host.openStore(path)
            } catch {
                throw c.error("store: \(error)", at: storePath)
            }
            return .nil
        }
    }

    static let storePath = BuiltinArgument.text(
        "path", "the store's file, such as \"results.sqlite\" (created if missing)")

    static var help: Builtin {
        Builtin(
            "help", topic: .session,
            "Prints help: the overview, a builtin's signature and fields, a topic, or a keyword (the same text "
                + "as :help in the REPL).",
            arguments: [helpName], example: "help(variability)\nhelp(measures)"
        ) { c in
            c.host.write(try text(c) + "\n")
            return .nil
        }
    }

    /// A builtin, or a topic or keyword by its bare name (help(measures)) or in quotes.
    static let helpName = BuiltinArgument.optional(
        "name", default: "nil", "a builtin (help(variability)), a topic or a keyword (help(measures), help(\"for\"))",
        takesBareName: true)

    static func text(_ c: CallContext) throws -> String {
        switch try c[helpName] {
        case nil: return Help.overview + "\n\n" + Help.index(interpreter: c.interpreter)
        case .function(let f)?:
            return Help.topic(f.name, interpreter: c.interpreter) ?? "\(f.name): a function you defined"
        case .string(let name)?:
            if let text = Help.topic(name, interpreter: c.interpreter) { return text }
            let known = c.interpreter.builtinNames + HelpTopic.allCases.map(\.rawValue) + Help.keywordHelp.keys
            throw c.argumentError(helpName, "has no help for '\(name)'\(Suggestion.hint(for: name, in: known))")
        case let v?: throw c.argumentError(helpName, "must be a builtin or a name in quotes, got a \(v.typeName)")
        }
    }

    static var clock: Builtin {
        Builtin(
            "clock", topic: .session,
            "Seconds on a clock that never jumps back: subtract two readings to time a computation.",
            example: "t0 = clock()\nvariability(mlp(depth: 8))\nprint(\"took\", fmt(clock() - t0, digits: 2), \"s\")"
        ) { c in
            .number(c.host.clock())
        }
    }

    enum FormatArgument {
        static let x = BuiltinArgument.value("x", "a number or a list of numbers")
        static let digits = BuiltinArgument.integer("digits", default: 4, in: 1...17, "significant digits")
        static let decimals = BuiltinArgument.optionalInteger(
            "decimals", default: "nil", in: 0...17, "digits after the point (0...17) instead of significant digits")
    }

    static var fmt: Builtin {
        Builtin(
            "fmt", topic: .session,
            "A number as text with `digits` significant digits, or `decimals` digits after the point; a list of "
                + "numbers as one text, each item formatted: \"[0.047, 3.1]\".",
            arguments: [FormatArgument.x, FormatArgument.digits, FormatArgument.decimals],
            example: "fmt(0.047312, digits: 2)   # \"0.047\"\nfmt(3.14159, decimals: 2)   # \"3.14\""
        ) { c in
            let decimals = try c[FormatArgument.decimals]
            let digits = try c[FormatArgument.digits]
            func format(_ v: Value) throws -> Value {
                switch v {
                case .number(let x):
                    guard x.isFinite else { return .string(ValueFormatter.number(x)) }
                    if let decimals { return .string(String(format: "%.\(decimals)f", x)) }
                    return .string(ValueFormatter.trimExponent(String(format: "%.\(digits)g", x)))
                case .list(let items):
                    // One text for printing, not a list of quoted strings: "[0.1235, 2]".
                    let parts = try items.map { item -> String in
                        guard case .string(let t) = try format(item) else { return "" }
                        return t
                    }
                    return .string("[" + parts.joined(separator: ", ") + "]")
                default:
                    throw c.argumentError(
                        FormatArgument.x, "must be a number or a list of numbers, got a \(v.typeName)")
                }
            }
            return try format(try c[FormatArgument.x])
        }
    }
}
