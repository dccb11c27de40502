/// Labelled tasks in d dimensions with a knob for difficulty (docs/measures.md, "Inputs
/// beyond two dimensions"): the parity of the signs of k coordinates, and two Gaussian
/// clouds at a given separation. Points come from the streams (seed, 1) and (seed, 2) for
/// training and test, as the 2-D sets do.
public enum SyntheticTask: Sendable, Equatable {
    /// x uniform in [-1, 1]^d, label = sign(x_1) ... sign(x_k): k = 1 is a half-space; each
    /// further coordinate doubles the number of regions (k = 2 is XOR).
    case parity(dimension: Int, coordinates: Int)
    /// Two classes N(+-(s/2) e, I) along a random unit direction e: s is the distance between
    /// the means in standard deviations (the Bayes error is Phi(-s/2)).
    case mixture(dimension: Int, separation: Double)

    /// Features per point.
    public var dimension: Int {
        switch self {
        case .parity(let d, _), .mixture(let d, _): d
        }
    }

    /// The task's name, as results report it.
    public var name: String {
        switch self {
        case .parity(let d, let k): "parity of \(k) signs in \(d)-D"
        case .mixture(let d, let s): "Gaussian mixture in \(d)-D, separation \(s)"
        }
    }

    /// Draws the task's train and test points from `seed`.
    public func generate(train: Int, test: Int, seed: UInt64 = RandomStream.defaultSeed) -> Dataset {
        var direction = RandomStream(seed: seed, stream: 0)
        let e: [Double] = {
            let g = (0..<dimension).map { _ in direction.normal() }
            let n = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return g.map { $0 / n }
        }()
        func split(stream: UInt64, count: Int) -> Dataset.Split {
            var rng = RandomStream(seed: seed, stream: stream)
            var inputs: [Double] = [], labels: [Double] = []
            inputs.reserveCapacity(dimension * count)
            for i in 0..<count {
                switch self {
                case .parity(let d, let k):
                    let x = (0..<d).map { _ in rng.uniform(-1, 1) }
                    inputs += x
                    labels.append(x.prefix(k).reduce(1.0) { $0 * ($1 < 0 ? -1 : 1) })
                case .mixture(let d, let s):
                    let label: Double = i % 2 == 0 ? 1 : -1
                    inputs += (0..<d).map { label * s / 2 * e[$0] + rng.normal() }
                    labels.append(label)
                }
            }
            return Dataset.Split(inputs: inputs, labels: labels, dimension: dimension)
        }
        return Dataset(name: name, train: split(stream: 1, count: train), test: split(stream: 2, count: test))
    }
}
