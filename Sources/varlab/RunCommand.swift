import ArgumentParser
import CLineSupport
import Foundation
import VarlabCore
import VarlabHost
import VarlabLanguage

/// Running the language: `varlab` (REPL), `varlab FILE.var`, `varlab -e CODE`, or a program
/// on stdin. The default subcommand, so `varlab run` need never be typed.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run a .var script, code given with -e, or the interactive REPL "
            + "(the default: `run` need not be typed).",
        // One line a paragraph (a trailing backslash joins source lines): ArgumentParser
        // wraps to the terminal (hard breaks had split sentences in the middle).
        discussion: """
            Without FILE or -e, starts the interactive REPL on a terminal, or reads a program from \
            standard input otherwise.

            Exit codes: 0 success, 64 usage error, 65 syntax error, 70 runtime error, 130 interrupted \
            (Ctrl-C), 143 terminated (SIGTERM).
            """,
        version: "varlab \(VarlabVersion.current)")

    @Argument(help: "A .var script to run.")
    var file: String?

    @Option(name: .customShort("e"), help: "Run CODE (repeatable; runs in order in one session).")
    var code: [String] = []

    @Flag(
        help: "Print every echoed value as one JSON object per line (a picture as its title and an outline in words).")
    var json = false

    @Option(help: "Default seed of nets, datasets and training.")
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "Worker threads: nets of a sweep side by side, and both halves of a wide net's training step "
                + "(results do not depend on it).")
    )
    var threads: Int?

    @Flag(help: "Reduced sizes (samples, grids, trials, epochs) so any script runs in seconds.")
    var quick = false

    @Flag(
        help: ArgumentHelp(
            "Keep every file the session touches (save, load, folder, store, --store, :load) inside the current "
                + "folder; absolute paths, '..' and symbolic links are refused (for shared class machines)."))
    var confine = false

    @Option(
        help: ArgumentHelp(
            "Keep finished work in this SQLite file and reuse it (also VARLAB_STORE).", valueName: "FILE.sqlite"))
    var store: String?

    @Option(
        help: ArgumentHelp(
            "Compute only shard I of N of every heavy call (with --store; merge the stores with `varlab merge`).",
            valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256") }
        if file != nil && !code.isEmpty { throw ValidationError("give a FILE or -e CODE, not both") }
        if let shard {
            guard parsedShard(shard) != nil else {
                throw ValidationError("--shard takes I/N with 0 <= I < N, such as 0/3")
            }
            guard storePath != nil else {
                throw ValidationError("--shard needs --store FILE.sqlite: a shard's work is only useful kept")
            }
        }
    }

    func run() throws {
        varlab_install_signal_handlers()
        var options = InterpreterOptions()
        if let seed { options.seed = seed }
        if let threads { options.threads = threads }
        options.quick = quick
        options.limits = Limits.fromEnvironment(ProcessInfo.processInfo.environment)
        let host = TerminalHost(json: json, files: DiskFiles(confined: confine))
        if let storePath {
            do {
                options.store = try host.openStore(storePath)
            } catch {
                Output.write("varlab: \(error)\n", to: STDERR_FILENO)
                throw ExitCode(66)
            }
        }
        options.shard = shard.flatMap(parsedShard)
        let interpreter = Interpreter(host: host, options: options)
        let status: Int32
        if !code.isEmpty {
            status = ScriptRunner.run(code.joined(separator: "\n"), file: "-e", interpreter: interpreter, host: host)
        } else if let file {
            guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
                Output.write("varlab: cannot read '\(file)': no such file, or not UTF-8 text\n", to: STDERR_FILENO)
                throw ExitCode(66)
            }
            status = ScriptRunner.run(source, file: file, interpreter: interpreter, host: host)
        } else if isatty(STDIN_FILENO) != 0 {
            status = REPL(interpreter: interpreter, host: host).run()
        } else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            status = ScriptRunner.run(
                String(decoding: data, as: UTF8.self), file: "<stdin>", interpreter: interpreter, host: host)
        }
        interpreter.releaseValues()
        if status != 0 { throw ExitCode(status) }
    }

    var storePath: String? {
        store ?? ProcessInfo.processInfo.environment["VARLAB_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// "1/3" as shard 1 of 3.
    func parsedShard(_ text: String) -> Shard? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, parts[1] <= 100_000, (0..<parts[1]).contains(parts[0]) else {
            return nil
        }
        return Shard(index: parts[0], count: parts[1])
    }
}
