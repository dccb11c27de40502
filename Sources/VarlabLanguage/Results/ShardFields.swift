import VarlabCore

/// The fields that say a result was made by one shard of a larger run (docs/store.md).
enum ShardFields {
    static func fields<Source>(
        shard: @escaping @Sendable (Source) -> Shard?, work: @escaping @Sendable (Source) -> WorkTally
    ) -> [Field<Source>] {
        [
            .text("shard", "the shard that made a partial result (I/N); absent for a whole result", role: .setting) {
                r in
                shard(r).map { "\($0.index)/\($0.count)" }
            },
            Field("partial", .flag, "true when other shards hold some of its units", role: .setting) { r in
                work(r).isPartial ? .value(.bool(true)) : .absent("the result is whole")
            },
        ]
    }
}
