/// Reduced sizes for tests and previews (`--quick`): a size over its quick cap is capped,
/// the session is told once, and the result of the call records what was capped.
enum QuickMode {
    static func cap(_ c: CallContext, _ what: String, _ value: Int, quick limit: Int) -> Int {
        guard c.interpreter.options.quick, value > limit else { return value }
        c.interpreter.noteOnce("quick mode: \(what) capped at \(limit)")
        c.notes.capped.items.append("\(what) \(limit)")
        return limit
    }
}
