import VarlabCore

/// Lists, tables, strings and printing.
enum CollectionBuiltins {
    static func numbers(_ c: CallContext, _ what: String) throws -> [Double] {
        // Either one list argument or several numbers.
        var items: [Value]
        if c.rest.isEmpty, case .list(let list)? = c.value("values") { items = list } else {
            items = (c.value("values").map { [$0] } ?? []) + c.rest
        }
        if items.isEmpty { throw c.error("\(what) of an empty list") }
        if items.count == 1, case .list(let inner) = items[0] { items = inner }
        return try items.map { v in
            guard case .number(let x) = v else { throw c.error("\(c.builtin.name): expected numbers, got a \(v.typeName)") }
            return x
        }
    }

    static let valuesParameter = Builtin.Parameter("values", "a list of numbers, or numbers as separate arguments")

    static var all: [Builtin] {
        [
            Builtin("print", topic: "lists", "Prints its arguments separated by spaces (a table alone prints as aligned columns, a result alone as its summary).", parameters: [.init("value", default: "\"\"", "what to print")],
                    variadic: true, example: "print(\"depth\", 4)") { c in
                let parts = (c.value("value").map { [$0] } ?? []) + c.rest
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
            Builtin("str", topic: "lists", "The value as text.", parameters: [.init("value", "any value")], example: "\"L = \" + str(4)") { c in
                .string(ValueFormatter.inline(try c.required("value")))
            },
            Builtin("type", topic: "lists", "The name of a value's type.", parameters: [.init("value", "any value")], example: "type(relu)") { c in
                .string(try c.required("value").typeName)
            },
            Builtin("len", topic: "lists", "Number of items of a list, characters of a string or fields of a record.",
                    parameters: [.init("value", "a list, string or record")], example: "len([1, 2, 3])") { c in
                switch try c.required("value") {
                case .list(let items): return .number(Double(items.count))
                case .string(let s): return .number(Double(s.count))
                case .record(let r): return .number(Double(r.count))
                case let v: throw c.argumentError("value", "must be a list, string or record, got a \(v.typeName)")
                }
            },
            Builtin("range", topic: "lists", "Whole numbers from `from` up to but not including `to`, by `step`.",
                    parameters: [.init("from", "start (or the end, when alone)"), .init("to", default: "nil", "end, not included"), .init("step", default: "1", "step, not 0")],
                    example: "range(5)   range(1, 10, step: 2)") { c in
                var start = try c.number("from"), end = 0.0
                if c.has("to") { end = try c.number("to") } else { end = start; start = 0 }
                let step = try c.number("step", default: 1)
                guard step != 0 else { throw c.argumentError("step", "must not be 0") }
                let count = max(0, ((end - start) / step).rounded(.up))
                guard count <= Double(c.interpreter.options.limits.maximumListLength) else {
                    throw c.error("range of \(formatNumber(count)) items is over the limit \(c.interpreter.options.limits.maximumListLength) (VARLAB_MAX_LIST)")
                }
                return .list((0..<Int(count)).map { .number(start + Double($0) * step) })
            },
            Builtin("min", topic: "math", "The smallest of the numbers.", parameters: [valuesParameter], variadic: true, example: "min([3, 1, 2])") { c in
                .number(try numbers(c, "min").min() ?? .nan)
            },
            Builtin("max", topic: "math", "The largest of the numbers.", parameters: [valuesParameter], variadic: true, example: "max(3, 1, 2)") { c in
                .number(try numbers(c, "max").max() ?? .nan)
            },
            Builtin("sum", topic: "math", "The sum of the numbers.", parameters: [valuesParameter], variadic: true, example: "sum([1, 2, 3])") { c in
                .number(try numbers(c, "sum").reduce(0, +))
            },
            Builtin("mean", topic: "math", "The arithmetic mean.", parameters: [valuesParameter], variadic: true, example: "mean(t.v3)") { c in
                .number(Statistics.mean(try numbers(c, "mean")))
            },
            Builtin("std", topic: "math", "The sample standard deviation (n - 1).", parameters: [valuesParameter], variadic: true, example: "std([1, 2, 4])") { c in
                .number(Statistics.sampleStd(try numbers(c, "std")))
            },
            Builtin("map", topic: "lists", "Applies a function to every item.", parameters: [.init("list", "a list"), .init("f", "a function of one item")],
                    example: "map([1, 2, 3], fn (x) { return x * x })") { c in
                let f = try function(c, "f")
                return .list(try c.list("list").map { try c.interpreter.call(f, positional: [($0, c.location)], at: c.location) })
            },
            Builtin("filter", topic: "lists", "The items for which a function returns true.", parameters: [.init("list", "a list"), .init("f", "a test of one item")],
                    example: "filter(t, fn (row) { return row.act == \"abs\" })") { c in
                let f = try function(c, "f")
                return .list(try c.list("list").filter { try c.interpreter.call(f, positional: [($0, c.location)], at: c.location).isTruthy })
            },
            Builtin("sort", topic: "lists", "Sorts numbers or strings, or a table by a column.",
                    parameters: [.init("list", "a list"), .init("by", default: "nil", "column name, for a table"), .init("descending", default: "false", "largest first")],
                    example: "sort(t, by: \"v3\", descending: true)") { c in
                let items = try c.list("list")
                let key = c.has("by") ? try c.string("by") : nil
                let keyed: [(Value, Value)] = try items.map { item in
                    guard let key else { return (item, item) }
                    return (item, try Members.get(item, key, at: c.location))
                }
                var failure: VarlabError?
                var sorted = keyed.sorted { a, b in
                    do { return try Operators.compare(.less, a.1, b.1, at: c.location) } catch let e as VarlabError { failure = e; return false } catch { return false }
                }.map(\.0)
                if let failure { throw failure }
                if try c.bool("descending", default: false) { sorted.reverse() }
                return .list(sorted)
            },
            Builtin("reverse", topic: "lists", "The list in reverse order.", parameters: [.init("list", "a list")], example: "reverse([1, 2, 3])") { c in
                .list(try c.list("list").reversed())
            },
            Builtin("append", topic: "lists", "A new list with an item added at the end.", parameters: [.init("list", "a list"), .init("item", "the item")],
                    example: "xs = append(xs, 4)") { c in
                var items = try c.list("list")
                guard items.count < c.interpreter.options.limits.maximumListLength else { throw c.error("list longer than the limit (VARLAB_MAX_LIST)") }
                items.append(try c.required("item"))
                return .list(items)
            },
            Builtin("keys", topic: "lists", "The field names of a record (or the columns of a table).", parameters: [.init("record", "a record or table")],
                    example: "keys(variability(mlp(depth: 4), samples: 20))") { c in
                .list(try Members.available(try c.required("record"), at: c.location).map { .string($0.0) })
            },
            Builtin("column", topic: "lists", "One column of a table as a list (same as t.name).",
                    parameters: [.init("table", "a list of records"), .init("name", "the column")], example: "column(t, \"v3\")") { c in
                try Members.get(try c.required("table"), try c.string("name"), at: c.location)
            },
        ]
    }

    static func function(_ c: CallContext, _ name: String) throws -> Callable {
        let v = try c.required(name)
        guard case .function(let f) = v else { throw c.argumentError(name, "must be a function, got a \(v.typeName)") }
        return f
    }
}
