import CZMQ
import Foundation
import VarlabCore
import VarlabHost
import VarlabLanguage

/// A Jupyter kernel (messaging protocol 5.3) around one interpreter: shell and control
/// requests are answered one at a time, output goes to iopub, a thread answers heartbeats.
/// Malformed or wrongly signed messages are logged to stderr and dropped.
public final class KernelServer {
    let connection: ConnectionInfo
    let signer: MessageSigner
    let session = UUID().uuidString.lowercased()
    let context: UnsafeMutableRawPointer
    let shell: ZMQSocket, control: ZMQSocket, stdin: ZMQSocket, iopub: ZMQSocket
    let host: KernelHost
    let interpreter: Interpreter
    let clearInterrupt: () -> Void
    private var running = true

    public init(
        connection: ConnectionInfo, options: InterpreterOptions, interrupted: @escaping () -> Bool,
        clearInterrupt: @escaping () -> Void
    ) throws {
        self.connection = connection
        signer = MessageSigner(key: connection.key)
        guard let ctx = zmq_ctx_new() else { throw ZMQSocket.Failure("zmq_ctx_new") }
        context = ctx
        shell = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, bind: connection.endpoint(connection.shellPort))
        control = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, bind: connection.endpoint(connection.controlPort))
        stdin = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, bind: connection.endpoint(connection.stdinPort))
        iopub = try ZMQSocket(context: ctx, type: ZMQ_PUB, bind: connection.endpoint(connection.iopubPort))
        host = KernelHost(files: DiskFiles(), interrupted: interrupted, clearInterrupt: clearInterrupt)
        interpreter = Interpreter(host: host, options: options)
        self.clearInterrupt = clearInterrupt
        try startHeartbeat()
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

    /// Serves until a shutdown request.
    public func run() {
        publish("status", .object([("execution_state", .string("starting"))]), parent: nil)
        while running {
            var items = [
                zmq_pollitem_t(socket: shell.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
                zmq_pollitem_t(socket: control.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
            ]
            let n = zmq_poll(&items, 2, -1)
            if n < 0 {
                clearInterrupt()  // Ctrl-C (SIGINT) while idle: nothing to stop
                continue
            }
            if items[1].revents & Int16(ZMQ_POLLIN) != 0 { serve(control) }
            if items[0].revents & Int16(ZMQ_POLLIN) != 0 { serve(shell) }
        }
        usleep(100_000)  // let the last iopub messages leave
    }

    private func serve(_ socket: ZMQSocket) {
        guard let frames = socket.receive() else { return }
        let request: KernelMessage
        do {
            request = try KernelMessage(frames: frames, signer: signer)
        } catch {
            log("rejected a message: \(error)")
            return
        }
        publish("status", .object([("execution_state", .string("busy"))]), parent: request)
        defer { publish("status", .object([("execution_state", .string("idle"))]), parent: request) }
        guard let reply = handle(request) else {
            log("ignored a '\(request.type)' request")
            return
        }
        let type = request.type.replacingOccurrences(of: "_request", with: "_reply")
        socket.send(KernelMessage(type: type, content: reply, parent: request, session: session).frames(signer: signer))
    }

    /// The reply content of a request, or nil for types this kernel does not answer.
    func handle(_ request: KernelMessage) -> JSON? {
        let content = request.content
        switch request.type {
        case "kernel_info_request": return KernelRequests.kernelInfo()
        case "execute_request": return execute(request)
        case "complete_request": return KernelRequests.complete(content, interpreter: interpreter)
        case "inspect_request": return KernelRequests.inspect(content, interpreter: interpreter)
        case "is_complete_request": return KernelRequests.isComplete(content)
        case "history_request": return .object([("status", .string("ok")), ("history", .array([]))])
        case "comm_info_request": return .object([("status", .string("ok")), ("comms", .object([]))])
        case "interrupt_request": return .object([("status", .string("ok"))])
        case "shutdown_request":
            running = false
            return .object([("status", .string("ok")), ("restart", content["restart"] ?? .bool(false))])
        default: return nil
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
        clearInterrupt()
        host.resetProgress()
        let errors = interpreter.run(code)
        clearInterrupt()
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
