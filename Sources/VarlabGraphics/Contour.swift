/// The zero level set of a field on the grid, by marching squares: line segments in the
/// square's coordinates [-1, 1]^2 (y up), each crossing placed by linear interpolation
/// between the two cells it separates.
public enum Contour {
    public struct Segment: Sendable, Equatable {
        public var x1, y1, x2, y2: Double
    }

    public static func zero(values: [Double], resolution r: Int) -> [Segment] {
        guard r >= 2, values.count == r * r else { return [] }
        func coord(_ k: Double) -> Double { -1 + 2 * k / Double(r - 1) }
        var segments: [Segment] = []
        for i in 0..<(r - 1) {
            for j in 0..<(r - 1) {
                // Corners counter-clockwise from the bottom-left: (i, j), (i, j+1), (i+1, j+1), (i+1, j).
                let v = [
                    values[i * r + j], values[i * r + j + 1], values[(i + 1) * r + j + 1], values[(i + 1) * r + j],
                ]
                guard v.allSatisfy(\.isFinite) else { continue }
                let corners = [
                    (Double(j), Double(i)), (Double(j + 1), Double(i)), (Double(j + 1), Double(i + 1)),
                    (Double(j), Double(i + 1)),
                ]
                var crossings: [(Double, Double)] = []
                for e in 0..<4 {
                    let a = v[e], b = v[(e + 1) % 4]
                    guard (a > 0) != (b > 0) else { continue }
                    let t = a / (a - b)
                    let (x0, y0) = corners[e], (x1, y1) = corners[(e + 1) % 4]
                    crossings.append((coord(x0 + (x1 - x0) * t), coord(y0 + (y1 - y0) * t)))
                }
                // Two crossings: one segment. Four (a saddle): the cell's mean decides which pair of
                // opposite corners is joined; the contour then cuts off the other two.
                if crossings.count == 2 {
                    segments.append(
                        Segment(x1: crossings[0].0, y1: crossings[0].1, x2: crossings[1].0, y2: crossings[1].1))
                } else if crossings.count == 4 {
                    let centrePositive = v.reduce(0, +) > 0
                    let pairs = centrePositive == (v[0] > 0) ? [(0, 1), (2, 3)] : [(0, 3), (1, 2)]
                    for (a, b) in pairs {
                        segments.append(
                            Segment(x1: crossings[a].0, y1: crossings[a].1, x2: crossings[b].0, y2: crossings[b].1))
                    }
                }
            }
        }
        return segments
    }
}
