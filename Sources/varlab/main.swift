import VarlabCore
import Foundation
let t0 = Date()
for act in [Activation.relu, .abs] {
  for L in [1, 2, 4, 8, 16, 32, 64] {
    let spec = MLPSpec(depth: L, budget: 10000, activation: act)
    let r = try Variability.measure(spec, options: VariabilityOptions(samples: 200), execution: Execution(threads: 2))
    print(act, L, spec.width, r.headline.mean, r.collapse.rate, r.deadFraction, r.meanPatterns)
  }
}
print(Date().timeIntervalSince(t0))
