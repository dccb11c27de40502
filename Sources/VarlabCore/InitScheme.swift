/// How the weights and biases of a random net are drawn (docs/measures.md, "Random nets").
public enum InitScheme: String, CaseIterable, Sendable {
    /// W ~ N(0, g^2 / fan_in) with g^2 = 1 / E[phi(z)^2] of the activation feeding W.
    case scaled
    /// W ~ N(0, 2 / fan_in) (Kaiming He).
    case he
    /// W ~ N(0, 1 / fan_in).
    case lecun
    /// W ~ N(0, 2 / (fan_in + fan_out)) (Glorot normal).
    case xavier
    /// W ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)) (Glorot uniform).
    case xavierUniform = "xavier_uniform"
    /// PyTorch nn.Linear default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    case torch

    /// Draws one weight for a layer with the given fan-in and fan-out; `gainSquared` is
    /// the gain of the activation that feeds this layer (used by `scaled` only).
    func weight(fanIn: Int, fanOut: Int, gainSquared: Double, rng: inout RandomStream) -> Double {
        let fin = Double(fanIn), fout = Double(fanOut)
        switch self {
        case .scaled: return rng.normal() * (gainSquared / fin).squareRoot()
        case .he: return rng.normal() * (2 / fin).squareRoot()
        case .lecun: return rng.normal() * (1 / fin).squareRoot()
        case .xavier: return rng.normal() * (2 / (fin + fout)).squareRoot()
        case .xavierUniform:
            let a = (6 / (fin + fout)).squareRoot()
            return rng.uniform(-a, a)
        case .torch:
            let a = 1 / fin.squareRoot()
            return rng.uniform(-a, a)
        }
    }

    /// Draws one bias; `torch` keeps PyTorch's uniform rule unless biases are switched off.
    func bias(fanIn: Int, biasStd: Double, rng: inout RandomStream) -> Double {
        if biasStd == 0 { return 0 }
        if self == .torch {
            let a = 1 / Double(fanIn).squareRoot()
            return rng.uniform(-a, a)
        }
        return rng.normal() * biasStd
    }
}
