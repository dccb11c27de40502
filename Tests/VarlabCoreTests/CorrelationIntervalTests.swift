import Foundation
import Testing
import VarlabCore

/// Correlations you can trust (docs/measures.md): the bootstrap interval covers the true
/// coefficient at about its stated rate, and the partial coefficient is the hand computation.
@Suite struct CorrelationIntervalTests {
    /// 200 seeded data sets of 40 pairs from a bivariate normal with correlation rho, whose
    /// Spearman coefficient is (6 / pi) asin(rho / 2): the 95% interval covers it in at least 90%.
    @Test func theBootstrapIntervalCoversTheTrueCoefficient() {
        var covered = 0
        for case_ in 0..<200 {
            var rng = RandomStream(seed: 77, stream: UInt64(case_))
            let rho = [-0.6, 0, 0.3, 0.8][case_ % 4]
            var x: [Double] = [], y: [Double] = []
            for _ in 0..<40 {
                let a = rng.normal(), b = rng.normal()
                x.append(a)
                y.append(rho * a + (1 - rho * rho).squareRoot() * b)
            }
            let truth = 6 / Double.pi * asin(rho / 2)
            let e = CorrelationInterval(.spearman, x, y, seed: UInt64(case_))
            #expect(e.low <= e.correlation.coefficient && e.correlation.coefficient <= e.high)
            if e.low <= truth && truth <= e.high { covered += 1 }
        }
        #expect(covered >= 180, "covered \(covered) of 200")
    }

    /// The partial Spearman coefficient given z, computed by hand: ranks, the residuals of
    /// rank(x) and rank(y) after a least-squares line on rank(z), their Pearson correlation.
    @Test func thePartialCoefficientIsTheHandComputation() {
        let x: [Double] = [1, 4, 2, 8, 5, 7, 3, 6]
        let y: [Double] = [2, 3, 1, 7, 8, 6, 4, 5]
        let z: [Double] = [1, 2, 2, 4, 5, 6, 3, 8]
        // Ranks by hand (ties in z get their mean rank 2.5).
        let rx: [Double] = [1, 4, 2, 8, 5, 7, 3, 6], ry: [Double] = [2, 3, 1, 7, 8, 6, 4, 5]
        let rz: [Double] = [1, 2.5, 2.5, 5, 6, 7, 4, 8]
        #expect(Statistics.ranks(z) == rz)
        func sum(_ v: [Double]) -> Double { v.reduce(0, +) }
        func residual(_ v: [Double]) -> [Double] {
            let mv = sum(v) / 8, mz = sum(rz) / 8
            let sxy: Double = sum(zip(rz, v).map { ($0 - mz) * ($1 - mv) })
            let sxx: Double = sum(rz.map { ($0 - mz) * ($0 - mz) })
            return zip(rz, v).map { $1 - mv - sxy / sxx * ($0 - mz) }
        }
        let a = residual(rx), b = residual(ry)
        let ma = sum(a) / 8, mb = sum(b) / 8
        let sab: Double = sum(zip(a, b).map { ($0 - ma) * ($1 - mb) })
        let saa: Double = sum(a.map { ($0 - ma) * ($0 - ma) }), sbb: Double = sum(b.map { ($0 - mb) * ($0 - mb) })
        let hand = sab / (saa * sbb).squareRoot()
        let e = CorrelationInterval(.spearman, x, y, given: z)
        #expect(abs((e.partial?.coefficient ?? .nan) - hand) < 1e-12)
        #expect(e.partial.map { $0.low <= $0.high } == true)
        // Pearson's partial coefficient is the same construction without the ranks.
        let p = CorrelationInterval(.pearson, x, y, given: z)
        let px = CorrelationInterval.residuals(x, on: z), py = CorrelationInterval.residuals(y, on: z)
        #expect(abs((p.partial?.coefficient ?? .nan) - Statistics.pearson(px, py).coefficient) < 1e-12)
    }

    /// Same seed, same interval; another seed, another resampling.
    @Test func theResamplingIsSeeded() {
        let x = (0..<20).map { Double($0) }, y = (0..<20).map { Double(($0 * 7) % 20) }
        #expect(CorrelationInterval(.pearson, x, y, seed: 3) == CorrelationInterval(.pearson, x, y, seed: 3))
        #expect(CorrelationInterval(.pearson, x, y, seed: 3).low != CorrelationInterval(.pearson, x, y, seed: 4).low)
    }
}
