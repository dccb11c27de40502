import VarlabCore

/// The text of `:help` and `:help NAME`: the product explained in its own words.
public enum Help {
    /// The tour `:help` prints first.
    public static let overview = """
        varlab — why some multi-layer perceptrons train and others don't

        At a fixed parameter budget, a deeper MLP is a narrower one. Draw its weights at random
        (well scaled) and look at its output over the square [-1, 1]²: that picture is its
        landscape. Its variability, V3 = the mean size of third differences of the landscape
        divided by its RMS, first rises with depth (more bends), then falls, because deep narrow
        nets collapse to a constant (C2C): the output goes flat. Variability measured at
        initialisation predicts which nets train well, and abs beats relu because its units never die.

        Measures (of one landscape on an r x r grid; r is part of every value):
        \(measureLines)

        The language in brief (grammar.md has it all):
          net = mlp(depth: 20, act: abs)              # a random family at budget 10000
          variability(net, samples: 1000)             # mean V3 over 1000 random nets
          t = sweep(depth: [1, 4, 16, 64], act: [relu, abs], params: 10000) |> variability(samples: 100)
          plot(t, x: "depth", y: "v3", by: "act", log_x: true)
          show(sweep(depth: [1, 4, 16, 64], act: abs, params: 2000))
          for L in [2, 8] { print(L, mlp(depth: L).width) }
          fn double(x) { return 2 * x }

        Commands: :help [NAME], :vars, :load FILE, :reset, :quit (or Ctrl-D). In scripts: help(NAME). Ctrl-C stops a
        running computation, or clears the line. Tab completes names and argument names.
        """

    /// The declared per-net measures, one each (LandscapeMeasures.perNet).
    static var measureLines: String {
        let entries =
            [
                ("V_k", "(mean|k-th x-difference| + mean|k-th y-difference|) / 2 / RMS, k = 1..4"),
                ("C2C", "collapse to a constant: RMS = 0 or spread <= tol (1e-3; 1e-2 also reported)"),
            ] + LandscapeMeasures.perNet.map { ($0.name, $0.doc) }
        let width = max(10, (entries.map(\.0.count).max() ?? 0) + 2)
        return entries.map { name, doc in
            wrap(name.padding(toLength: width, withPad: " ", startingAt: 0) + doc, indent: 2, hanging: width)
        }.joined(separator: "\n")
    }

    /// A topic first (with the builtin of the same name after it), then a builtin, then a keyword.
    public static func topic(_ name: String, interpreter: Interpreter) -> String? {
        let topicBuiltins = interpreter.builtinNames.compactMap { interpreter.builtin(named: $0) }.filter {
            $0.topic.rawValue == name
        }
        let b = interpreter.builtin(named: name)
        if !topicBuiltins.isEmpty {
            var listing =
                "\(name):\n"
                + topicBuiltins.map { "  \($0.signature)\n" + wrap($0.summary, indent: 6) }.joined(separator: "\n")
            if let note = HelpTopic(rawValue: name).flatMap({ topicNotes[$0] }) { listing += "\n\n" + note }
            return b.map { listing + "\n\n" + builtin($0) } ?? listing
        }
        if let b { return builtin(b) }
        return keywordHelp[name]
    }

    /// Every builtin by topic, and the keywords.
    public static func index(interpreter: Interpreter) -> String {
        let builtins = interpreter.builtinNames.compactMap { interpreter.builtin(named: $0) }
        var lines = ["Builtins by topic (:help NAME for one, :help TOPIC for a topic):"]
        for topic in HelpTopic.allCases {
            let names = builtins.filter { $0.topic == topic }.map(\.name)
            if !names.isEmpty { lines.append("  \(topic.rawValue): " + names.joined(separator: ", ")) }
        }
        lines.append("Keywords and syntax (:help NAME): " + keywordHelp.keys.sorted().joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    static func builtin(_ b: Builtin) -> String {
        var lines = [b.signature, wrap(b.summary, indent: 2)]
        if !b.parameters.isEmpty {
            lines.append("Arguments:")
            let width = b.parameters.map(\.name.count).max() ?? 0
            for p in b.parameters {
                let name = p.name + String(repeating: " ", count: width - p.name.count)
                lines.append(
                    wrap(
                        "\(name)  \(p.helpText)"
                            + (p.isRequired ? " (required)" : p.defaultText.map { " (default \($0))" } ?? ""),
                        indent: 2, hanging: width + 2))
            }
        }
        if let returns = b.returns {
            lines.append(
                b.returnsTable
                    ? "Returns a table; each row (a \(returns.name)) has:" : "Returns a \(returns.name) with fields:")
            lines += fieldLines(returns.fields)
        }
        lines.append("Example:")
        lines += b.example.split(separator: "\n").map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// One line per declared field: its name (and companions), format and meaning.
    static func fieldLines(_ fields: [FieldDeclaration]) -> [String] {
        let names = fields.map { f in
            f.uncertainty == nil ? f.name : f.name + " " + f.uncertainty!.suffixes.joined(separator: " ")
        }
        let width = min(28, names.map(\.count).max() ?? 0)
        return zip(names, fields).map { name, f in
            let padded = name + String(repeating: " ", count: max(0, width - name.count))
            return wrap(
                "\(padded)  \(f.doc) [\(f.format.rawValue)\(f.role == .setting ? ", setting" : "")]", indent: 2,
                hanging: width + 2)
        }
    }

    /// Word-wraps text to `width` columns with every line indented (continuation lines by
    /// `hanging` more).
    /// Text broken at spaces to `width` columns (never inside a word), later lines indented by
    /// `indent + hanging`.
    public static func wrap(_ text: String, indent: Int, hanging: Int = 0, width: Int = 88) -> String {
        var pad = String(repeating: " ", count: indent)
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, pad.count + current.count + 1 + word.count > width {
                lines.append(pad + current)
                current = ""
                pad = String(repeating: " ", count: indent + hanging)
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(pad + current) }
        return lines.joined(separator: "\n")
    }

    /// What a topic says beside its builtins.
    static let topicNotes: [HelpTopic: String] = [
        .measures: """
        Precision (docs/measures.md, "Precision"): every V_k is within 1% of its float64 value, every
        spread within 1e-4, every C2C decision float64's, every landscape value within 1e-4 of the RMS.
        Landscapes are computed in float32 and checked against float64 on one row and one column of the
        grid (a shown landscape on every point); where the measured error is not well inside the contract
        the net is computed again in float64 (a landscape's `precision`, a variability result's
        `float64_share`). A net whose float64 V_k move by more than 1% (or a shown landscape's values by
        more than 1e-4 of the RMS) under 1e-7 weight noise is `chaotic`: it says so and prints two digits.
        """
    ]

    static let keywordHelp: [String: String] = [
        "if":
            "if cond { ... } else if other { ... } else { ... }\n  Runs the first branch whose condition holds "
            + "(false and nil are false; everything else is true).",
        "for":
            "for x in xs { ... }\n  Loops over a list, a range (1..8 includes both ends), a string's characters "
            + "or a record's field names.",
        "while":
            "while cond { ... }\n  Loops while cond holds; break leaves the loop, continue skips to the next round.",
        "fn":
            "fn name(a, b: 1) { ... return a + b }\n  Defines a function; parameters may have defaults. fn (x) "
            + "{ x * 2 } is a function value. A function gives what return gives or, without one, the value of its "
            + "last statement when that is an expression (or an if/else whose branch taken ends in one).",
        "return": "return value\n  Leaves the current function with a value (nil without one).",
        "act":
            "act: relu (or abs, tanh, linear, leaky, sigmoid, elu, gelu, sin), or a function of yours of one number:\n"
            + "  mlp(depth: 8, act: fn (x) { x / (1 + abs(x)) })   or   fn softsign(x) { ... } then act: softsign\n"
            + "  Its body may use x, numbers and variables holding numbers (read when the net is made),\n"
            + "  + - * / % ^, if/else with comparisons and and/or/not, local variables, return, the\n"
            + "  activations, exp log log10 sqrt cos floor ceil min max, and functions of yours made of these.\n"
            + "  It is compiled once into steps over whole tiles, differentiated forward-mode for training,\n"
            + "  and refused, naming the input, where it or its derivative is not finite in [-50, 50].\n"
            + "  Results show act_formula (the function as compiled) and act_hash (the store keeps a changed\n"
            + "  function apart); dead, linear and kink shares are absent (its breakpoints are unknown).\n"
            + "  docs/measures.md, \"Custom activations\".",
        "and": "a and b: b if a holds, else a (b is not evaluated then).",
        "or": "a or b: a if a holds, else b.",
        "not": "not a: true when a is false or nil.",
        "|>": "x |> f(a) means f(x, a): pipelines read left to right, e.g. sweep(...) |> variability(samples: 100).",
        "else": "if cond { ... } else { ... }\n  The branch that runs when no condition before it held.",
        "in": "for x in xs { ... }\n  Names the list (or range, string, record) a for loop walks.",
        "true": "true and false are the two truth values; only false and nil count as false.",
        "false": "false: the truth value that, with nil, makes a condition fail.",
        "nil":
            "nil: no value. A function that ends without return or an expression gives nil; nil saves as an empty "
            + "CSV cell and JSON null.",
        "break": "break\n  Leaves the innermost for or while loop.",
        "continue": "continue\n  Skips to the next round of the innermost for or while loop.",
        "_": "_ is the last value the REPL (or a script) echoed: variability(net) then _.v3.",
        "xs[a:b]":
            "xs[a:b] is items a up to but not including b of a list, table or string; xs[-3:] is the last three.",
    ]
}
