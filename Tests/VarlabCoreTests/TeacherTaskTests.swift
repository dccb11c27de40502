import Foundation
import Testing
import VarlabCore

/// Teacher tasks (docs/measures.md, "Tasks with a dial"): labels are the sign of the
/// teacher's output minus its median over the training inputs, and the classes balance.
@Suite struct TeacherTaskTests {
    @Test(arguments: [(Activation.relu, 2, 4), (.abs, 8, 16), (.tanh, 20, 3)])
    func labelsAreTheTeachersSignAroundItsMedian(act: Activation, input: Int, depth: Int) {
        let teacher = MLP(spec: MLPSpec(input: input, depth: depth, budget: 2000, activation: act, seed: 9), index: 0)
        let data = TeacherTask.generate(teacher: teacher, train: 1000, test: 2000, seed: 5)
        #expect(data.dimension == input && data.train.count == 1000 && data.test.count == 2000)
        // The test's own median and signs, from the teacher's float64 evaluation.
        func outputs(_ s: Dataset.Split) -> [Double] {
            (0..<s.count).map { i in teacher.evaluateReference(Array(s.inputs[input * i..<input * (i + 1)])).output }
        }
        let train = outputs(data.train), sorted = train.sorted()
        let median = (sorted[499] + sorted[500]) / 2
        for (f, label) in zip(train, data.train.labels) { #expect(label == (f > median ? 1 : -1)) }
        for (f, label) in zip(outputs(data.test), data.test.labels) { #expect(label == (f > median ? 1 : -1)) }
        #expect(abs(data.train.positiveShare - 0.5) <= 0.02 && abs(data.test.positiveShare - 0.5) <= 0.02)
        #expect(data.train.inputs.allSatisfy { (-1...1).contains($0) })
    }

    @Test func noiseFlipsAboutItsShareOfLabels() {
        let teacher = MLP(spec: MLPSpec(input: 4, depth: 3, budget: 1000, activation: .abs, seed: 2), index: 0)
        let clean = TeacherTask.generate(teacher: teacher, train: 4000, test: 10, seed: 1)
        let noisy = TeacherTask.generate(teacher: teacher, train: 4000, test: 10, noise: 0.1, seed: 1)
        #expect(clean.train.inputs == noisy.train.inputs)
        let flipped = zip(clean.train.labels, noisy.train.labels).filter { $0 != $1 }.count
        #expect(abs(Double(flipped) / 4000 - 0.1) < 0.02)
    }
}
