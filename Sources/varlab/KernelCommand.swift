import ArgumentParser
import CLineSupport
import Foundation
import VarlabKernel
import VarlabLanguage

/// `varlab kernel -f CONNECTION_FILE` (started by Jupyter), `varlab kernel install`, and
/// `varlab kernel notebook FILE.var` (a lesson as a notebook).
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "varlab as a Jupyter kernel.",
        subcommands: [Serve.self, Install.self, Notebook.self],
        defaultSubcommand: Serve.self)

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve", abstract: "Serve Jupyter on the sockets of a connection file (Jupyter runs this).")

        @Option(name: .customShort("f"), help: "The connection file Jupyter wrote.")
        var connectionFile: String

        @Option(help: "Default seed of nets, datasets and training.")
        var seed: UInt64?

        func run() throws {
            guard let text = try? String(contentsOfFile: connectionFile, encoding: .utf8) else {
                throw ValidationError("cannot read the connection file '\(connectionFile)'")
            }
            let connection = try ConnectionInfo(json: text)
            varlab_install_signal_handlers()
            var options = InterpreterOptions()
            if let seed { options.seed = seed }
            // VARLAB_QUICK=1: reduced sizes, as --quick does for scripts (tests, previews).
            options.quick = ProcessInfo.processInfo.environment["VARLAB_QUICK"] == "1"
            options.limits = Limits.fromEnvironment(ProcessInfo.processInfo.environment)
            let signals = KernelServer.Signals(
                interrupted: { varlab_interrupted() != 0 }, clear: { varlab_clear_interrupt() },
                request: { varlab_request_interrupt() }, terminated: { varlab_terminated() != 0 })
            let server = try KernelServer(connection: connection, options: options, signals: signals)
            if server.run() { throw ExitCode(143) }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the kernelspec, so Jupyter offers a varlab kernel.")

        @Flag(help: "Install for this user (the default): ~/.local/share/jupyter/kernels/varlab.")
        var user = false

        @Option(
            help: "Install under DIR/share/jupyter/kernels/varlab (for a virtual environment or a JupyterHub image).")
        var prefix: String?

        func run() throws {
            let root =
                prefix.map { $0 + "/share/jupyter" }
                ?? ((ProcessInfo.processInfo.environment["JUPYTER_DATA_DIR"]).flatMap { $0.isEmpty ? nil : $0 }
                    ?? NSHomeDirectory() + "/.local/share/jupyter")
            let folder = root + "/kernels/varlab"
            let executable = URL(fileURLWithPath: Self.executablePath).resolvingSymlinksInPath().path
            try KernelSpec.install(into: folder, executable: executable)
            print("installed the varlab kernel in \(folder)")
        }

        /// This executable's own path, for the kernelspec (Linux: /proc; elsewhere Foundation's).
        static var executablePath: String {
            #if os(Linux)
                return "/proc/self/exe"
            #else
                return Bundle.main.executablePath ?? CommandLine.arguments[0]
            #endif
        }
    }

    struct Notebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a .var script as a Jupyter notebook (comments become text cells).")

        @Argument(help: "A .var script, such as examples/lessons/01-random-landscape.var.")
        var script: String

        func run() throws {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                throw ValidationError("cannot read '\(script)'")
            }
            print(NotebookFromScript.notebook(text), terminator: "")
        }
    }
}
