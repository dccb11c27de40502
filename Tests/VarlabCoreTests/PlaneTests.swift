import Foundation
import Testing
import VarlabCore

/// Landscapes on planes through a d-dimensional input space, and data with d features
/// (docs/measures.md, "Inputs beyond two dimensions").
@Suite struct PlaneTests {
    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test func aRandomPlaneIsOrthonormalAndReproducible() {
        for d in [3, 8, 64, 500] {
            for k in 0..<20 {
                let p = Plane.random(dimension: d, seed: 7, index: UInt64(k))
                #expect(abs(Self.dot(p.u, p.u) - 1) < 1e-12 && abs(Self.dot(p.v, p.v) - 1) < 1e-12)
                #expect(abs(Self.dot(p.u, p.v)) < 1e-12)
                #expect(p == Plane.random(dimension: d, seed: 7, index: UInt64(k)))
                #expect(p != Plane.random(dimension: d, seed: 8, index: UInt64(k)))
            }
        }
    }

    @Test func theThreePointPlanePassesThroughItsPointsInsideTheSquare() {
        var rng = RandomStream(seed: 3, stream: 0)
        for d in [2, 3, 8, 64] {
            for _ in 0..<50 {
                let points = (0..<3).map { _ in (0..<d).map { _ in 5 * rng.normal() } }
                guard let plane = Plane.through(points[0], points[1], points[2]) else {
                    Issue.record("three random points in \(d)-D span a plane")
                    continue
                }
                for p in points {
                    let (x, y, distance) = plane.coordinates(of: p)
                    #expect(distance < 1e-9 * (1 + Self.dot(p, p).squareRoot()), "off the plane by \(distance)")
                    #expect(abs(x) <= 1 && abs(y) <= 1)
                    let back = plane.point(x: x, y: y)
                    #expect(zip(back, p).allSatisfy { abs($0 - $1) < 1e-9 })
                }
            }
        }
        #expect(Plane.through([0, 0, 0], [1, 1, 1], [2, 2, 2]) == nil)  // one line
    }

    /// The landscape of a d = 8 net on a plane, against f evaluated here in float64 at
    /// origin + x u + y v, for the float32 path and the float64 one.
    @Test func aPlaneLandscapeAgreesWithAFloat64EvaluationWrittenHere() {
        for act in [Activation.relu, .abs, .tanh] {
            let spec = MLPSpec(input: 8, depth: 4, width: 12, activation: act, seed: 4)
            let net = MLP(spec: spec, index: 1)
            let plane = Plane.random(dimension: 8, seed: 4, index: 5)
            let r = 24
            let axis = Landscape.axis(r)
            var reference = [Double](repeating: 0, count: r * r)
            for i in 0..<r {
                for j in 0..<r { reference[i * r + j] = Self.evaluate(net, plane.point(x: axis[j], y: axis[i])) }
            }
            let rms = (reference.reduce(0) { $0 + $1 * $1 } / Double(r * r)).squareRoot()
            for float64 in [false, true] {
                let probe = LandscapeProbe(net: net, plane: plane, resolution: r, observe: true, float64: float64)
                let worst = zip(probe.landscape.values, reference).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-4 * rms, "\(act) float64 \(float64): off by \(worst / rms) of the RMS")
                let exact = LandscapeMeasures(Landscape(resolution: r, values: reference))
                #expect(abs(probe.measures.v3 - exact.v3) <= 0.01 * exact.v3)
            }
        }
    }

    /// f(point) with every product in float64, layer by layer (the definition).
    static func evaluate(_ net: MLP, _ point: [Double]) -> Double {
        var h = point
        for (l, layer) in net.layers.enumerated() {
            var z = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var s = Double(layer.bias[i])
                for k in 0..<layer.inputs { s += Double(layer.weight(i, k)) * h[k] }
                z[i] = l == net.depth ? s : layer.activation.apply(s)
            }
            h = z
        }
        return h[0]
    }

    /// On a plane, a d = 64 family is measured like any other; its store key says d and
    /// the planes, and more planes give another (averaged) result.
    @Test func variabilityOnPlanes() throws {
        let spec = MLPSpec(input: 64, depth: 4, budget: 4000, activation: .abs, seed: 2)
        let one = try Variability.measure(spec, options: VariabilityOptions(samples: 12, resolution: 16))
        let again = try Variability.measure(
            spec, options: VariabilityOptions(samples: 12, resolution: 16), execution: Execution(threads: 2))
        let three = try Variability.measure(spec, options: VariabilityOptions(samples: 12, resolution: 16, planes: 3))
        #expect(one.orders == again.orders)
        #expect(one.orders != three.orders && three.headline.mean > 0)
        #expect(spec.storeKey.contains("input=64"))
    }

    @Test func aCSVWith64FeaturesRoundTrips() throws {
        var rng = RandomStream(seed: 9, stream: 0)
        let header = (1...64).map { "f\($0)" }.joined(separator: ",") + ",label"
        var rows: [[Double]] = []
        var lines = [header]
        for i in 0..<40 {
            let x = (0..<64).map { _ in rng.uniform(-3, 3) }
            rows.append(x)
            lines.append(x.map { "\($0)" }.joined(separator: ",") + ",\(i % 2 == 0 ? 1 : 0)")
        }
        let data = try Dataset.parseCSV(lines.joined(separator: "\r\n"), name: "wide", seed: 1)
        #expect(data.dimension == 64 && data.train.count + data.test.count == 40)
        let all = data.train.inputs + data.test.inputs
        #expect(Set(rows.flatMap { $0 }) == Set(all))
        let standard = data.standardised()
        for k in 0..<64 {
            let column = (0..<standard.train.count).map { standard.train.inputs[64 * $0 + k] }
            let mean = column.reduce(0, +) / Double(column.count)
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)
            #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-9)
        }
        #expect(throws: Dataset.CSVError.self) { try Dataset.parseCSV("a,b,label\n1,2,1\n1,x,0\n", name: "bad") }
    }

    /// The shipped digits: 1797 images of 64 pixels, the file's SHA-256 as documented.
    @Test func theDigitsFileIsTheDocumentedOne() throws {
        let (pixels, digits) = try Digits.rows()
        #expect(pixels.count == 1797 && digits.count == 1797 && pixels.allSatisfy { $0.count == 64 })
        #expect(pixels.joined().allSatisfy { (0...16).contains($0) } && Set(digits) == Set(0...9))
        let counts = (0...9).map { d in digits.filter { $0 == d }.count }
        #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let pair = try Digits.dataset(task: .pair(3, 8))
        #expect(pair.train.count + pair.test.count == 183 + 174 && pair.dimension == 64)
    }

    /// A shallow net learns even vs odd digits well above chance (measured: test accuracy 0.987
    /// after 60 epochs, train 1.0; the same as varlab prints for this net).
    @Test func aShallowNetLearnsDigitParity() throws {
        let data = try Digits.dataset(task: .parity)
        let net = MLP(spec: MLPSpec(input: 64, depth: 1, width: 64, activation: .abs, seed: 1))
        let result = try Training.train(net, on: data, options: TrainingOptions(epochs: 60, learningRate: 2e-3))
        #expect(result.testAccuracy > 0.9, "test accuracy \(result.testAccuracy)")
    }

    @Test func parityAndMixtureAreTheirDefinitions() throws {
        let parity = SyntheticTask.parity(dimension: 6, coordinates: 3).generate(train: 300, test: 10, seed: 2)
        for i in 0..<parity.train.count {
            let x = parity.train.inputs[(6 * i)..<(6 * i + 6)]
            #expect(x.allSatisfy { abs($0) <= 1 })
            #expect(parity.train.labels[i] == x.prefix(3).reduce(1.0) { $0 * ($1 < 0 ? -1 : 1) })
        }
        let far = SyntheticTask.mixture(dimension: 10, separation: 12).generate(train: 400, test: 400, seed: 2)
        #expect(abs(far.train.positiveShare - 0.5) < 0.01)
        // Twelve standard deviations apart: a linear net separates them.
        let net = MLP(spec: MLPSpec(input: 10, depth: 1, width: 8, activation: .linear, seed: 1))
        let trained = try Training.train(net, on: far, options: TrainingOptions(epochs: 30, learningRate: 1e-2))
        #expect(trained.testAccuracy > 0.99)
    }
}
