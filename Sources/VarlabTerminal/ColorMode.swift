import Foundation

/// How much colour the terminal shows: 24-bit, the 256-colour palette, or none (plain
/// ASCII shades when NO_COLOR is set, TERM=dumb, or the output is not a terminal).
public enum ColorMode: Sendable {
    case trueColor, palette256, plain

    public static func detect(isTerminal: Bool, environment env: [String: String] = ProcessInfo.processInfo.environment)
        -> ColorMode
    {
        if env["NO_COLOR"].map({ !$0.isEmpty }) == true { return .plain }
        if env["TERM"] == "dumb" || !isTerminal { return .plain }
        let colorterm = env["COLORTERM"]?.lowercased() ?? ""
        if colorterm.contains("truecolor") || colorterm.contains("24bit") { return .trueColor }
        return .palette256
    }
}

/// ANSI escape sequences for one colour mode.
struct ANSI {
    let mode: ColorMode
    static let reset = "\u{1B}[0m"

    func foreground(_ c: (UInt8, UInt8, UInt8)) -> String {
        switch mode {
        case .trueColor: return "\u{1B}[38;2;\(c.0);\(c.1);\(c.2)m"
        case .palette256: return "\u{1B}[38;5;\(ANSI.cube(c))m"
        case .plain: return ""
        }
    }

    func background(_ c: (UInt8, UInt8, UInt8)) -> String {
        switch mode {
        case .trueColor: return "\u{1B}[48;2;\(c.0);\(c.1);\(c.2)m"
        case .palette256: return "\u{1B}[48;5;\(ANSI.cube(c))m"
        case .plain: return ""
        }
    }

    /// The nearest entry of xterm's 6 x 6 x 6 colour cube.
    static func cube(_ c: (UInt8, UInt8, UInt8)) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : (v < 115 ? 1 : (Int(v) - 35) / 40) }
        return 16 + 36 * level(c.0) + 6 * level(c.1) + level(c.2)
    }

    func bold(_ s: String) -> String { mode == .plain ? s : "\u{1B}[1m\(s)\u{1B}[0m" }
    func dim(_ s: String) -> String { mode == .plain ? s : "\u{1B}[2m\(s)\u{1B}[0m" }
}
