/// A 2-D plane through a net's d-dimensional input space, on which a landscape is drawn
/// (docs/measures.md, "Inputs beyond two dimensions"): grid point (x, y) in [-1, 1]^2 is the
/// input origin + x u + y v. For d = 2 the square itself (no plane) is today's landscape.
public struct Plane: Equatable, Sendable, CustomStringConvertible {
    /// The plane's centre in the input space.
    public var origin: [Double]
    /// The direction of the landscape's x axis.
    public var u: [Double]
    /// The direction of the landscape's y axis.
    public var v: [Double]
    /// How it was chosen, for captions and provenance ("random plane 0 (seed 1)").
    public var description: String
    /// The points a plane was drawn through (`through`), in the input space; empty otherwise.
    public var points: [[Double]] = []

    /// A plane through `origin` spanned by `u` and `v`, described for captions.
    public init(origin: [Double], u: [Double], v: [Double], description: String) {
        self.origin = origin
        self.u = u
        self.v = v
        self.description = description
    }

    /// The input space's dimension.
    public var dimension: Int { origin.count }

    /// The same plane under another name (for captions).
    public func described(_ text: String) -> Plane {
        var copy = self
        copy.description = text
        return copy
    }

    /// The input at grid point (x, y).
    public func point(x: Double, y: Double) -> [Double] {
        (0..<dimension).map { origin[$0] + x * u[$0] + y * v[$0] }
    }

    /// A random plane through the origin: two orthonormal directions from Gaussian vectors
    /// (Gram-Schmidt), drawn from the stream (seed, index) of its own generator, so net i's
    /// plane k is the same on every machine.
    public static func random(dimension d: Int, seed: UInt64, index: UInt64) -> Plane {
        var rng = RandomStream(seed: seed ^ 0x504C_414E_4553, stream: index)
        let a = (0..<d).map { _ in rng.normal() }, b = (0..<d).map { _ in rng.normal() }
        let (u, v) = orthonormal(a, b)
        return Plane(
            origin: [Double](repeating: 0, count: d), u: u, v: v, description: "random plane (seed \(seed), \(index))")
    }

    /// The plane along two coordinates (0-based i and j): the square [-1, 1]^2 in x_i, x_j,
    /// the other coordinates 0.
    public static func axes(dimension d: Int, _ i: Int, _ j: Int) -> Plane {
        var u = [Double](repeating: 0, count: d), v = u
        u[i] = 1
        v[j] = 1
        return Plane(
            origin: [Double](repeating: 0, count: d), u: u, v: v, description: "plane of x\(i + 1) and x\(j + 1)")
    }

    /// The plane through three points, as in the loss-landscape literature: centred on their
    /// mean, spanned by orthonormal directions of b - a and c - a, scaled so that every
    /// point lies inside the square. nil when the points are (nearly) on one line.
    public static func through(_ a: [Double], _ b: [Double], _ c: [Double]) -> Plane? {
        let d = a.count
        guard b.count == d, c.count == d else { return nil }
        let ab = zip(b, a).map { $0 - $1 }, ac = zip(c, a).map { $0 - $1 }
        guard norm(ab) > 0, norm(ac) > 0 else { return nil }
        // The part of ac off the line through a and b must not vanish.
        let along = dot(ac, ab) / dot(ab, ab)
        let off = norm(zip(ac, ab).map { $0 - along * $1 })
        guard off > 1e-9 * norm(ac) else { return nil }
        let (u, v) = orthonormal(ab, ac)
        let centre = (0..<d).map { (a[$0] + b[$0] + c[$0]) / 3 }
        // Half-width: the largest plane coordinate of the three points, with a margin.
        let reach =
            [a, b, c].map { p -> Double in
                let q = zip(p, centre).map { $0 - $1 }
                return max(Swift.abs(dot(q, u)), Swift.abs(dot(q, v)))
            }.max() ?? 1
        let scale = 1.1 * max(reach, 1e-12)
        var plane = Plane(
            origin: centre, u: u.map { $0 * scale }, v: v.map { $0 * scale },
            description: "plane through three points")
        plane.points = [a, b, c]
        return plane
    }

    /// Where `p` falls in grid coordinates, and how far it is from the plane.
    public func coordinates(of p: [Double]) -> (x: Double, y: Double, distance: Double) {
        let q = zip(p, origin).map { $0 - $1 }
        let uu = Plane.dot(u, u), vv = Plane.dot(v, v)
        let x = Plane.dot(q, u) / uu, y = Plane.dot(q, v) / vv
        let rest = (0..<dimension).map { q[$0] - x * u[$0] - y * v[$0] }
        return (x, y, Plane.norm(rest))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    /// Gram-Schmidt, twice for the second vector (one pass loses orthogonality in float64
    /// when a and b are nearly parallel).
    static func orthonormal(_ a: [Double], _ b: [Double]) -> ([Double], [Double]) {
        let u = a.map { $0 / norm(a) }
        var v = b
        for _ in 0..<2 {
            let p = dot(v, u)
            v = zip(v, u).map { $0 - p * $1 }
        }
        let n = norm(v)
        return (u, v.map { $0 / n })
    }

    // MARK: the net on the plane

    /// The net restricted to the plane: a 2-input net whose first layer is W (u v) with bias
    /// b + W origin, computed in float64 and rounded once to float32. Every grid method of
    /// varlab then applies unchanged.
    public func restrict(_ net: MLP) -> MLP {
        var out = net
        let first = net.layers[0]
        let folded = fold(
            weights: first.weights.map(Double.init), bias: first.bias.map(Double.init), outputs: first.outputs)
        out.layers[0] = DenseLayer(
            inputs: 2, outputs: first.outputs, weights: folded.weights.map(Float.init),
            bias: folded.bias.map(Float.init),
            activation: first.activation)
        return out
    }

    /// W (u v) and b + W origin for a first layer of `outputs` rows over `dimension` inputs.
    func fold(weights w: [Double], bias b: [Double], outputs: Int) -> (weights: [Double], bias: [Double]) {
        let d = dimension
        var weights = [Double](repeating: 0, count: 2 * outputs), bias = b
        for i in 0..<outputs {
            var su = 0.0, sv = 0.0, so = 0.0
            for k in 0..<d {
                let wik = w[i * d + k]
                su += wik * u[k]
                sv += wik * v[k]
                so += wik * origin[k]
            }
            weights[2 * i] = su
            weights[2 * i + 1] = sv
            bias[i] += so
        }
        return (weights, bias)
    }
}
