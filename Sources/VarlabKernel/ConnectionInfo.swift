import VarlabCore

/// The connection file Jupyter hands a kernel: where its five sockets listen, and the key
/// that signs every message.
public struct ConnectionInfo: Sendable {
    public var transport: String
    public var ip: String
    public var shellPort: Int, iopubPort: Int, stdinPort: Int, controlPort: Int, heartbeatPort: Int
    public var key: [UInt8]
    public var signatureScheme: String

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(json text: String) throws {
        let doc: JSON
        do { doc = try JSON.parse(text) } catch {
            throw Invalid(description: "the connection file is not valid JSON: \(error)")
        }
        func port(_ name: String) throws -> Int {
            guard let p = doc[name]?.number, p == p.rounded(), p >= 0, p < 65536 else {
                throw Invalid(description: "'\(name)' must be a port number")
            }
            return Int(p)
        }
        transport = doc["transport"]?.string ?? "tcp"
        ip = doc["ip"]?.string ?? "127.0.0.1"
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        heartbeatPort = try port("hb_port")
        key = Array((doc["key"]?.string ?? "").utf8)
        signatureScheme = doc["signature_scheme"]?.string ?? "hmac-sha256"
        guard signatureScheme == "hmac-sha256" else {
            throw Invalid(
                description: "unsupported signature scheme '\(signatureScheme)' (varlab signs with hmac-sha256)")
        }
    }

    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}
