import CSQLite
import VarlabCore

/// The checksum every stored row carries over its own values (docs/store.md, "What the
/// store verifies"): 64-bit FNV-1a over each value's SQLite type and exact bytes, so a
/// flipped bit, a number edited by hand or a value turned into text no longer matches. It
/// guards against damage, not against someone who recomputes it on purpose.
enum StoreChecksum {
    /// Registers `varlab_checksum(...)` on a connection: writes store it, reads compare it.
    static func register(on db: OpaquePointer?) {
        sqlite3_create_function_v2(
            db, "varlab_checksum", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, count, values in
                var hash = StoreChecksum.offset
                for i in 0..<Int(count) { StoreChecksum.mix(values?[i], into: &hash) }
                sqlite3_result_int64(context, Int64(bitPattern: hash))
            }, nil, nil, nil)
    }

    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    static func mix(_ byte: UInt8, into hash: inout UInt64) {
        hash = (hash ^ UInt64(byte)) &* prime
    }

    static func mix(_ word: UInt64, into hash: inout UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            mix(UInt8(truncatingIfNeeded: word >> UInt64(shift)), into: &hash)
        }
    }

    static func mix(_ value: OpaquePointer?, into hash: inout UInt64) {
        let type = sqlite3_value_type(value)
        mix(UInt8(truncatingIfNeeded: type), into: &hash)
        switch type {
        case SQLITE_INTEGER: mix(UInt64(bitPattern: sqlite3_value_int64(value)), into: &hash)
        case SQLITE_FLOAT: mix(sqlite3_value_double(value).bitPattern, into: &hash)
        case SQLITE_TEXT, SQLITE_BLOB:
            let count = Int(sqlite3_value_bytes(value))
            mix(UInt64(count), into: &hash)
            if let bytes = sqlite3_value_blob(value) {
                let buffer = UnsafeRawBufferPointer(start: bytes, count: count)
                for byte in buffer { mix(byte, into: &hash) }
            }
        default: break
        }
    }

    /// Whether a stored number can be the named measure's value: finite, non-negative for
    /// V_k, RMS, std and counts, within [0, 1] for shares and the spread.
    static func isPlausible(_ x: Double, measure name: String) -> Bool {
        guard x.isFinite else { return false }
        if name == "spread" { return (0...1 + 1e-9).contains(x) }
        if LandscapeMeasures.coreNames.contains(name) { return x >= 0 }
        guard let declared = LandscapeMeasures.perNet.first(where: { $0.name == name }) else { return true }
        switch declared.scale {
        case .share: return (0...1 + 1e-9).contains(x)
        case .count: return x >= 0
        case .real: return true
        }
    }
}
