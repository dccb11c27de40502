import Foundation
import Testing
import VarlabCore
import VarlabHost
import VarlabStore

/// Variability on the data (docs/measures.md): planes through triples of training points, the
/// same numbers for any thread count and any split into shards.
@Suite struct DataPlaneTests {
    static let data = SyntheticTask.parity(dimension: 8, coordinates: 2).generate(train: 300, test: 10, seed: 4)

    @Test func planesPassThroughTheirThreeTrainingPoints() throws {
        let planes = try #require(DataPlanes(Self.data))
        for net in 0..<50 {
            let drawn = planes.planes(seed: 7, net: net, count: 3)
            for (plane, triple) in drawn {
                let p = try #require(plane)
                #expect(Set(triple).count == 3 && triple.allSatisfy { (0..<300).contains($0) })
                for i in triple {
                    let where_ = p.coordinates(of: planes.point(i))
                    #expect(where_.distance < 1e-9 && abs(where_.x) <= 1 && abs(where_.y) <= 1)
                }
            }
            // Net i's triples are its own: the same call gives the same triples.
            #expect(drawn.map(\.triple) == planes.planes(seed: 7, net: net, count: 3).map(\.triple))
        }
        // 2-D data too: a plane through three points of the square.
        let square = try #require(DataPlanes(Dataset.generate(.checkerboard, train: 100, test: 10, cells: 4, seed: 1)))
        let (plane, triple) = square.planes(seed: 1, net: 0, count: 1)[0]
        for i in triple { #expect(try #require(plane).coordinates(of: square.point(i)).distance < 1e-9) }
    }

    @Test func theSameNumbersForAnyThreadsAndShards() throws {
        let spec = MLPSpec(input: 8, depth: 4, width: 10, activation: .abs, seed: 3)
        var options = VariabilityOptions(samples: 24, resolution: 16, planes: 2)
        options.through = DataPlanes(Self.data)
        let one = try Variability.measure(spec, options: options, execution: Execution(threads: 1))
        let three = try Variability.measure(spec, options: options, execution: Execution(threads: 3))
        #expect(one.orders == three.orders && one.aggregates == three.aggregates)
        let paths = (0..<3).map { StoreTests.freshPath("planes\($0)") }
        for (i, path) in paths.enumerated() {
            _ = try Variability.measure(
                spec, options: options,
                execution: Execution(threads: 2, store: try SQLiteStore(path: path), shard: Shard(index: i, count: 3)))
        }
        let merged = try SQLiteStore(path: StoreTests.freshPath("planes-merged"))
        #expect(try merged.merge(paths).skipped.isEmpty)
        let assembled = try Variability.measure(spec, options: options, execution: Execution(threads: 1, store: merged))
        #expect(assembled.work.computed == 0 && assembled.orders == one.orders)
        // Random planes give other numbers, and the store keeps the two apart.
        var random = options
        random.through = nil
        let other = try Variability.measure(spec, options: random, execution: Execution(threads: 1, store: merged))
        #expect(other.work.stored == 0 && other.orders != one.orders)
    }
}
