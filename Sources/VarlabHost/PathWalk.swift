import Foundation
import VarlabLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens the folder that holds a path's last component, one component at a time with
/// `O_NOFOLLOW` from an already open root folder (docs/store.md, "Confinement"). A symbolic
/// link, `..` or an absolute path can then never lead outside the root, not even when a
/// folder is swapped for a link while a script runs: each step opens exactly one name
/// inside the folder opened by the step before.
///
/// Unconfined, the parent folder is opened by its path as usual (links followed): the
/// person at the keyboard may name any file they could open themselves.
struct PathWalk {
    /// An open folder and a name inside it (the name is never empty, ".", ".." or has a "/").
    struct Place {
        let folder: Int32
        let name: String
        /// The path as the user wrote it, for messages.
        let shown: String

        func release() { _ = close(folder) }
    }

    let root: String
    let confined: Bool

    /// The folder holding `path`'s last component, opened; the caller closes it.
    func place(_ path: String) throws -> Place {
        guard !path.isEmpty else { throw FileStoreError("the file name is empty") }
        guard !path.contains("\0") else { throw FileStoreError("a file name cannot contain a NUL character") }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            .filter { $0 != "." }
        guard let name = parts.last else {
            throw FileStoreError("'\(path)' names a folder, not a file")
        }
        if confined {
            guard !path.hasPrefix("/"), !parts.contains("..") else {
                throw FileStoreError(
                    "outside the working folder: with --confine only paths inside it are allowed (no absolute "
                        + "paths, no '..')")
            }
            guard name != ".." else { throw FileStoreError("'\(path)' names a folder, not a file") }
            let folder = try walk(Array(parts.dropLast()), shown: path, creating: false)
            return Place(folder: folder, name: name, shown: path)
        }
        guard name != ".." else { throw FileStoreError("'\(path)' names a folder, not a file") }
        let folderPath = (path.hasPrefix("/") ? "" : root) + "/" + parts.dropLast().joined(separator: "/")
        let folder = open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw FileStoreError(PathWalk.folderReason(errno, path: path)) }
        return Place(folder: folder, name: name, shown: path)
    }

    /// Opens `components` below the root, each with O_NOFOLLOW (creating missing ones when asked).
    func walk(_ components: [String], shown: String, creating: Bool) throws -> Int32 {
        var current = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw FileStoreError("cannot open the working folder: \(PathWalk.text(errno))") }
        for component in components {
            if creating, mkdirat(current, component, 0o777) != 0, errno != EEXIST {
                let code = errno
                _ = close(current)
                throw FileStoreError("cannot create folder '\(component)' of '\(shown)': \(PathWalk.text(code))")
            }
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
            let code = errno
            let reason = next >= 0 ? "" : PathWalk.componentReason(code, component, in: current, path: shown)
            _ = close(current)
            guard next >= 0 else { throw FileStoreError(reason) }
            current = next
        }
        return current
    }

    /// Why a step of a confined walk failed: a link is named as such.
    static func componentReason(_ code: Int32, _ component: String, in folder: Int32, path: String) -> String {
        if isLink(component, in: folder) { return linkReason(component, path: path) }
        switch code {
        case ENOENT: return "no folder '\(component)' (in '\(path)')"
        case ENOTDIR: return "'\(component)' in '\(path)' is not a folder"
        default: return "'\(path)': \(text(code))"
        }
    }

    static func linkReason(_ component: String, path: String) -> String {
        "'\(component)' in '\(path)' is a symbolic link; with --confine links are not followed "
            + "(they could lead outside the working folder)"
    }

    /// Whether `name` in the open folder is itself a symbolic link (not followed).
    static func isLink(_ name: String, in folder: Int32) -> Bool {
        var info = stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    static func folderReason(_ code: Int32, path: String) -> String {
        switch code {
        case ENOENT: return "no such folder for '\(path)'"
        case ENOTDIR: return "a part of '\(path)' is not a folder"
        default: return text(code)
        }
    }

    /// strerror's words, lower-case ("permission denied").
    static func text(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}
