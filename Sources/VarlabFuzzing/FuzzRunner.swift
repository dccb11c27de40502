import Foundation
import VarlabCore
import VarlabGraphics
import VarlabHost
import VarlabLanguage

/// Runs generated programs through the whole language (lexer, parser, interpreter, every
/// builtin) with small limits and a deadline per input. Anything other than a clean result
/// or a varlab error (a trap, a crash) ends the process, so surviving N inputs is the test.
public final class FuzzRunner: InterpreterHost {
    public struct Report: Sendable {
        public var inputs = 0
        public var ran = 0  // parsed and executed to the end
        public var syntaxErrors = 0
        public var runtimeErrors = 0
        public var deadlines = 0  // stopped by the per-input deadline
        public var slowest = 0.0
    }

    private var deadline = Date.distantFuture
    public let perInputSeconds: Double
    let folder: String
    /// Generated programs save and load only inside their own temporary folder.
    public let files: FileStore

    public init(perInputSeconds: Double = 2) {
        self.perInputSeconds = perInputSeconds
        folder = NSTemporaryDirectory() + "varlab-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        files = DiskFiles(workingDirectory: folder, confined: true)
    }

    /// Small ceilings so one input cannot take long or use much memory.
    static func options() -> InterpreterOptions {
        var options = InterpreterOptions()
        options.quick = true
        options.threads = 1
        var limits = Limits()
        limits.maximumParameters = 200_000
        limits.maximumGrid = 64
        limits.maximumSamples = 64
        limits.maximumWork = 5e8
        limits.maximumListLength = 100_000
        limits.maximumStringLength = 1_000_000
        limits.maximumPoints = 5_000
        limits.maximumEpochs = 50
        limits.maximumTrials = 4
        limits.maximumDepth = 200
        options.limits = limits
        return options
    }

    public func run(_ programs: Int, mutator: inout Mutator, onInput: ((Int, String) -> Void)? = nil) -> Report {
        var report = Report()
        let interpreter = Interpreter(host: self, options: FuzzRunner.options())
        for i in 0..<programs {
            let program = mutator.next()
            onInput?(i, program)
            if i % 50 == 0 { interpreter.resetGlobals() }
            let start = Date()
            deadline = start.addingTimeInterval(perInputSeconds)
            let errors = interpreter.run(program)
            let elapsed = Date().timeIntervalSince(start)
            report.inputs += 1
            report.slowest = max(report.slowest, elapsed)
            switch errors.first?.kind {
            case nil: report.ran += 1
            case .syntax?: report.syntaxErrors += 1
            case .runtime?: report.runtimeErrors += 1
            case .interrupted?: report.deadlines += 1
            }
        }
        return report
    }

    // The host: output is discarded; "interrupted" once the input's time is up.
    public func echo(_ value: Value) {
        _ = ValueFormatter.summary(value)
        _ = ValueJSON.json(value).text
    }
    public func write(_ text: String) {}
    public func show(_ figure: Figure) {}
    public func warn(_ message: String) {}
    public var isInterrupted: Bool { Date() > deadline }
    public func clock() -> Double { MonotonicClock.seconds() }
}
