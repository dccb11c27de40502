import CZMQ
import Foundation

/// A ZeroMQ socket: multipart send and receive of byte frames. Not thread-safe, as ZeroMQ
/// sockets are not: each is used by one thread at a time.
final class ZMQSocket {
    let handle: UnsafeMutableRawPointer

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String) { description = "\(what): \(String(cString: zmq_strerror(zmq_errno())))" }
    }

    init(context: UnsafeMutableRawPointer, type: Int32, bind endpoint: String) throws {
        guard let socket = zmq_socket(context, type) else { throw Failure("zmq_socket") }
        handle = socket
        var linger: Int32 = 1000
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        // A hostile peer cannot make the kernel hold a huge message: larger ones drop the peer.
        var largest = Int64(ZMQSocket.maximumMessageBytes)
        zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &largest, MemoryLayout<Int64>.size)
        guard zmq_bind(handle, endpoint) == 0 else { throw Failure("cannot listen on \(endpoint)") }
    }

    deinit { zmq_close(handle) }

    /// Frames of one message larger than this are refused by ZeroMQ itself.
    static let maximumMessageBytes = 64 << 20
    /// Messages with more frames than this are read to their end and dropped.
    static let maximumFrames = 64

    /// Whether a message is waiting, after at most `milliseconds` (false on a signal).
    func wait(milliseconds: Int) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        return zmq_poll(&item, 1, milliseconds) > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }

    func send(_ frames: [[UInt8]]) {
        for (i, frame) in frames.enumerated() {
            let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 || zmq_errno() != EINTR { break }
            }
        }
    }

    /// All frames of the next message; nil when interrupted by a signal before it began.
    func receive() -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        repeat {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let n = zmq_msg_recv(&message, handle, 0)
            if n < 0 {
                if zmq_errno() == EINTR && frames.isEmpty { return nil }
                if zmq_errno() == EINTR { continue }
                return nil
            }
            let data = zmq_msg_data(&message).assumingMemoryBound(to: UInt8.self)
            if frames.count <= ZMQSocket.maximumFrames {
                frames.append(Array(UnsafeBufferPointer(start: data, count: Int(n))))
            }
        } while hasMore()
        return frames.count > ZMQSocket.maximumFrames ? [] : frames
    }

    private func hasMore() -> Bool {
        var more: Int32 = 0
        var size = MemoryLayout<Int32>.size
        zmq_getsockopt(handle, ZMQ_RCVMORE, &more, &size)
        return more != 0
    }
}
