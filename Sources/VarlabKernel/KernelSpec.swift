import Foundation
import VarlabCore
import VarlabGraphics

/// The kernelspec Jupyter reads to start varlab: kernel.json and a 64 x 64 logo (a random
/// landscape, drawn by varlab itself).
public enum KernelSpec {
    public static func json(executable: String) -> JSON {
        .object([
            ("argv", .array([.string(executable), .string("kernel"), .string("-f"), .string("{connection_file}")])),
            ("display_name", .string("varlab")), ("language", .string("varlab")), ("interrupt_mode", .string("signal")),
            ("metadata", .object([("debugger", .bool(false))])),
        ])
    }

    public static func install(into folder: String, executable: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data((json(executable: executable).text + "\n").utf8).write(
            to: URL(fileURLWithPath: folder + "/kernel.json"))
        try Data(logo()).write(to: URL(fileURLWithPath: folder + "/logo-64x64.png"))
    }

    /// A 64 x 64 heat map of an abs net's landscape, centred so both colours show.
    static func logo() -> [UInt8] {
        let net = MLP(spec: MLPSpec(depth: 6, width: 16, activation: .abs, seed: 3))
        let l = Landscape(net: net, resolution: 64)
        let mean = l.values.reduce(0, +) / Double(l.values.count)
        var canvas = PixelImage(width: 64, height: 64)
        let top = max(l.values.map { Swift.abs($0 - mean) }.max() ?? 1, 1e-12)
        for i in 0..<64 {
            for j in 0..<64 {
                canvas[j, 63 - i] = Palette.diverging(l[i, j] - mean, bound: top)
            }
        }
        return PNGEncoder.encode(canvas)
    }
}
