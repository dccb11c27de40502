/// Planes through the data (docs/measures.md, "Variability on the data"): the net is looked at
/// where the data lives, on the plane through three training points, rather than on a random
/// plane through the input cube. Net i's triples come from a stream of its own, so a family's
/// numbers do not depend on threads, shards or the store.
public struct DataPlanes: Sendable, Equatable {
    /// The training points, row-major, `dimension` numbers each.
    public let points: [Double]
    /// Features per point.
    public let dimension: Int
    /// The data set's name and fingerprint (the store's key carries the fingerprint).
    public let name: String
    /// The data set's fingerprint (the store keys a family seen through data by it).
    public let fingerprint: String

    /// How many points the planes are drawn through.
    public var count: Int { dimension > 0 ? points.count / dimension : 0 }

    /// The training points of `data`; nil when it has fewer than 3 (a plane needs three).
    public init?(_ data: Dataset) {
        guard data.train.count >= 3 else { return nil }
        points = data.train.inputs
        dimension = data.dimension
        name = data.name
        fingerprint = data.fingerprint
    }

    /// The coordinates of point `i`.
    public func point(_ i: Int) -> [Double] { Array(points[dimension * i..<dimension * (i + 1)]) }

    /// How many triples a plane may try before giving up: triples of repeated or collinear
    /// points have no plane, and are drawn again from the same stream.
    static let attempts = 1000

    /// Net `net`'s `count` planes, plane k through a triple of distinct training points drawn
    /// from the stream (seed XOR "TRIPLES", 65536 net + k). A data set whose points are all on
    /// one line gives no plane: the triple's plane is then nil and the caller is told.
    public func planes(seed: UInt64, net: Int, count: Int) -> [(plane: Plane?, triple: [Int])] {
        (0..<max(1, count)).map { k in
            var rng = RandomStream(seed: seed ^ 0x5452_4950_4C45_53, stream: UInt64(net) &* 65_536 &+ UInt64(k))
            var last = [0, 1, 2]
            for _ in 0..<Self.attempts {
                let a = rng.index(below: self.count)
                var b = rng.index(below: self.count - 1)
                if b >= a { b += 1 }
                var c = rng.index(below: self.count - 2)
                for taken in [a, b].sorted() where c >= taken { c += 1 }
                last = [a, b, c]
                if let plane = Plane.through(point(a), point(b), point(c)) {
                    return (
                        plane.described("plane through training points \(a + 1), \(b + 1), \(c + 1) of \(name)"), last
                    )
                }
            }
            return (nil, last)
        }
    }
}
