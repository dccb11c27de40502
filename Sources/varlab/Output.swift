import Foundation

/// Writes text to a file descriptor completely. Signals are installed without SA_RESTART
/// (so Ctrl-C can end a blocked read), which means a write into a full pipe or terminal
/// can return early with EINTR: retry until every byte is out.
enum Output {
    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return  // the reader is gone (EPIPE) or the device failed: nothing to do
            }
        }
    }
}
