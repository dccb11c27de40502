import VarlabCore

/// Lists, tables, strings and printing.
enum CollectionBuiltins {
    static func numbers(_ c: CallContext, _ what: String) throws -> [Double] {
        // Either one list argument or several numbers.
        var items: [Value]
        let first = try c[values]
        if c.rest.isEmpty, case .list(let list) = first {
            items = list
        } else {
            items = [first] + c.rest
        }
        if items.isEmpty { throw c.error("\(what) of an empty list") }
        if items.count == 1, case .list(let inner) = items[0] { items = inner }
        return try items.map { v in
            guard case .number(let x) = v else {
                throw c.error("\(c.builtin.name): expected numbers, got a \(v.typeName)")
            }
            return x
        }
    }

    static let values = BuiltinArgument.value("values", "a list of numbers, or numbers as separate arguments")
    static let printed = BuiltinArgument.optional("value", default: "\"\"", "what to print")
    static let anyValue = BuiltinArgument.value("value", "any value")
    static let sized = BuiltinArgument.value("value", "a list, string or record")
    static let list = BuiltinArgument.list("list", "a list")

    enum RangeArgument {
        static let from = BuiltinArgument.number("from", "start (or the end, when alone)")
        static let to = BuiltinArgument.optionalNumber("to", default: "nil", "end, not included")
        static let step = BuiltinArgument.number("step", default: 1, "step, not 0")
    }

    enum SortArgument {
        static let by = BuiltinArgument.optionalColumn("by", default: "nil", "column name, for a table")
        static let descending = BuiltinArgument.flag("descending", default: false, "largest first")
    }

    static let mapped = BuiltinArgument.function("f", "a function of one item")
    static let test = BuiltinArgument.function("f", "a test of one item")
    static let item = BuiltinArgument.value("item", "the item")
    static let record = BuiltinArgument.value("record", "a record or table")
    static let table = BuiltinArgument.value("table", "a list of records")
    static let columnName = BuiltinArgument.text("name", "the column")

    static var all: [Builtin] {
        [
            Builtin(
                "print", topic: .lists,
                "Prints its arguments separated by spaces (a table alone prints as aligned columns, a result "
                    + "alone as its summary).",
                arguments: [printed],
                variadic: true, example: "print(\"depth\", 4)"
            ) { c in
                let parts = (try c[printed].map { [$0] } ?? []) + c.rest
                // A table alone prints as aligned columns, as an echo would.
                if parts.count == 1, let rows = parts[0].tableRows {
                    c.host.write(ValueFormatter.table(rows) + "\n")
                    return .nil
                }
                // A result alone prints its summary, as an echo would.
                if parts.count == 1, case .result(let r) = parts[0] {
                    c.host.write(r.summary + "\n")
                    return .nil
                }
                c.host.write(parts.map { ValueFormatter.inline($0) }.joined(separator: " ") + "\n")
                return .nil
            },
            Builtin("str", topic: .lists, "The value as text.", arguments: [anyValue], example: "\"L = \" + str(4)") {
                c in
                .string(ValueFormatter.inline(try c[anyValue]))
            },
            Builtin("type", topic: .lists, "The name of a value's type.", arguments: [anyValue], example: "type(relu)")
            { c in
                .string(try c[anyValue].typeName)
            },
            Builtin(
                "len", topic: .lists, "Number of items of a list, characters of a string or fields of a record.",
                arguments: [sized], example: "len([1, 2, 3])"
            ) { c in
                switch try c[sized] {
                case .list(let items): return .number(Double(items.count))
                case .string(let s): return .number(Double(s.count))
                case .record(let r): return .number(Double(r.count))
                case let v: throw c.argumentError(sized, "must be a list, string or record, got a \(v.typeName)")
                }
            },
            Builtin(
                "range", topic: .lists, "Whole numbers from `from` up to but not including `to`, by `step`.",
                arguments: [RangeArgument.from, RangeArgument.to, RangeArgument.step],
                example: "range(5)\nrange(1, 10, step: 2)"
            ) { c in
                var start = try c[RangeArgument.from], end = 0.0
                if let to = try c[RangeArgument.to] {
                    end = to
                } else {
                    end = start
                    start = 0
                }
                let step = try c[RangeArgument.step]
                guard step != 0 else { throw c.argumentError(RangeArgument.step, "must not be 0") }
                let count = max(0, ((end - start) / step).rounded(.up))
                guard count <= Double(c.interpreter.options.limits.maximumListLength) else {
                    throw c.error(
                        "range of \(formatNumber(count)) items is over the limit "
                            + "\(c.interpreter.options.limits.maximumListLength) (VARLAB_MAX_LIST)"
                    )
                }
                return .list((0..<Int(count)).map { .number(start + Double($0) * step) })
            },
            Builtin(
                "min", topic: .math, "The smallest of the numbers.", arguments: [values], variadic: true,
                example: "min([3, 1, 2])"
            ) { c in
                .number(try numbers(c, "min").min() ?? .nan)
            },
            Builtin(
                "max", topic: .math, "The largest of the numbers.", arguments: [values], variadic: true,
                example: "max(3, 1, 2)"
            ) { c in
                .number(try numbers(c, "max").max() ?? .nan)
            },
            Builtin(
                "sum", topic: .math, "The sum of the numbers.", arguments: [values], variadic: true,
                example: "sum([1, 2, 3])"
            ) { c in
                .number(try numbers(c, "sum").reduce(0, +))
            },
            Builtin(
                "mean", topic: .math, "The arithmetic mean.", arguments: [values], variadic: true,
                example: "mean(t.v3)"
            ) { c in
                .number(Statistics.mean(try numbers(c, "mean")))
            },
            Builtin(
                "std", topic: .math, "The sample standard deviation (n - 1).", arguments: [values], variadic: true,
                example: "std([1, 2, 4])"
            ) { c in
                .number(Statistics.sampleStd(try numbers(c, "std")))
            },
            Builtin(
                "map", topic: .lists, "Applies a function to every item.", arguments: [list, mapped],
                example: "map([1, 2, 3], fn (x) { return x * x })"
            ) { c in
                let f = try c[mapped]
                return .list(
                    try c[list].map { try c.interpreter.call(f, positional: [($0, c.location)], at: c.location) })
            },
            Builtin(
                "filter", topic: .lists, "The items for which a function returns true.", arguments: [list, test],
                example: "filter(t, fn (row) { return row.act == \"abs\" })"
            ) { c in
                let f = try c[test]
                return .list(
                    try c[list].filter {
                        try c.interpreter.call(f, positional: [($0, c.location)], at: c.location).isTruthy
                    })
            },
            Builtin(
                "sort", topic: .lists,
                "Sorts numbers or strings, or a table by a column; NaN goes last (first when descending).",
                arguments: [list, SortArgument.by, SortArgument.descending],
                example: "sort(t, by: \"v3\", descending: true)"
            ) { c in
                let items = try c[list]
                let key = try c[SortArgument.by]
                let keyed: [(Value, Value)] = try items.map { item in
                    guard let key else { return (item, item) }
                    return (item, try Members.get(item, key, at: c.location))
                }
                var failure: VarlabError?
                // NaN is unordered, so a comparison with it broke the sort's order (the list came
                // back unsorted): NaNs go last, after every number (first when descending).
                func isNaN(_ v: Value) -> Bool { if case .number(let x) = v { return x.isNaN } else { return false } }
                var sorted = keyed.sorted { a, b in
                    if isNaN(a.1) || isNaN(b.1) { return !isNaN(a.1) }
                    do { return try Operators.compare(.less, a.1, b.1, at: c.location) } catch let e as VarlabError {
                        failure = e
                        return false
                    } catch { return false }
                }.map(\.0)
                if let failure { throw failure }
                if try c[SortArgument.descending] { sorted.reverse() }
                return .list(sorted)
            },
            Builtin(
                "reverse", topic: .lists, "The list in reverse order.", arguments: [list],
                example: "reverse([1, 2, 3])"
            ) { c in
                .list(try c[list].reversed())
            },
            Builtin(
                "append", topic: .lists, "A new list with an item added at the end.", arguments: [list, item],
                example: "xs = [1, 2, 3]\nxs = append(xs, 4)"
            ) { c in
                var items = try c[list]
                guard items.count < c.interpreter.options.limits.maximumListLength else {
                    throw c.error("list longer than the limit (VARLAB_MAX_LIST)")
                }
                items.append(try c[item])
                return .list(items)
            },
            Builtin(
                "keys", topic: .lists, "The field names of a record (or the columns of a table).", arguments: [record],
                example: "keys(variability(mlp(depth: 4), samples: 20))"
            ) { c in
                .list(try Members.available(try c[record], at: c.location).map { .string($0.0) })
            },
            Builtin(
                "column", topic: .lists, "One column of a table as a list (same as t.name).",
                arguments: [table, columnName], example: "column(t, \"v3\")"
            ) { c in
                try Members.get(try c[table], try c[columnName], at: c.location)
            },
        ]
    }
}
