import ArgumentParser
import Foundation
import VarlabHost
import VarlabStore

/// `varlab merge OUT.sqlite A.sqlite B.sqlite ...`: the shards' stores in one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge stores of finished work (the shards of one experiment) into OUT.",
        discussion:
            "Inputs are opened read-only and never changed. Every input that can be merged is; one that is not a "
            + "varlab store, has damaged rows, is OUT itself, or disagrees with OUT on a unit of work (made by "
            + "different versions or settings) is skipped whole and named, and the exit code is then 65."
    )

    @Argument(help: "The store to merge into (created if missing).")
    var output: String

    @Argument(help: "The stores to merge.")
    var inputs: [String]

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one store to merge into \(output)") }
        // A misspelt input must not leave an empty new output behind.
        if let missing = inputs.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            throw ValidationError("no such store '\(missing)'; nothing was merged")
        }
    }

    func run() throws {
        do {
            let store = try SQLiteStore(path: output)
            guard !store.isReadOnly else { throw SQLiteStore.Failure("'\(output)' is read-only; nothing was merged") }
            let report = try store.merge(inputs)
            print(
                "merged \(report.merged.count) of \(inputs.count) store(s) into \(output): \(report.nets) new net(s) "
                    + "with \(report.measures) measure row(s), \(report.trials) new training trial(s); "
                    + "\(try store.count()) unit(s) of work in all")
            for (path, reason) in report.skipped {
                FileHandle.standardError.write(Data("varlab merge: skipped '\(path)': \(reason)\n".utf8))
            }
            if !report.skipped.isEmpty { throw ExitCode(65) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("varlab merge: \(error)\n".utf8))
            throw ExitCode(65)
        }
    }
}
