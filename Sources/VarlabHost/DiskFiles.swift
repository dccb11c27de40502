import Foundation
import VarlabLanguage

/// The disk, with relative paths taken from a working folder. Confined, only paths inside
/// that folder are allowed (no absolute paths, no ".."): for shared class machines and for
/// the fuzzer, whose generated programs must not write around the disk.
public final class DiskFiles: FileStore {
    public let workingDirectory: String
    public let confined: Bool

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath, confined: Bool = false) {
        self.workingDirectory = workingDirectory
        self.confined = confined
    }

    /// The file a path names, under the same rules as save() and load().
    public func url(_ path: String) throws -> URL {
        if confined, path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains("\0") {
            throw FileStoreError("only paths inside the working folder are allowed here")
        }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(path)
    }

    public func read(_ path: String) throws -> String {
        let target = try url(path)
        do {
            return try String(contentsOf: target, encoding: .utf8)
        } catch {
            throw FileStoreError(AtomicFile.reason(error))
        }
    }

    public func write(_ bytes: [UInt8], to path: String) throws {
        let target = try url(path)
        do {
            try AtomicFile.write(Data(bytes), to: target)
        } catch {
            throw FileStoreError(AtomicFile.reason(error))
        }
    }

    public func makeFolder(_ path: String) throws {
        let target = try url(path)
        do {
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        } catch {
            throw FileStoreError(AtomicFile.reason(error))
        }
    }
}
