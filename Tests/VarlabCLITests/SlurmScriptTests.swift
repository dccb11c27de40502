import Foundation
import Testing

/// The Slurm examples check their numbers before any arithmetic (docs/store.md, "On a Slurm
/// cluster"): SHARDS='x[$(cmd)]' had run cmd as root inside $(( )), SHARDS=0 had given
/// --array=0--1, and a task's shard had assumed the array starts at 0.
@Suite struct SlurmScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/slurm")

    static func bash(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
        Int32, String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [folder.appendingPathComponent(script).path] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func shardCountsAreWholeNumbersBeforeArithmetic() throws {
        let marker = NSTemporaryDirectory() + "varlab-slurm-injected-\(UUID().uuidString)"
        for bad in ["x[$(touch \(marker))]", "0", "-1", "3; touch \(marker)", "1e3"] {
            let (status, text) = try Self.bash("local-cluster.sh", ["small-sweep.var", bad])
            #expect(status == 2 && text.contains("SHARDS must be a whole number"), "\(bad): \(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aTasksShardComesFromSlurmsOwnArrayBounds() throws {
        let dir = NSTemporaryDirectory() + "varlab-sbatch-\(UUID().uuidString)"
        // VARLAB=echo: the command the task would run is written to its output file.
        let array = [
            "SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_MAX": "6",
            "SLURM_ARRAY_TASK_COUNT": "3", "VARLAB": "echo", "STORE_DIR": dir,
        ]
        let (status, text) = try Self.bash("sweep.sbatch", ["x.var"], environment: array)
        #expect(status == 0, "\(text)")
        let command = try String(contentsOfFile: dir + "/shard-1.out", encoding: .utf8)
        #expect(command.contains("--shard 1/3"))
        var hostile = array
        hostile["SLURM_ARRAY_TASK_ID"] = "x[$(touch \(dir)/pwned)]"
        let (bad, words) = try Self.bash("sweep.sbatch", ["x.var"], environment: hostile)
        #expect(bad == 2 && words.contains("bad SLURM_ARRAY_TASK_ID"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/pwned"))
        var gappy = array
        gappy["SLURM_ARRAY_TASK_STEP"] = "2"
        #expect(try Self.bash("sweep.sbatch", ["x.var"], environment: gappy).0 == 2)
    }
}
