import Foundation

/// Labelled points (labels +1 / -1) with d features each, split into training and test
/// sets: the 2-D sets on [-1, 1]^2, and sets of any dimension (docs/measures.md, "Inputs
/// beyond two dimensions").
public struct Dataset: Sendable, Equatable {
    /// One split (train or test): points and their labels.
    public struct Split: Sendable, Equatable {
        /// Row-major: point i is inputs[d i ..< d (i + 1)], d = `dimension`.
        public var inputs: [Double]
        /// One label per point, +1 or -1.
        public var labels: [Double]
        /// Coordinates per point.
        public var dimension: Int
        /// How many points the split has.
        public var count: Int { labels.count }

        /// A split of `labels.count` points, `dimension` coordinates each, point after point.
        public init(inputs: [Double], labels: [Double], dimension: Int = 2) {
            self.inputs = inputs
            self.labels = labels
            self.dimension = dimension
        }

        /// The points at these indices, in this order.
        public func picking(_ indices: [Int]) -> Split {
            let d = dimension
            return Split(
                inputs: indices.flatMap { inputs[(d * $0)..<(d * $0 + d)] }, labels: indices.map { labels[$0] },
                dimension: d)
        }

        /// The share of points labelled +1.
        public var positiveShare: Double {
            labels.isEmpty ? 0 : Double(labels.filter { $0 > 0 }.count) / Double(labels.count)
        }

        /// At most `limit` points spread evenly over the split (every k-th, k = ceil(n /
        /// limit)), so a split stored in any order (a CSV sorted by label) is sampled fairly.
        public func strided(atMost limit: Int) -> Split {
            guard count > limit, limit > 0 else { return self }
            let k = (count + limit - 1) / limit
            return picking(Array(Swift.stride(from: 0, to: count, by: k)))
        }
    }

    /// The data set's name, as results report it ("checkerboard").
    public var name: String
    /// The points training sees.
    public var train: Split
    /// The points accuracy is measured on.
    public var test: Split
    /// Features per point.
    public var dimension: Int { train.dimension }

    /// FNV-1a over every coordinate and label (train, then test): equal points, equal print.
    public var fingerprint: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for split in [train, test] {
            for x in split.inputs + split.labels {
                var bits = x.bitPattern
                for _ in 0..<8 {
                    h = (h ^ (bits & 0xff)) &* 0x100_0000_01b3
                    bits >>= 8
                }
            }
        }
        return String(h, radix: 16)
    }

    /// A data set of two splits.
    public init(name: String, train: Split, test: Split) {
        self.name = name
        self.train = train
        self.test = test
    }

    /// The built-in two-dimensional tasks.
    public enum Kind: String, CaseIterable, Sendable {
        case checkerboard, xor, circle, gauss, spiral

        /// Position jitter (std) by default: enough that the playground sets are not
        /// separable with a wide margin, so training on them shows something; none for the
        /// checkerboard, whose definition is exact (docs/measures.md).
        public var defaultNoise: Double {
            switch self {
            case .checkerboard: 0
            case .xor, .circle, .gauss: 0.1
            case .spiral: 0.05
            }
        }
    }

    /// Draws `train` and `test` points of a named problem; noise jitters the points.
    public static func generate(
        _ kind: Kind, train: Int, test: Int, noise: Double = 0, cells: Int = 6,
        seed: UInt64 = RandomStream.defaultSeed
    ) -> Dataset {
        func split(stream: UInt64, count: Int) -> Split {
            var rng = RandomStream(seed: seed, stream: stream)
            var inputs: [Double] = [], labels: [Double] = []
            inputs.reserveCapacity(2 * count)
            for i in 0..<count {
                let (x, y, label) = point(kind, index: i, count: count, cells: cells, rng: &rng)
                inputs.append(clamp(x + noise * rng.normal()))
                inputs.append(clamp(y + noise * rng.normal()))
                labels.append(label)
            }
            return Split(inputs: inputs, labels: labels)
        }
        let name = kind == .checkerboard ? "checkerboard \(cells)x\(cells)" : kind.rawValue
        return Dataset(name: name, train: split(stream: 1, count: train), test: split(stream: 2, count: test))
    }

    static func clamp(_ v: Double) -> Double { min(1, max(-1, v)) }

    /// The k x k checkerboard label of docs/measures.md: +1 when the cell indices have an even sum.
    public static func checkerboardLabel(x: Double, y: Double, cells k: Int) -> Double {
        let ix = min(k - 1, max(0, Int(((x + 1) * Double(k) / 2).rounded(.down))))
        let iy = min(k - 1, max(0, Int(((y + 1) * Double(k) / 2).rounded(.down))))
        return (ix + iy) % 2 == 0 ? 1 : -1
    }

    static func point(
        _ kind: Kind, index i: Int, count: Int, cells: Int,
        rng: inout RandomStream
    ) -> (Double, Double, Double) {
        switch kind {
        case .checkerboard:
            let x = rng.uniform(-1, 1), y = rng.uniform(-1, 1)
            return (x, y, checkerboardLabel(x: x, y: y, cells: cells))
        case .xor:
            // Keep a small margin from the axes, as TensorFlow Playground does.
            var x = rng.uniform(-1, 1), y = rng.uniform(-1, 1)
            x += x > 0 ? 0.05 : -0.05
            y += y > 0 ? 0.05 : -0.05
            return (x, y, x * y >= 0 ? 1 : -1)
        case .circle:
            // Half inside radius 0.5 (+1), half in the ring 0.7 ... 1.0 (-1).
            let inside = i % 2 == 0
            let r = inside ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1.0)
            let angle = rng.uniform(0, 2 * Double.pi)
            return (r * sin(angle), r * cos(angle), inside ? 1 : -1)
        case .gauss:
            let positive = i % 2 == 0
            let c = positive ? 0.45 : -0.45
            return (c + 0.2 * rng.normal(), c + 0.2 * rng.normal(), positive ? 1 : -1)
        case .spiral:
            let positive = i % 2 == 0
            let t = Double(i / 2) / Double(max(1, count / 2))
            let r = 0.95 * t
            let angle = 1.75 * t * 2 * Double.pi + (positive ? 0 : Double.pi)
            return (r * sin(angle), r * cos(angle), positive ? 1 : -1)
        }
    }

    /// Why a CSV file could not be read as points, with its line.
    public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The line of the file (1-based).
        public var line: Int
        /// What is wrong there.
        public var message: String
        /// "line N: message".
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads a CSV of labelled points (any line endings, TextLines). Two layouts: "x,y,label"
    /// rows (an optional header first), or a header naming the columns with one called
    /// `label` and every other column a feature (d of them). Labels are +1/-1 or 1/0. An
    /// optional `split` column (the fourth of x,y,label,split, as save() writes) holds train
    /// or test; without it a seeded quarter of the rows is held out for testing. Nothing is
    /// returned unless every row is good; the first bad row is reported with its line.
    public static func parseCSV(
        _ text: String, name: String, testShare: Double = 0.25, seed: UInt64 = RandomStream.defaultSeed,
        maximumRows: Int = 10_000_000
    ) throws -> Dataset {
        var inputs: [Double] = [], labels: [Double] = [], splits: [String] = []
        var layout: CSVLayout? = nil
        for (offset, rawLine) in TextLines.split(text).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if layout == nil {
                layout = try CSVLayout(firstRow: fields, line: offset + 1)
                if layout?.isHeader == true { continue }
            }
            guard let layout else { continue }
            guard labels.count < maximumRows else {
                throw CSVError(line: offset + 1, message: "more than \(maximumRows) rows")
            }
            let row = try layout.read(fields, line: offset + 1)
            inputs += row.features
            labels.append(row.label)
            if let split = row.split { splits.append(split) }
        }
        guard labels.count >= 2, let layout else { throw CSVError(line: 1, message: "needs at least 2 data rows") }
        let all = Split(inputs: inputs, labels: labels, dimension: layout.dimension)
        if !splits.isEmpty {
            guard splits.count == labels.count else {
                throw CSVError(line: 1, message: "either every row or no row has a split column")
            }
            let indices = Array(0..<labels.count)
            return Dataset(
                name: name, train: all.picking(indices.filter { splits[$0] == "train" }),
                test: all.picking(indices.filter { splits[$0] == "test" }))
        }
        return holdingOut(all, share: testShare, seed: seed, name: name)
    }

    /// The points split by a seeded shuffle: a share of them (at least one) held out for testing.
    public static func holdingOut(_ all: Split, share: Double, seed: UInt64, name: String) -> Dataset {
        var order = Array(0..<all.count)
        var rng = RandomStream(seed: seed, stream: 3)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.index(below: i + 1)) }
        let testCount = max(1, Int(Double(all.count) * share))
        return Dataset(
            name: name, train: all.picking(Array(order[testCount...])), test: all.picking(Array(order[..<testCount])))
    }
}

/// Which columns of a dataset CSV are features, label and split.
struct CSVLayout {
    var features: [Int]
    var label: Int
    var split: Int?
    var isHeader: Bool
    var dimension: Int { features.count }

    /// From the first row: a header with a `label` column (named layout), a header or data
    /// row of the x, y, label layout.
    init(firstRow fields: [String], line: Int) throws {
        let lower = fields.map { $0.lowercased() }
        if let label = lower.firstIndex(of: "label") {
            let splitColumn = lower.firstIndex(of: "split")
            split = splitColumn
            features = fields.indices.filter { $0 != label && $0 != splitColumn }
            self.label = label
            isHeader = true
            guard !features.isEmpty else {
                throw Dataset.CSVError(line: line, message: "no feature columns besides label")
            }
            return
        }
        guard fields.count == 3 || fields.count == 4 else {
            throw Dataset.CSVError(
                line: line,
                message:
                    "expected 3 fields (x, y, label) and an optional split, or a header naming a label column; "
                    + "found \(fields.count)"
            )
        }
        features = [0, 1]
        label = 2
        split = fields.count == 4 ? 3 : nil
        isHeader = fields.prefix(3).contains { Double($0) == nil }
    }

    func read(_ fields: [String], line: Int) throws -> (features: [Double], label: Double, split: String?) {
        let expected = features.count + 1 + (split == nil ? 0 : 1)
        guard fields.count == expected else {
            throw Dataset.CSVError(line: line, message: "expected \(expected) fields, found \(fields.count)")
        }
        var values: [Double] = []
        for i in features {
            guard let x = Double(fields[i]) else {
                throw Dataset.CSVError(line: line, message: "'\(fields[i])' is not a number")
            }
            guard x.isFinite else { throw Dataset.CSVError(line: line, message: "coordinates must be finite numbers") }
            values.append(x)
        }
        guard let label = Double(fields[label]) else {
            throw Dataset.CSVError(line: line, message: "'\(fields[self.label])' is not a number")
        }
        guard label == 1 || label == -1 || label == 0 else {
            throw Dataset.CSVError(
                line: line, message: "label must be 1 or -1 (or 0 for -1), found \(fields[self.label])")
        }
        var splitName: String? = nil
        if let split {
            guard fields[split] == "train" || fields[split] == "test" else {
                let position = split == 3 && features == [0, 1] ? "the fourth field" : "the split column"
                throw Dataset.CSVError(
                    line: line, message: "\(position) must be train or test, found '\(fields[split])'")
            }
            splitName = fields[split]
        }
        return (values, label == 0 ? -1 : label, splitName)
    }
}
