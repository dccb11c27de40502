import Foundation

/// A seeded pseudo-random generator of our own (xoshiro256** seeded through SplitMix64),
/// so that the same seed gives the same numbers on every platform, Swift version and
/// thread count. Net `i` of a sample draws from `RandomStream(seed: seed, stream: i)`.
public struct RandomStream: RandomNumberGenerator, Sendable {
    /// The seed of nets, data and training when none is given, in the core and in the
    /// language alike (docs/measures.md, "Random nets").
    public static let defaultSeed: UInt64 = 1

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// Second value of the last Box-Muller pair, kept so no draw is wasted.
    private var spareNormal: Double? = nil

    /// Stream `stream` of the generator seeded with `seed` (SplitMix64 expands the pair).
    public init(seed: UInt64, stream: UInt64 = 0) {
        // Mix the stream index into the seed before expanding it, so that neighbouring
        // (seed, stream) pairs start far apart in the state space.
        var mixer = SplitMix64(state: seed)
        let key = mixer.next() ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019)
        var expand = SplitMix64(state: key)
        s0 = expand.next()
        s1 = expand.next()
        s2 = expand.next()
        s3 = expand.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Standard normal by Marsaglia's polar method (exact, no tables, no sin/cos: one log
    /// and one square root per pair).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let factor = (-2 * log(s) / s).squareRoot()
            spareNormal = v * factor
            return u * factor
        }
    }

    /// Uniform integer in 0..<bound (bound > 0), without modulo bias.
    public mutating func index(below bound: Int) -> Int {
        Int(next(upperBound: UInt64(bound)))
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64: expands one 64-bit seed into well-mixed state words.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
