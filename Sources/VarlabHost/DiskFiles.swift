import Foundation
import VarlabLanguage

/// The disk, with relative paths taken from a working folder. Confined (`--confine`), every
/// path is opened beneath that folder one component at a time without following links
/// (PathWalk), so no absolute path, `..` or symbolic link reaches outside it: for shared
/// class machines and for the fuzzer, whose generated programs must not write around the disk.
public final class DiskFiles: FileStore {
    public let workingDirectory: String
    public let confined: Bool
    private let walk: PathWalk

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath, confined: Bool = false) {
        self.workingDirectory = workingDirectory
        self.confined = confined
        walk = PathWalk(root: workingDirectory, confined: confined)
    }

    public func readBytes(_ path: String) throws -> [UInt8] {
        let place = try walk.place(path)
        defer { place.release() }
        return try AtomicFile.read(place, followLinks: !confined)
    }

    public func read(_ path: String) throws -> String {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileStoreError("the file is not UTF-8 text")
        }
        return text
    }

    public func write(_ bytes: [UInt8], to path: String) throws {
        let place = try walk.place(path)
        defer { place.release() }
        try AtomicFile.write(bytes, at: place)
    }

    public func makeFolder(_ path: String) throws {
        let parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
        if confined {
            guard !path.hasPrefix("/"), !parts.contains("..") else {
                _ = try walk.place(path)  // says why
                return
            }
            _ = close(try walk.walk(parts, shown: path, creating: true))
            return
        }
        let target = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        do {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        } catch {
            throw FileStoreError(AtomicFile.reason(error))
        }
    }

    /// The path SQLite should open for a store named `path`. Confined, the folders are
    /// walked as for any file and the result is the real path below the working folder's
    /// real path, which has no link in it: the store is opened with SQLITE_OPEN_NOFOLLOW,
    /// so a link swapped in after the walk is refused rather than followed.
    public func storePath(_ path: String) throws -> (path: String, noFollow: Bool) {
        guard confined else {
            return (path.hasPrefix("/") ? path : workingDirectory + "/" + path, false)
        }
        let place = try walk.place(path)
        defer { place.release() }
        if PathWalk.isLink(place.name, in: place.folder) {
            throw FileStoreError(PathWalk.linkReason(place.name, path: path))
        }
        guard let root = realpath(workingDirectory, nil) else {
            throw FileStoreError("cannot resolve the working folder")
        }
        defer { free(root) }
        let parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
        return (([String(cString: root)] + parts).joined(separator: "/"), true)
    }
}
