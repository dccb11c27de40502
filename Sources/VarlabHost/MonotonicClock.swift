import Foundation

/// Seconds from a fixed start that never jump back, for clock() and timings.
public enum MonotonicClock {
    public static func seconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
