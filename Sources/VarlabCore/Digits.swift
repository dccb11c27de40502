import Foundation

/// The UCI optical handwritten digits (1797 8 x 8 images, 64 features; Resources/digits.md
/// says where the file comes from and its licence) as binary tasks for trainability beyond
/// two dimensions (docs/measures.md, "Inputs beyond two dimensions").
public enum Digits {
    /// Which images, and which of them are labelled +1.
    public enum Task: Equatable, Sendable, CustomStringConvertible {
        /// Every image: even digits +1, odd -1.
        case parity
        /// Only the two digits: the first +1, the second -1.
        case pair(Int, Int)

        /// The task in words ("even vs odd", "3 vs 8").
        public var description: String {
            switch self {
            case .parity: "even vs odd"
            case .pair(let a, let b): "\(a) vs \(b)"
            }
        }
    }

    public static let count = 1797, features = 64

    /// Why the digits could not be read from the bundled file.
    public struct Failure: Error, CustomStringConvertible {
        /// The reason in words.
        public let description: String
    }

    /// The file's rows: 64 pixel counts (0..16) and the digit.
    public static func rows() throws -> (pixels: [[Double]], digits: [Int]) {
        guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw Failure(description: "the digits data file is missing from this varlab build") }
        var pixels: [[Double]] = [], digits: [Int] = []
        for line in TextLines.split(text).dropFirst() where !line.isEmpty {
            let values = line.split(separator: ",").compactMap { Int($0) }
            guard values.count == features + 1 else {
                throw Failure(description: "digits.csv: a row without 65 numbers")
            }
            pixels.append(values.prefix(features).map(Double.init))
            digits.append(values[features])
        }
        return (pixels, digits)
    }

    /// The task's images with pixels scaled to [-1, 1] (count / 8 - 1), a seeded quarter
    /// held out for testing; `standardise` then centres and scales each feature by the
    /// training points' mean and standard deviation.
    public static func dataset(
        task: Task, seed: UInt64 = RandomStream.defaultSeed, testShare: Double = 0.25, standardise: Bool = false
    ) throws -> Dataset {
        let (pixels, digits) = try rows()
        var inputs: [Double] = [], labels: [Double] = []
        for (x, digit) in zip(pixels, digits) {
            let label: Double
            switch task {
            case .parity: label = digit % 2 == 0 ? 1 : -1
            case .pair(let a, let b):
                guard digit == a || digit == b else { continue }
                label = digit == a ? 1 : -1
            }
            inputs += x.map { $0 / 8 - 1 }
            labels.append(label)
        }
        let all = Dataset.Split(inputs: inputs, labels: labels, dimension: features)
        let data = Dataset.holdingOut(all, share: testShare, seed: seed, name: "digits \(task)")
        return standardise ? data.standardised() : data
    }
}

extension Dataset {
    /// Each feature centred and scaled by the training points' mean and standard deviation,
    /// the same map applied to the test points. A feature that is constant over the training
    /// points is only centred, on its exact value: its computed deviation is rounding noise
    /// (a digits pixel that is always 0 had been divided by 1e-13 and reached 2.5e13).
    public func standardised() -> Dataset {
        let d = dimension, n = Double(max(1, train.count))
        var mean = [Double](repeating: 0, count: d), scale = mean
        for i in 0..<train.count { for k in 0..<d { mean[k] += train.inputs[d * i + k] / n } }
        for i in 0..<train.count {
            for k in 0..<d {
                let e = train.inputs[d * i + k] - mean[k]
                scale[k] += e * e / n
            }
        }
        for k in 0..<d
        where train.count > 0 && (0..<train.count).allSatisfy({ train.inputs[d * $0 + k] == train.inputs[k] }) {
            mean[k] = train.inputs[k]
            scale[k] = 0
        }
        scale = scale.map { $0 > 0 ? $0.squareRoot() : 1 }
        func map(_ s: Split) -> Split {
            var out = s
            for i in 0..<s.count {
                for k in 0..<d { out.inputs[d * i + k] = (s.inputs[d * i + k] - mean[k]) / scale[k] }
            }
            return out
        }
        return Dataset(name: name + " (standardised)", train: map(train), test: map(test))
    }
}
