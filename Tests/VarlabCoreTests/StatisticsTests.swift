import Foundation
import Testing
import VarlabCore

@Suite struct StatisticsTests {
    @Test func wilsonIntervalKnownValues() {
        // 40 of 200: Wilson 95% interval [0.150452, 0.260855] (computed with scipy's z).
        let p = Proportion(successes: 40, trials: 200)
        #expect(abs(p.low - 0.150452) < 1e-6 && abs(p.high - 0.260855) < 1e-6)
        let none = Proportion(successes: 0, trials: 50)
        #expect(none.low < 1e-12 && abs(none.high - 0.071348) < 1e-6)
    }

    @Test func tQuantiles() {
        #expect(abs(Statistics.tQuantile975(degreesOfFreedom: 10) - 2.228139) < 1e-5)
        #expect(abs(Statistics.tQuantile975(degreesOfFreedom: 1) - 12.7062) < 1e-3)
        #expect(abs(Statistics.tQuantile975(degreesOfFreedom: 1000) - 1.962339) < 1e-5)
    }

    @Test func correlations() {
        let x = [1.0, 2, 3, 4, 5, 6], y = [2.0, 1, 4, 3, 7, 9]
        let s = Statistics.spearman(x, y)
        #expect(abs(s.coefficient - 0.8857142857) < 1e-9)  // 1 - 6 * 4 / 210
        let p = Statistics.pearson(x, y)
        #expect(abs(p.coefficient - 0.903381) < 1e-6)
        #expect(abs(p.pValue - 0.013552) < 1e-6)  // scipy.stats.pearsonr
        #expect(Statistics.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }

    @Test func estimateInterval() {
        let e = Estimate([1, 2, 3, 4, 5])
        #expect(e.mean == 3)
        #expect(abs(e.standardError - (2.5 / 5).squareRoot()) < 1e-12)
        #expect(abs(e.high - 3 - 2.776445 * e.standardError) < 1e-5)
    }

    /// Ranks of the distribution-free 95% interval of a median, from the binomial tables.
    @Test func medianIntervalRanksMatchTables() {
        #expect(MedianEstimate.orderStatisticRanks(count: 100) == (40, 61))
        #expect(MedianEstimate.orderStatisticRanks(count: 10) == (2, 9))
        #expect(MedianEstimate.orderStatisticRanks(count: 20) == (6, 15))
        #expect(MedianEstimate.orderStatisticRanks(count: 5) == (1, 5))
    }

    /// Quantiles as NumPy computes them (linear interpolation), and coverage of the median's
    /// interval over many random samples of a heavy-tailed distribution.
    @Test func quantilesAndMedianCoverage() {
        let m = MedianEstimate([5, 1, 4, 2, 3, 10, 7, 6, 9, 8])
        #expect(m.median == 5.5)
        #expect(abs(m.q10 - 1.9) < 1e-12 && abs(m.q90 - 9.1) < 1e-12)  // numpy.quantile(1..10, [0.1, 0.9])
        #expect(m.low == 2 && m.high == 9)
        var rng = RandomStream(seed: 3, stream: 0)
        var covered = 0
        for _ in 0..<400 {
            // Log-normal samples: true median exp(0) = 1.
            let sample = (0..<60).map { _ in Foundation.exp(rng.normal()) }
            let e = MedianEstimate(sample)
            if e.low <= 1 && 1 <= e.high { covered += 1 }
        }
        #expect(covered >= 370 && covered <= 400)  // at least 95% by construction
    }
}
