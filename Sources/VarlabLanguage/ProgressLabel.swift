import Synchronization

/// The words a progress line starts with, which a computation may extend as it learns its
/// path ("variability (float64: its first nets all needed it)"); read from worker threads.
final class ProgressLabel: Sendable {
    private let value: Mutex<String>

    init(_ text: String) { value = Mutex(text) }

    var text: String {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
