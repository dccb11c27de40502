import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `--confine` by construction (README, "Limits and reliability"): every path the language
/// and the command line touch is opened beneath the working folder without following links.
/// Each case here escaped before: paths were checked as text and links were followed.
@Suite struct ConfinementTests {
    /// work/ (the working folder) beside out/ (outside it), with work/linkdir -> ../out and
    /// work/secret.json -> ../out/secret.json.
    static func layout() throws -> (work: String, out: String) {
        let root = NSTemporaryDirectory() + "varlab-confine-\(UUID().uuidString)"
        let work = root + "/work", out = root + "/out"
        for folder in [work, out] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Data("{\"secret\": 42}\n".utf8).write(to: URL(fileURLWithPath: out + "/secret.json"))
        try FileManager.default.createSymbolicLink(atPath: work + "/linkdir", withDestinationPath: "../out")
        try FileManager.default.createSymbolicLink(
            atPath: work + "/secret.json", withDestinationPath: "../out/secret.json")
        return (work, out)
    }

    @Test func linksDoNotLeadOutOfTheWorkingFolder() throws {
        let (work, out) = try Self.layout()
        let attempts = [
            "load(\"linkdir/secret.json\")", "load(\"secret.json\")", "save(1, \"linkdir/x.json\")",
            "folder(\"linkdir/new\")", "save(1, \"linkdir/deeper/x.json\")", "store(\"linkdir/s.sqlite\")",
        ]
        for code in attempts {
            let r = try Binary.run(["--confine", "-e", code], directory: work)
            #expect(r.status == 70, "\(code)")
            #expect(r.stderr.contains("symbolic link") && !r.stdout.contains("42"), "\(code): \(r.stderr)")
        }
        let store = try Binary.run(["--confine", "--store", "linkdir/s.sqlite", "-e", "1"], directory: work)
        #expect(store.status == 66 && store.stderr.contains("symbolic link"), "\(store.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["secret.json"])
        // Inside the folder everything still works, in subfolders too.
        let inside = try Binary.run(
            [
                "--confine", "--store", "s.sqlite", "-e",
                "f = folder(\"sub/a\"); save({v: 1}, \"sub/a/x.json\"); load(\"sub/a/x.json\").v",
            ],
            directory: work)
        #expect(inside.status == 0 && inside.stdout == "1\n", "\(inside.stderr)")
    }

    /// Unconfined, links are followed as any program follows them: the user's own files.
    @Test func withoutConfineLinksAreFollowed() throws {
        let (work, _) = try Self.layout()
        let r = try Binary.run(["-e", "load(\"linkdir/secret.json\").secret"], directory: work)
        #expect(r.status == 0 && r.stdout == "42\n")
    }

    /// `:load` in the REPL had ignored --confine (`:load /etc/passwd` ran it as code).
    @Test func replLoadIsConfined() throws {
        let (work, _) = try Self.layout()
        try Data("answer = 6 * 7\n".utf8).write(to: URL(fileURLWithPath: work + "/ok.var"))
        let s = try PTYSession(
            history: REPLTests.historyPath(), arguments: ["--confine"], directory: work)
        #expect(s.waitFor("varlab> "))
        var mark = s.end
        s.send(":load /etc/passwd\n")
        #expect(s.waitFor("outside the working folder", after: mark))
        #expect(!s.output[mark...].contains("root:"))
        mark = s.end
        s.send(":load linkdir/secret.json\n")
        #expect(s.waitFor("symbolic link", after: mark))
        mark = s.end
        s.send(":load ok.var\nanswer\n")
        #expect(s.waitFor("42", after: mark))
        s.send(":quit\n")
        #expect(s.close() == 0)
    }
}
