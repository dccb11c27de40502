/// A task labelled by a random net (docs/measures.md, "Tasks with a dial"): inputs uniform in
/// [-1, 1]^d, label +1 where the teacher's output is above its median over the training
/// inputs, -1 elsewhere, so the classes balance, and each label flipped with probability
/// `noise`. The task's difficulty is the teacher's own landscape: a student's variability at
/// initialisation can be set against the variability the task needs.
public enum TeacherTask {
    /// Points labelled by the sign of a teacher net's output around its median.
    public static func generate(
        teacher: MLP, train: Int, test: Int, noise: Double = 0, seed: UInt64 = RandomStream.defaultSeed
    ) -> Dataset {
        let d = teacher.input
        func points(_ count: Int, stream: UInt64) -> [[Double]] {
            var rng = RandomStream(seed: seed, stream: stream)
            return (0..<count).map { _ in (0..<d).map { _ in rng.uniform(-1, 1) } }
        }
        let trainPoints = points(train, stream: 1), testPoints = points(test, stream: 2)
        // float64, point by point: a label is decided by the sign, so it must not depend on
        // float32's rounding near the threshold.
        let trainOutputs = trainPoints.map { teacher.evaluateReference($0).output }
        let threshold = median(trainOutputs)
        func split(_ inputs: [[Double]], _ outputs: [Double], stream: UInt64) -> Dataset.Split {
            var flips = RandomStream(seed: seed, stream: stream)
            let labels = outputs.map { f -> Double in
                let clean: Double = f > threshold ? 1 : -1
                return flips.uniform() < noise ? -clean : clean
            }
            return Dataset.Split(inputs: inputs.flatMap { $0 }, labels: labels, dimension: d)
        }
        let testOutputs = testPoints.map { teacher.evaluateReference($0).output }
        return Dataset(
            name: "teacher (\(teacher.input) inputs, \(teacher.depth) layers)",
            train: split(trainPoints, trainOutputs, stream: 3), test: split(testPoints, testOutputs, stream: 4))
    }

    /// The median (the mean of the two middle values for an even count).
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted(), n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}
