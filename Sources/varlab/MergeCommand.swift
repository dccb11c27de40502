import ArgumentParser
import Foundation
import VarlabHost

/// `varlab merge OUT.sqlite A.sqlite B.sqlite ...`: the shards' stores in one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge stores of finished work (the shards of one experiment) into OUT.",
        discussion:
            "A unit of work that two stores hold with different values is a conflict: that store is refused and "
            + "OUT keeps what it had."
    )

    @Argument(help: "The store to merge into (created if missing).")
    var output: String

    @Argument(help: "The stores to merge.")
    var inputs: [String]

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one store to merge into \(output)") }
    }

    func run() throws {
        do {
            let store = try SQLiteStore(path: output)
            let added = try store.merge(inputs)
            print(
                "merged \(inputs.count) store(s) into \(output): \(added) new unit(s) of work, "
                    + "\(try store.count()) in all"
            )
        } catch {
            FileHandle.standardError.write(Data("varlab merge: \(error)\n".utf8))
            throw ExitCode(65)
        }
    }
}
