import Foundation

/// Labelled points in [-1, 1]^2 (labels +1 / -1), split into training and test sets.
public struct Dataset: Sendable, Equatable {
    public struct Split: Sendable, Equatable {
        /// Row-major (x, y) pairs.
        public var inputs: [Double]
        public var labels: [Double]
        public var count: Int { labels.count }

        public init(inputs: [Double], labels: [Double]) {
            self.inputs = inputs
            self.labels = labels
        }

        public var positiveShare: Double {
            labels.isEmpty ? 0 : Double(labels.filter { $0 > 0 }.count) / Double(labels.count)
        }

        /// At most `limit` points spread evenly over the split (every k-th, k = ceil(n /
        /// limit)), so a split stored in any order (a CSV sorted by label) is sampled fairly.
        public func strided(atMost limit: Int) -> Split {
            guard count > limit, limit > 0 else { return self }
            let k = (count + limit - 1) / limit
            let picked = Swift.stride(from: 0, to: count, by: k)
            return Split(
                inputs: picked.flatMap { [inputs[2 * $0], inputs[2 * $0 + 1]] }, labels: picked.map { labels[$0] })
        }
    }

    public var name: String
    public var train: Split
    public var test: Split

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

    public init(name: String, train: Split, test: Split) {
        self.name = name
        self.train = train
        self.test = test
    }

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

    public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads "x,y,label" rows (an optional header first; labels +1/-1 or 1/0; any line
    /// endings, TextLines), with an optional fourth column "train"/"test" (as save() writes);
    /// without it a seeded quarter of the rows is held out for testing. Nothing is returned unless every row is good;
    /// the first bad row is reported with its line.
    public static func parseCSV(
        _ text: String, name: String, testShare: Double = 0.25, seed: UInt64 = RandomStream.defaultSeed,
        maximumRows: Int = 10_000_000
    ) throws -> Dataset {
        var inputs: [Double] = [], labels: [Double] = [], splits: [String] = []
        for (offset, rawLine) in TextLines.split(text).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let numbers = fields.prefix(3).map { Double($0) }
            if offset == 0 && numbers.contains(where: { $0 == nil }) { continue }  // header
            guard fields.count == 3 || fields.count == 4 else {
                throw CSVError(
                    line: offset + 1,
                    message: "expected 3 fields (x, y, label) and an optional split, found \(fields.count)")
            }
            if fields.count == 4 {
                guard fields[3] == "train" || fields[3] == "test" else {
                    throw CSVError(
                        line: offset + 1, message: "the fourth field must be train or test, found '\(fields[3])'")
                }
                splits.append(fields[3])
            }
            guard let x = numbers[0], let y = numbers[1], let label = numbers[2] else {
                let bad = fields[numbers.firstIndex { $0 == nil } ?? 0]
                throw CSVError(line: offset + 1, message: "'\(bad)' is not a number")
            }
            guard x.isFinite, y.isFinite else {
                throw CSVError(line: offset + 1, message: "coordinates must be finite numbers")
            }
            guard label == 1 || label == -1 || label == 0 else {
                throw CSVError(line: offset + 1, message: "label must be 1 or -1 (or 0 for -1), found \(fields[2])")
            }
            guard labels.count < maximumRows else {
                throw CSVError(line: offset + 1, message: "more than \(maximumRows) rows")
            }
            inputs += [x, y]
            labels.append(label == 0 ? -1 : label)
        }
        guard labels.count >= 2 else { throw CSVError(line: 1, message: "needs at least 2 data rows") }
        func take(_ idx: [Int]) -> Split {
            Split(inputs: idx.flatMap { [inputs[2 * $0], inputs[2 * $0 + 1]] }, labels: idx.map { labels[$0] })
        }
        if !splits.isEmpty {
            guard splits.count == labels.count else {
                throw CSVError(line: 1, message: "either every row or no row has a split column")
            }
            let all = Array(0..<labels.count)
            return Dataset(
                name: name, train: take(all.filter { splits[$0] == "train" }),
                test: take(all.filter { splits[$0] == "test" }))
        }
        // A seeded shuffle decides which rows are held out for testing.
        var order = Array(0..<labels.count)
        var rng = RandomStream(seed: seed, stream: 3)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.index(below: i + 1)) }
        let testCount = max(1, Int(Double(labels.count) * testShare))
        return Dataset(name: name, train: take(Array(order[testCount...])), test: take(Array(order[..<testCount])))
    }
}
