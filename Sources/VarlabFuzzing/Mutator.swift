import VarlabCore

/// Makes new programs from seed programs: character edits, token insertions from the
/// language's vocabulary, line splices between seeds, truncation, and deep nesting.
public struct Mutator {
    public let seeds: [String]
    private var rng: RandomStream
    static let vocabulary: [String] = [
        "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "..", "|>", "=", "==", "!=", "<", ">", "+", "-", "*", "/",
        "%", "^",
        "if", "else", "for", "in", "while", "fn", "return", "break", "continue", "true", "false", "nil", "and", "or",
        "not",
        "mlp", "variability", "landscape", "sweep", "profile", "theory", "train", "trainability", "checkerboard",
        "dataset",
        "show", "plot", "save", "load", "spearman", "relu", "abs", "tanh", "range", "len", "map", "sort", "print",
        "depth:", "width:", "params:", "act:", "samples:", "grid:", "seed:", "lr:", "epochs:", "act_ratio:", "init:",
        "0", "1", "-1", "2.5", "1e308", "1e-308", "0.5", "1e400", "-0", "9007199254740993", "nan", "\"x\"",
        "\"\\u{0}\"",
        "\"\\", "#", "\n", " ", "\t", "x", "y", "f", "é", "∞",
        // Whole arguments with sizes at and past the limits.
        "params: 1e12", "width: 1000000", "depth: 10000", "grid: 1024", "samples: 1000000", "epochs: 100000",
        "n: 10000000", "trials: 1000", "lr: 1e300", "k: 1000", "noise: 10", "act_ratio: 1e-9", "index: 2147483647",
        "seed: 9007199254740992", "order: 4", "tol: 0.999999", "c0: -1", "layers: 10000000", "digits: 15",
        "step: 1e-300",
    ]

    public init(seeds: [String], seed: UInt64) {
        self.seeds = seeds.isEmpty ? [""] : seeds
        rng = RandomStream(seed: seed, stream: 0xF022)
    }

    public mutating func next() -> String {
        var chars = Array(seeds[rng.index(below: seeds.count)])
        let edits = 1 + rng.index(below: 6)
        for _ in 0..<edits { mutate(&chars) }
        return String(chars.prefix(20_000))
    }

    private mutating func mutate(_ chars: inout [Character]) {
        let at = chars.isEmpty ? 0 : rng.index(below: chars.count + 1)
        switch rng.index(below: 10) {
        case 0, 1:  // insert a token
            chars.insert(contentsOf: Mutator.vocabulary[rng.index(below: Mutator.vocabulary.count)], at: at)
        case 2:  // delete a run
            guard !chars.isEmpty else { return }
            let start = rng.index(below: chars.count)
            chars.removeSubrange(start..<min(chars.count, start + 1 + rng.index(below: 8)))
        case 3:  // replace a character with a random printable or control one
            guard !chars.isEmpty else { return }
            let scalar = Unicode.Scalar(UInt8(rng.index(below: 128)))
            chars[rng.index(below: chars.count)] = Character(scalar)
        case 4:  // splice a line from another seed
            let other = seeds[rng.index(below: seeds.count)].split(separator: "\n")
            guard !other.isEmpty else { return }
            chars.insert(contentsOf: other[rng.index(below: other.count)] + "\n", at: at)
        case 5:  // truncate
            chars = Array(chars.prefix(at))
        case 6:  // deep nesting
            let depth = 1 + rng.index(below: 400)
            let open = ["(", "[", "{a: ", "-", "not ", "fn () { return "][rng.index(below: 6)]
            let close = [")", "]", "}", "", "", "}"]
            let i = ["(", "[", "{a: ", "-", "not ", "fn () { return "].firstIndex(of: open) ?? 0
            chars.insert(
                contentsOf: String(repeating: open, count: depth) + "1" + String(repeating: close[i], count: depth),
                at: at)
        case 7:  // duplicate a slice
            guard !chars.isEmpty else { return }
            let start = rng.index(below: chars.count)
            let slice = chars[start..<min(chars.count, start + 1 + rng.index(below: 40))]
            chars.insert(contentsOf: slice, at: min(at, chars.count))
        case 8:  // swap a number for an extreme one
            let extremes = ["0", "-1", "1e9", "1e18", "-1e300", "0.0001", "4294967296", "1e-320", "3.5"]
            chars.insert(contentsOf: extremes[rng.index(below: extremes.count)], at: at)
        default:  // a random unicode scalar
            let scalars: [Unicode.Scalar] = [
                "\u{0}", "\u{7F}", "\u{FEFF}", "\u{202E}", "\u{1F600}", "\u{D7FF}", "\u{10FFFF}", "\r",
            ]
            chars.insert(Character(scalars[rng.index(below: scalars.count)]), at: at)
        }
    }
}
