import Foundation
import Testing

/// `--store`, `--shard I/N` and `varlab merge` as a researcher types them.
@Suite struct StoreCommandTests {
    static let script = """
        t = sweep(depth: [2, 8], act: [relu, abs], params: 2000) |> variability(samples: 40)
          |> trainability(checkerboard(k: 4, n: 400, test: 400), trials: 3, epochs: 10, lr: [2e-3, 1e-2])
        t
        print("spearman", spearman(t.v3, t.acc).r)
        v = variability(mlp(depth: 16, params: 2000, act: relu), samples: 90, grid: 32)
        v
        """

    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "varlab-store-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try script.write(toFile: path + "/experiment.var", atomically: true, encoding: .utf8)
        return path
    }

    @Test func threeShardsMergedAndAssembledPrintExactlyTheOneProcessOutput() throws {
        let dir = try Self.folder()
        let plain = try Binary.run([dir + "/experiment.var"])
        #expect(plain.status == 0)
        for i in 0..<3 {
            let shard = try Binary.run(["--store", "\(dir)/s\(i).sqlite", "--shard", "\(i)/3", dir + "/experiment.var"])
            #expect(shard.status == 0 && shard.stdout.contains("partial"), "\(shard.stderr)")
        }
        let merge = try Binary.run([
            "merge", "\(dir)/all.sqlite", "\(dir)/s0.sqlite", "\(dir)/s1.sqlite", "\(dir)/s2.sqlite",
        ])
        #expect(merge.status == 0, "\(merge.stderr)")
        let assembled = try Binary.run(["--store", "\(dir)/all.sqlite", dir + "/experiment.var"])
        #expect(assembled.stdout == plain.stdout)
        #expect(
            !assembled.stderr.contains(" 1 computed") && assembled.stderr.contains("0 computed"), "\(assembled.stderr)")
        // Merging a shard's store again adds nothing and is no conflict.
        #expect(
            try Binary.run(["merge", "\(dir)/all.sqlite", "\(dir)/s1.sqlite"]).stdout.contains(
                "0 new net(s) with 0 measure row(s), 0 new training trial(s)"))
    }

    @Test func aSecondRunComputesNothingAndTwoProcessesShareAStore() throws {
        let dir = try Self.folder()
        // Two processes start on one empty store at once; both finish and agree.
        let a = Process(), b = Process()
        for p in [a, b] {
            p.executableURL = Binary.url
            p.arguments = ["--store", "\(dir)/shared.sqlite", dir + "/experiment.var"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
        }
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let again = try Binary.run([dir + "/experiment.var"], environment: ["VARLAB_STORE": "\(dir)/shared.sqlite"])
        #expect(again.stdout == (try Binary.run([dir + "/experiment.var"])).stdout)
        #expect(again.stderr.contains("90 of 90 nets from the store, 0 computed"), "\(again.stderr)")
        #expect(!again.stderr.contains(" 1 computed"))
    }

    @Test func badStoresAndShardsAreRefusedWithAClearMessage() throws {
        let dir = try Self.folder()
        try "not a database".write(toFile: dir + "/bad.sqlite", atomically: true, encoding: .utf8)
        let bad = try Binary.run(["--store", dir + "/bad.sqlite", "-e", "1"])
        #expect(bad.status == 66 && bad.stderr.contains("bad.sqlite"), "\(bad.stderr)")
        let noStore = try Binary.run(["--shard", "0/2", "-e", "1"])
        #expect(noStore.status == 64 && noStore.stderr.contains("--shard needs --store"))
        let wrong = try Binary.run(["--store", dir + "/x.sqlite", "--shard", "3/3", "-e", "1"])
        #expect(wrong.status == 64 && wrong.stderr.contains("I/N"))
    }

    /// A run killed half-way (SIGKILL: no chance to clean up) resumes from its store and
    /// prints what an uninterrupted run prints.
    @Test func aKilledRunResumesFromItsStore() throws {
        let dir = try Self.folder()
        let code = "variability(mlp(depth: 12, params: 10000), samples: 4000)"
        let killed = Process()
        killed.executableURL = Binary.url
        killed.arguments = ["--store", "\(dir)/resume.sqlite", "-e", code]
        killed.standardOutput = FileHandle.nullDevice
        killed.standardError = FileHandle.nullDevice
        try killed.run()
        // Wait until some waves are in the store (its write-ahead log grows), then kill.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: "\(dir)/resume.sqlite-wal")[.size] as? Int) ?? 0
            if size > 200_000 { break }
            usleep(50_000)
        }
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        let resumed = try Binary.run(["--store", "\(dir)/resume.sqlite", "-e", code])
        let plain = try Binary.run(["-e", code])
        #expect(resumed.status == 0 && resumed.stdout == plain.stdout)
        let fromStore = resumed.stderr.split(separator: " ").first { Int($0) != nil }.flatMap { Int($0) } ?? 0
        #expect(fromStore > 0 && fromStore < 4000, "\(resumed.stderr)")
    }
}
