import VarlabCore

extension LabelledPoint {
    /// At most about `limit` points of a split for drawing. The stride is odd, so datasets
    /// whose labels alternate (spiral, circle, gauss) keep both classes.
    public static func sample(_ split: Dataset.Split, limit: Int) -> [LabelledPoint] {
        let step = max(1, split.count / max(1, limit)) | 1
        return stride(from: 0, to: split.count, by: step).map {
            LabelledPoint(x: split.inputs[2 * $0], y: split.inputs[2 * $0 + 1], positive: split.labels[$0] > 0)
        }
    }
}
