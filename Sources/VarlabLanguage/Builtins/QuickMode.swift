/// `--quick`: every sampling size is capped so any script finishes in seconds (tests and
/// previews). Each cap is announced once per session.
enum QuickMode {
    static func cap(_ c: CallContext, _ what: String, _ value: Int, quick limit: Int) -> Int {
        guard c.interpreter.options.quick, value > limit else { return value }
        c.interpreter.noteOnce("quick mode: \(what) capped at \(limit)")
        return limit
    }
}
