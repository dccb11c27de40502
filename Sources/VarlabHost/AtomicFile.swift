import Foundation
import VarlabLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole files or nothing, opened relative to a folder that is already open (PathWalk).
///
/// A save goes to a temporary file with a random name beside the target, created with
/// O_CREAT|O_EXCL|O_NOFOLLOW (a link planted at that name is refused, never followed),
/// given the target's permissions, flushed, then renamed over the target: an interrupted
/// or failed save leaves the old file untouched and removes its temporary file.
public enum AtomicFile {
    /// Files larger than this are refused by `read` rather than loaded into memory.
    public static let maximumReadBytes = 256 << 20

    static func write(_ bytes: [UInt8], at place: PathWalk.Place) throws {
        let existing = try targetMode(place)
        let (fd, temporary) = try createTemporary(in: place)
        do {
            if let existing, fchmod(fd, existing) != 0 { throw failure(place, errno) }
            try writeAll(bytes, to: fd, place: place)
            guard fsync(fd) == 0 else { throw failure(place, errno) }
            guard close(fd) == 0 else {
                _ = unlinkat(place.folder, temporary, 0)
                throw failure(place, errno)
            }
        } catch {
            _ = close(fd)
            _ = unlinkat(place.folder, temporary, 0)
            throw error
        }
        guard renameat(place.folder, temporary, place.folder, place.name) == 0 else {
            let code = errno
            _ = unlinkat(place.folder, temporary, 0)
            throw failure(place, code)
        }
    }

    /// The permissions an existing target keeps; nil when there is none (or it is a link,
    /// which the rename replaces without touching what it points to). A folder or a
    /// read-only file is refused: replacing it would lose it or its protection.
    private static func targetMode(_ place: PathWalk.Place) throws -> mode_t? {
        var info = stat()
        guard fstatat(place.folder, place.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw FileStoreError("it is a folder; save needs a file name inside it")
        case S_IFREG:
            if info.st_mode & S_IWUSR == 0 {
                throw FileStoreError(
                    "the file is read-only (mode \(String(info.st_mode & 0o7777, radix: 8))); "
                        + "make it writable (chmod u+w) or save under another name")
            }
            return info.st_mode & 0o7777
        case S_IFLNK: return nil
        default: throw FileStoreError("not a regular file (\(kind(info.st_mode)))")
        }
    }

    private static func createTemporary(in place: PathWalk.Place) throws -> (Int32, String) {
        for _ in 0..<16 {
            let name = ".\(place.name.prefix(64)).\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp"
            let fd = openat(
                place.folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o666))
            if fd >= 0 { return (fd, name) }
            guard errno == EEXIST else { throw failure(place, errno) }
        }
        throw FileStoreError("cannot create a temporary file beside it")
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, place: PathWalk.Place) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(place, errno)
            }
            offset += n
        }
    }

    /// The whole regular file at `place` (links followed only when `followLinks`).
    static func read(_ place: PathWalk.Place, followLinks: Bool) throws -> [UInt8] {
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW)
        let fd = openat(place.folder, place.name, flags, 0)
        guard fd >= 0 else {
            let code = errno
            if !followLinks, PathWalk.isLink(place.name, in: place.folder) {
                throw FileStoreError(PathWalk.linkReason(place.name, path: place.shown))
            }
            throw failure(place, code)
        }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(place, errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileStoreError("not a regular file (\(kind(info.st_mode)))")
        }
        guard Int(info.st_size) <= maximumReadBytes else {
            throw FileStoreError("the file is too large (\(info.st_size) bytes; at most 256 MiB are read)")
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(place, errno)
            }
            if n == 0 { return out }
            out += chunk[..<n]
            guard out.count <= maximumReadBytes else {
                throw FileStoreError("the file is too large (at most 256 MiB are read)")
            }
        }
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFLNK: return "a symbolic link"
        default: return "not a plain file"
        }
    }

    /// Why an operation on `place` failed; the caller names the path ("cannot read 'x': ...").
    private static func failure(_ place: PathWalk.Place, _ code: Int32) -> FileStoreError {
        switch code {
        case ENOENT: return FileStoreError("no such file")
        case EISDIR: return FileStoreError("it is a folder, not a file")
        case ENOSPC: return FileStoreError("no space left on the disk (nothing was changed)")
        case EACCES, EPERM: return FileStoreError("permission denied")
        default: return FileStoreError(PathWalk.text(code))
        }
    }

    /// A short reason a person understands ("no such folder", "permission denied").
    public static func reason(_ error: Error) -> String {
        if let e = error as? FileStoreError { return e.reason }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return PathWalk.text(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return PathWalk.text(Int32(underlying.code))
        }
        switch ns.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
        case NSFileReadInapplicableStringEncodingError: return "the file is not UTF-8 text"
        default: return ns.localizedDescription
        }
    }
}

// write(2) and read(2) by names that AtomicFile's own `write` and `read` do not shadow.
#if canImport(Glibc)
    private let systemWrite = Glibc.write
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
    private let systemRead = Darwin.read
#endif
