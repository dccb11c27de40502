import ArgumentParser
import VarlabLanguage

/// The command line: running scripts and the REPL (the default), the Jupyter kernel and
/// merging stores, each a subcommand, so `varlab --help` lists them all.
struct VarlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "varlab",
        abstract: "Explore why some multi-layer perceptrons train and others don't.",
        discussion: """
            varlab FILE.var runs a script, varlab -e CODE runs code, and varlab alone starts the REPL: \
            that is the run subcommand, the default, whose options (--quick, --json, --seed, --threads, \
            --store, --shard, --confine) `varlab help run` lists.
            """,
        version: "varlab \(VarlabVersion.current)",
        subcommands: [RunCommand.self, KernelCommand.self, MergeCommand.self],
        defaultSubcommand: RunCommand.self)
}
