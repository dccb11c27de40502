import Foundation
import Testing
import VarlabHost
import VarlabLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// Saves that cannot be turned against the user (README, "Limits and reliability"): the
/// temporary file is new (O_EXCL, O_NOFOLLOW, a random name), the target keeps its
/// permissions, a read-only target is refused, and a folder swapped for a link mid-run
/// never takes a confined save outside.
@Suite struct SafeSaveTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "varlab-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A link planted at the temporary name the old save used (.NAME.PID.tmp) had made
    /// save overwrite the link's target.
    @Test func aLinkAtTheTemporaryNameIsNeverFollowed() throws {
        let work = try Self.folder(), victim = try Self.folder() + "/victim.txt"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createSymbolicLink(
            atPath: work + "/.out.json.\(getpid()).tmp", withDestinationPath: victim)
        for confined in [true, false] {
            let files = DiskFiles(workingDirectory: work, confined: confined)
            try files.write(Array("{\"pwned\": true}".utf8), to: "out.json")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
            let attributes = try FileManager.default.attributesOfItem(atPath: work + "/out.json")
            #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasSuffix(".tmp") }.count == 1)
    }

    /// Saving over a file had reset 0600 to 0644 and replaced a 0444 file.
    @Test func permissionsAreKeptAndReadOnlyFilesRefused() throws {
        let work = try Self.folder()
        let files = DiskFiles(workingDirectory: work, confined: true)
        try files.write(Array("a".utf8), to: "private.json")
        chmod(work + "/private.json", 0o600)
        try files.write(Array("b".utf8), to: "private.json")
        let mode = try FileManager.default.attributesOfItem(atPath: work + "/private.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        chmod(work + "/private.json", 0o444)
        #expect { try files.write(Array("c".utf8), to: "private.json") } throws: {
            "\($0)".contains("read-only (mode 444)")
        }
        #expect(try String(contentsOfFile: work + "/private.json", encoding: .utf8) == "b")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["private.json"])
    }

    /// A folder swapped for a link while a script saves into it: 2 of 300 saves had landed
    /// outside. Each save opens one name at a time, so none can.
    @Test func aFolderSwappedForALinkNeverTakesASaveOutside() throws {
        let root = try Self.folder()
        let work = root + "/work", outside = root + "/outside"
        for f in [work + "/sub", outside] {
            try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        }
        let files = DiskFiles(workingDirectory: work, confined: true)
        let stop = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        stop.pointee = 0
        defer { stop.deallocate() }
        nonisolated(unsafe) let flag = stop
        let swapper = Thread {
            while flag.pointee == 0 {
                rename(work + "/sub", work + "/sub.real")
                symlink("../outside", work + "/sub")
                unlink(work + "/sub")
                rename(work + "/sub.real", work + "/sub")
            }
        }
        swapper.start()
        var written = 0
        for i in 0..<300 {
            if (try? files.write(Array("\(i)".utf8), to: "sub/x\(i).json")) != nil { written += 1 }
        }
        stop.pointee = 1
        usleep(50_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(written > 0)
    }

    /// Clear words for what had given "NSCocoaErrorDomain error 256", "permission denied" for
    /// a FIFO, and "unknown file type '.'".
    @Test func unclearFileMessagesNameTheProblem() throws {
        let work = try Self.folder()
        mkfifo(work + "/pipe", 0o644)
        let files = DiskFiles(workingDirectory: work, confined: false)
        let cases: [(String, String)] = [
            (work, "not a regular file (a folder)"), ("", "the file name is empty"),
            (work + "/pipe", "not a regular file (a named pipe)"), (work + "/missing.json", "no such file"),
        ]
        for (path, words) in cases {
            #expect { _ = try files.read(path) } throws: { "\($0)".contains(words) }
        }
        #expect { try files.write([1], to: work) } throws: { "\($0)".contains("is a folder") }
    }
}
