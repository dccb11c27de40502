import VarlabCore

extension LabelledPoint {
    /// At most about `limit` points of a split for drawing, each with the net's sign when
    /// `outputs` (f at every point of the split) is given. The stride is odd, so datasets
    /// whose labels alternate (spiral, circle, gauss) keep both classes.
    public static func sample(_ split: Dataset.Split, limit: Int, outputs: [Float]? = nil) -> [LabelledPoint] {
        let step = max(1, split.count / max(1, limit)) | 1
        return stride(from: 0, to: split.count, by: step).map { k in
            let predicted = outputs.flatMap { k < $0.count ? $0[k] > 0 : nil }
            return LabelledPoint(
                x: split.inputs[2 * k], y: split.inputs[2 * k + 1], positive: split.labels[k] > 0, predicted: predicted)
        }
    }
}
