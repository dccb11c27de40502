import Synchronization

/// Refuses a signed message whose signature was seen before in this session, as
/// jupyter_client's Session keeps its digest history: a captured execute_request sent again
/// (same msg_id, same signature) must not run twice. The history is bounded: past
/// `capacity` signatures the oldest half is forgotten (a message older than that would have
/// to be replayed after tens of thousands of newer ones).
final class ReplayGuard: Sendable {
    struct Replayed: Error, CustomStringConvertible {
        var description: String { "a replayed message (its signature was already used in this session)" }
    }

    let capacity: Int
    private let seen = Mutex<(set: Set<String>, order: [String])>((set: [], order: []))

    init(capacity: Int = 1 << 16) { self.capacity = capacity }

    /// Records a signature; throws when it was seen before. Unsigned sessions (no key) have
    /// nothing to compare and are not checked.
    func admit(_ signature: String, signed: Bool) throws {
        guard signed else { return }
        try seen.withLock { history in
            guard history.set.insert(signature).inserted else { throw Replayed() }
            history.order.append(signature)
            if history.order.count > capacity {
                let dropped = history.order.prefix(capacity / 2)
                history.set.subtract(dropped)
                history.order.removeFirst(capacity / 2)
            }
        }
    }
}
