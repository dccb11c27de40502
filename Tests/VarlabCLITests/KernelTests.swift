import Foundation
import Testing

/// The Jupyter kernel, driven by Jupyter's own client (jupyter_client, nbclient: `.ci/run`
/// and the README install them), and the shipped notebooks kept in step with the lessons.
@Suite(.serialized) struct KernelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs a script of Tests/KernelClient and returns its exit status and standard output
    /// (its standard error, the kernel's log included, is discarded: an unread pipe could fill).
    static func python(_ script: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", Self.root.appendingPathComponent("Tests/KernelClient/\(script)").path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func aRealJupyterClientDrivesTheKernelAndRunsEveryNotebook() throws {
        let (status, text) = try Self.python(
            "check_kernel.py", [Binary.url.path, Self.root.appendingPathComponent("examples/notebooks").path])
        #expect(status == 0 && text.contains(" passed, 0 failed"), "\(text)")
    }

    /// A client that signs correctly but sends what it should not (check_kernel_hostile.py),
    /// and 300 seeded signed hostile messages (fuzz_kernel.py; the README's figures come from
    /// the same script at 5,000).
    @Test func hostileButSignedMessagesNeverStopTheKernel() throws {
        for (script, arguments) in [
            ("check_kernel_hostile.py", [Binary.url.path]), ("fuzz_kernel.py", [Binary.url.path, "300", "7"]),
        ] {
            let (status, text) = try Self.python(script, arguments)
            #expect(status == 0 && text.contains(" passed, 0 failed"), "\(script): \(text)")
        }
    }

    /// Each notebook in examples/notebooks is exactly what `varlab kernel notebook` makes of
    /// its script, so lessons and notebooks cannot drift apart.
    @Test func notebooksAreGeneratedFromTheScripts() throws {
        let folder = Self.root.appendingPathComponent("examples/notebooks")
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".ipynb")
        }
        #expect(notebooks.count >= 8)
        for name in notebooks {
            let base = String(name.dropLast(".ipynb".count))
            let script = base == "paper" ? "examples/paper.var" : "examples/lessons/\(base).var"
            let made = try Binary.run(["kernel", "notebook", Self.root.appendingPathComponent(script).path])
            let shipped = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(
                made.status == 0 && made.stdout == shipped,
                "\(name) is out of step: run varlab kernel notebook \(script) > examples/notebooks/\(name)")
        }
    }

    @Test func installWritesAKernelspec() throws {
        let prefix = NSTemporaryDirectory() + "varlab-kernelspec-\(getpid())"
        let r = try Binary.run(["kernel", "install", "--prefix", prefix])
        #expect(r.status == 0)
        let spec = try String(contentsOfFile: prefix + "/share/jupyter/kernels/varlab/kernel.json", encoding: .utf8)
        for part in [
            "\"kernel\", \"-f\", \"{connection_file}\"", "\"display_name\": \"varlab\"",
            "\"interrupt_mode\": \"signal\"",
        ] {
            #expect(spec.contains(part), "\(spec)")
        }
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/jupyter/kernels/varlab/logo-64x64.png"))
    }
}
