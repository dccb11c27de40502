import CCrypto

/// HMAC-SHA256 signatures of Jupyter messages (OpenSSL's libcrypto). An empty key means
/// signing is off, as the protocol says.
public struct MessageSigner: Sendable {
    public let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    /// Lower-case hex of HMAC-SHA256(key, parts joined), or "" without a key.
    public func sign(_ parts: [[UInt8]]) -> String {
        guard !key.isEmpty else { return "" }
        let data = parts.flatMap { $0 }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = key.withUnsafeBytes { k in
            data.withUnsafeBytes { d in
                HMAC(
                    EVP_sha256(), k.baseAddress, Int32(key.count), d.bindMemory(to: UInt8.self).baseAddress, d.count,
                    &digest, &length)
            }
        }
        return digest.prefix(Int(length)).map(MessageSigner.hex).joined()
    }

    /// Constant-time comparison, so a forged signature learns nothing from timing.
    public func verify(_ signature: String, _ parts: [[UInt8]]) -> Bool {
        let expected = Array(sign(parts).utf8), given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}

extension MessageSigner {
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
