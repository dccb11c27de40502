import Foundation
import VarlabCore

/// One Jupyter message (protocol 5.3) and its wire form:
/// [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...].
public struct KernelMessage {
    public var identities: [[UInt8]] = []
    public var header: JSON
    public var parentHeader: JSON = .object([])
    public var metadata: JSON = .object([])
    public var content: JSON
    /// The signature it arrived with (replay protection keeps the ones seen).
    public var signature = ""

    static let delimiter = Array("<IDS|MSG>".utf8)
    static let protocolVersion = "5.3"

    public var type: String { header["msg_type"]?.string ?? "" }

    public struct Rejected: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses frames received on a socket, checking the signature before anything else.
    public init(frames: [[UInt8]], signer: MessageSigner) throws {
        guard let split = frames.firstIndex(of: KernelMessage.delimiter) else {
            throw Rejected(description: "no <IDS|MSG> delimiter")
        }
        guard frames.count >= split + 6 else { throw Rejected(description: "too few frames (\(frames.count))") }
        identities = Array(frames[..<split])
        let signature = String(decoding: frames[split + 1], as: UTF8.self)
        let parts = Array(frames[(split + 2)...(split + 5)])
        guard signer.verify(signature, parts) else { throw Rejected(description: "bad signature") }
        self.signature = signature
        func parse(_ bytes: [UInt8], _ what: String) throws -> JSON {
            do { return try JSON.parse(String(decoding: bytes, as: UTF8.self)) } catch {
                throw Rejected(description: "\(what) is not JSON")
            }
        }
        header = try parse(parts[0], "header")
        parentHeader = try parse(parts[1], "parent_header")
        metadata = try parse(parts[2], "metadata")
        content = try parse(parts[3], "content")
        guard case .object = header, case .object = content else {
            throw Rejected(description: "header and content must be objects")
        }
    }

    public init(type: String, content: JSON, parent: KernelMessage?, session: String) {
        header = KernelMessage.header(type: type, session: session)
        parentHeader = parent?.header ?? .object([])
        identities = parent?.identities ?? []
        self.content = content
    }

    static func header(type: String, session: String) -> JSON {
        .object([
            ("msg_id", .string(UUID().uuidString.lowercased())), ("session", .string(session)),
            ("username", .string("varlab")), ("date", .string(timestamp())), ("msg_type", .string(type)),
            ("version", .string(protocolVersion)),
        ])
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    public func frames(signer: MessageSigner) -> [[UInt8]] {
        let parts = [header, parentHeader, metadata, content].map { Array($0.text.utf8) }
        return identities + [KernelMessage.delimiter, Array(signer.sign(parts).utf8)] + parts
    }
}
