import CZMQ
import Foundation
import Synchronization
import VarlabCore
import VarlabHost
import VarlabLanguage

/// A Jupyter kernel (messaging protocol 5.3) around one interpreter. Shell requests are
/// answered one at a time on the main thread; the control channel has a thread of its own,
/// so interrupt and shutdown requests are served while a cell runs; a third thread answers
/// heartbeats. Only a correctly signed, never-seen, well-formed message is acted on
/// (README, "Limits and reliability"): others are logged to stderr and dropped.
///
/// `@unchecked Sendable` (the control thread holds it): that thread touches only `signals`,
/// `signer` and `session` (immutable), `replays` (a Mutex), `running` (an Atomic) and
/// `publish` (under `publishLock`); the interpreter, its host and the shell socket stay on
/// the main thread.
public final class KernelServer: @unchecked Sendable {
    let connection: ConnectionInfo
    let signer: MessageSigner
    let session = UUID().uuidString.lowercased()
    let context: UnsafeMutableRawPointer
    let shell: ZMQSocket, stdin: ZMQSocket, iopub: ZMQSocket
    let host: KernelHost
    let interpreter: Interpreter
    let signals: Signals
    private let running = Atomic<Bool>(true)
    private let replays = ReplayGuard()

    /// How the kernel meets signals and interrupt requests (the C flags in the executable).
    public struct Signals: Sendable {
        public var interrupted: @Sendable () -> Bool
        public var clear: @Sendable () -> Void
        /// Sets the interrupt flag as SIGINT does (interrupt_request on the control channel).
        public var request: @Sendable () -> Void
        /// True after SIGTERM: the kernel stops, idle or not.
        public var terminated: @Sendable () -> Bool

        public init(
            interrupted: @escaping @Sendable () -> Bool, clear: @escaping @Sendable () -> Void,
            request: @escaping @Sendable () -> Void, terminated: @escaping @Sendable () -> Bool
        ) {
            self.interrupted = interrupted
            self.clear = clear
            self.request = request
            self.terminated = terminated
        }
    }

    public init(connection: ConnectionInfo, options: InterpreterOptions, signals: Signals) throws {
        self.connection = connection
        signer = MessageSigner(key: connection.key)
        guard let ctx = zmq_ctx_new() else { throw ZMQSocket.Failure("zmq_ctx_new") }
        context = ctx
        shell = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, bind: connection.endpoint(connection.shellPort))
        stdin = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, bind: connection.endpoint(connection.stdinPort))
        iopub = try ZMQSocket(context: ctx, type: ZMQ_PUB, bind: connection.endpoint(connection.iopubPort))
        host = KernelHost(files: DiskFiles(), interrupted: signals.interrupted, clearInterrupt: signals.clear)
        interpreter = Interpreter(host: host, options: options)
        self.signals = signals
        try startHeartbeat()
        try startControl()
    }

    /// Echoes every heartbeat ping from its own thread and socket.
    private func startHeartbeat() throws {
        // The heartbeat socket is made here and then used by its thread alone (ZeroMQ
        // sockets must not be shared; handing one over is allowed).
        nonisolated(unsafe) let socket = try ZMQSocket(
            context: context, type: ZMQ_REP, bind: connection.endpoint(connection.heartbeatPort))
        let thread = Thread {
            while true {
                guard let frames = socket.receive() else { continue }
                socket.send(frames)
            }
        }
        thread.start()
    }

    /// Serves the control channel from its own thread, which alone uses its socket.
    private func startControl() throws {
        nonisolated(unsafe) let socket = try ZMQSocket(
            context: context, type: ZMQ_ROUTER, bind: connection.endpoint(connection.controlPort))
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                if socket.wait(milliseconds: 200) { serve(socket, handler: handleControl) }
            }
        }
        thread.start()
    }

    /// Serves the shell channel until a shutdown request or SIGTERM; true after SIGTERM.
    public func run() -> Bool {
        publish("status", .object([("execution_state", .string("starting"))]), parent: nil)
        while running.load(ordering: .relaxed) {
            if signals.terminated() { break }
            // A short wait, so a signal or a shutdown from the control thread is seen at once.
            let ready = shell.wait(milliseconds: 200)
            if signals.terminated() { break }
            if ready { serve(shell, handler: handle) } else if signals.interrupted() { signals.clear() }
        }
        running.store(false, ordering: .relaxed)
        interpreter.releaseValues()
        usleep(250_000)  // let the last iopub messages leave, and the control thread stop
        return signals.terminated()
    }

    private func serve(_ socket: ZMQSocket, handler: (KernelMessage) -> JSON?) {
        guard let frames = socket.receive() else { return }
        let request: KernelMessage
        do {
            request = try KernelMessage(frames: frames, signer: signer)
            try replays.admit(request.signature, signed: !signer.key.isEmpty)
        } catch {
            log("rejected a message: \(error)")
            return
        }
        publish("status", .object([("execution_state", .string("busy"))]), parent: request)
        defer { publish("status", .object([("execution_state", .string("idle"))]), parent: request) }
        guard let reply = handler(request) else {
            log("ignored a '\(request.type)' request")
            return
        }
        let type = request.type.replacingOccurrences(of: "_request", with: "_reply")
        socket.send(KernelMessage(type: type, content: reply, parent: request, session: session).frames(signer: signer))
    }

    /// The control channel's requests: these never touch the interpreter, so they are safe
    /// while the main thread runs a cell.
    func handleControl(_ request: KernelMessage) -> JSON? {
        switch request.type {
        case "kernel_info_request": return KernelRequests.kernelInfo()
        case "interrupt_request":
            signals.request()
            return .object([("status", .string("ok"))])
        case "shutdown_request":
            running.store(false, ordering: .relaxed)
            signals.request()  // a running cell stops
            return .object([("status", .string("ok")), ("restart", request.content["restart"] ?? .bool(false))])
        default: return nil
        }
    }

    /// The reply content of a shell request, or nil for types this kernel does not answer.
    func handle(_ request: KernelMessage) -> JSON? {
        let content = request.content
        do {
            switch request.type {
            case "kernel_info_request", "interrupt_request", "shutdown_request": return handleControl(request)
            case "execute_request": return execute(request)
            case "complete_request": return try KernelRequests.complete(content, interpreter: interpreter)
            case "inspect_request": return try KernelRequests.inspect(content, interpreter: interpreter)
            case "is_complete_request": return KernelRequests.isComplete(content)
            case "history_request": return .object([("status", .string("ok")), ("history", .array([]))])
            case "comm_info_request": return .object([("status", .string("ok")), ("comms", .object([]))])
            default: return nil
            }
        } catch let bad as KernelRequests.BadRequest {
            log("refused a '\(request.type)': \(bad.description)")
            return .object([
                ("status", .string("error")), ("ename", .string("BadRequest")), ("evalue", .string(bad.description)),
                ("traceback", .array([])),
            ])
        } catch {
            return nil
        }
    }

    private func execute(_ request: KernelMessage) -> JSON {
        let code = request.content["code"]?.string ?? ""
        let silent = request.content["silent"] == .bool(true)
        if !silent { host.executionCount += 1 }
        let count = JSON.number(Double(host.executionCount))
        publish("execute_input", .object([("code", .string(code)), ("execution_count", count)]), parent: request)
        host.publish = { [weak self] type, content in
            guard !silent else { return }
            self?.publish(type, content, parent: request)
        }
        signals.clear()
        host.resetProgress()
        let errors = interpreter.run(code)
        signals.clear()
        host.finishExecution()
        guard let first = errors.first else {
            return .object([
                ("status", .string("ok")), ("execution_count", count), ("user_expressions", .object([])),
                ("payload", .array([])),
            ])
        }
        let name =
            first.kind == .syntax ? "SyntaxError" : first.kind == .interrupted ? "KeyboardInterrupt" : "RuntimeError"
        let rendered =
            first.kind == .interrupted
            ? ["interrupted; your variables are intact"]
            : errors.map { Diagnostics.render($0, source: code, file: "cell") }
        let error: [(String, JSON)] = [
            ("ename", .string(name)), ("evalue", .string(first.kind == .interrupted ? "interrupted" : first.message)),
            ("traceback", .array(rendered.flatMap { $0.split(separator: "\n").map { .string(String($0)) } })),
        ]
        if !silent { publish("error", .object(error), parent: request) }
        return .object([("status", .string("error")), ("execution_count", count)] + error)
    }

    private let publishLock = NSLock()

    /// Sends one iopub message. Progress comes from worker threads, so sends are serialised.
    func publish(_ type: String, _ content: JSON, parent: KernelMessage?) {
        publishLock.lock()
        defer { publishLock.unlock() }
        var message = KernelMessage(type: type, content: content, parent: parent, session: session)
        message.identities = [Array("kernel.\(session).\(type)".utf8)]
        iopub.send(message.frames(signer: signer))
    }

    func log(_ text: String) {
        FileHandle.standardError.write(Data("varlab kernel: \(text)\n".utf8))
    }
}
