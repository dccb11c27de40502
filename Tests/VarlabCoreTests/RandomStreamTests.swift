import Testing
import VarlabCore

@Suite struct RandomStreamTests {
    @Test func sameSeedSameNumbers() {
        var a = RandomStream(seed: 42, stream: 7), b = RandomStream(seed: 42, stream: 7)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func streamsDiffer() {
        var a = RandomStream(seed: 42, stream: 0), b = RandomStream(seed: 42, stream: 1)
        let xs = (0..<8).map { _ in a.next() }, ys = (0..<8).map { _ in b.next() }
        #expect(xs != ys)
    }

    @Test func normalMomentsMatch() {
        var rng = RandomStream(seed: 1)
        let n = 200_000
        var sum = 0.0, sum2 = 0.0, sum4 = 0.0
        for _ in 0..<n {
            let z = rng.normal()
            sum += z
            sum2 += z * z
            sum4 += z * z * z * z
        }
        #expect(abs(sum / Double(n)) < 0.01)
        #expect(abs(sum2 / Double(n) - 1) < 0.015)
        #expect(abs(sum4 / Double(n) - 3) < 0.08)  // kurtosis of a normal
    }

    @Test func uniformIsInRangeWithRightMean() {
        var rng = RandomStream(seed: 9)
        let xs = (0..<100_000).map { _ in rng.uniform() }
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(xs.reduce(0, +) / 100_000 - 0.5) < 0.005)
    }
}
