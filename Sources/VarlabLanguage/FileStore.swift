/// Files as a program sees them. The host decides where they live and what is allowed
/// (the terminal: the disk, optionally confined to a folder; a notebook or a test: its own).
public protocol FileStore: AnyObject, Sendable {
    /// The whole file as UTF-8 text.
    func read(_ path: String) throws -> String
    /// The whole file as bytes (arrays: .npz, .safetensors).
    func readBytes(_ path: String) throws -> [UInt8]
    /// Writes the whole file or nothing (an interrupted save keeps the old file).
    func write(_ bytes: [UInt8], to path: String) throws
    /// Creates a folder and its parents if needed.
    func makeFolder(_ path: String) throws
}

/// Why a file operation failed, in words a person understands ("no such file or folder").
public struct FileStoreError: Error, Sendable, CustomStringConvertible {
    /// The reason, in words.
    public let reason: String
    /// A failure with its reason.
    public init(_ reason: String) { self.reason = reason }
    /// The reason.
    public var description: String { reason }
}

/// A host without files: every operation is refused with a clear message.
public final class NoFiles: FileStore {
    /// A host with no files.
    public init() {}
    /// Refuses: this session has no files.
    public func read(_ path: String) throws -> String { throw FileStoreError("this session has no files") }
    /// Refuses: this session has no files.
    public func readBytes(_ path: String) throws -> [UInt8] { throw FileStoreError("this session has no files") }
    /// Refuses: this session has no files.
    public func write(_ bytes: [UInt8], to path: String) throws { throw FileStoreError("this session has no files") }
    /// Refuses: this session has no files.
    public func makeFolder(_ path: String) throws { throw FileStoreError("this session has no files") }
}
