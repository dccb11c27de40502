// swift-tools-version:6.0
import PackageDescription

// Layers, from the bottom up:
//   VarlabCore      numerics only: random MLPs, landscapes, measures, training, theory
//   VarlabGraphics  figures as data, laid out once as SVG; PNG rasterised from that SVG by librsvg/cairo
//   VarlabLanguage  lexer, parser, interpreter; talks to the outside through a Host protocol
//   VarlabHost      the outside world for an interpreter: files on disk (optionally confined), a clock,
//                   the SQLite store of finished work
//   VarlabTerminal  ANSI heat maps, Unicode charts, progress bars
//   VarlabKernel    a Jupyter kernel (ZeroMQ, signed messages) around the interpreter
//   varlab          the executable: command line, REPL (readline), wiring
let package = Package(
    name: "varlab",
    products: [
        .executable(name: "varlab", targets: ["varlab"]),
        .library(name: "VarlabCore", targets: ["VarlabCore"]),
        .library(name: "VarlabLanguage", targets: ["VarlabLanguage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZMQ", path: "Sources/CZMQ"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // No errno from sqrtf: lets the optimiser vectorise the Adam update.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-fno-math-errno"])]),
        // librsvg's headers need GLib's; pkg-config would pass -pthread, which SwiftPM refuses
        // with a warning, so the paths of Debian's librsvg2-dev are named here (both arches).
        .target(
            name: "CRaster",
            cSettings: [
                .unsafeFlags([
                    "-I/usr/include/librsvg-2.0", "-I/usr/include/glib-2.0", "-I/usr/include/gdk-pixbuf-2.0",
                    "-I/usr/include/cairo", "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
                    "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include",
                ])
            ],
            linkerSettings: [
                .linkedLibrary("rsvg-2"), .linkedLibrary("cairo"), .linkedLibrary("gobject-2.0"),
                .linkedLibrary("glib-2.0"),
            ]),
        .target(name: "CLineSupport", linkerSettings: [.linkedLibrary("readline")]),
        .target(name: "VarlabCore", dependencies: ["CKernels"]),
        .target(name: "VarlabGraphics", dependencies: ["VarlabCore", "CZlib", "CRaster"]),
        .target(name: "VarlabLanguage", dependencies: ["VarlabCore", "VarlabGraphics"]),
        .target(name: "VarlabHost", dependencies: ["VarlabLanguage", "VarlabCore", "CSQLite"]),
        .target(name: "VarlabTerminal", dependencies: ["VarlabCore", "VarlabGraphics"]),
        .target(
            name: "VarlabKernel",
            dependencies: ["VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "CZMQ", "CCrypto"]),
        .executableTarget(
            name: "varlab",
            dependencies: [
                "VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "VarlabTerminal", "VarlabKernel",
                "CReadline", "CLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "VarlabFuzzing", dependencies: ["VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost"]),
        .executableTarget(name: "varlab-fuzz", dependencies: ["VarlabFuzzing"]),
        .executableTarget(
            name: "varlab-bench",
            dependencies: ["VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "CKernels"],
            exclude: ["numpy_reference.py"]),
        .testTarget(name: "VarlabCoreTests", dependencies: ["VarlabCore"]),
        .testTarget(name: "VarlabCLITests"),
        .testTarget(name: "VarlabKernelTests", dependencies: ["VarlabKernel", "VarlabCore"]),
        .testTarget(name: "VarlabTerminalTests", dependencies: ["VarlabTerminal", "VarlabGraphics"]),
        .testTarget(name: "VarlabGraphicsTests", dependencies: ["VarlabGraphics", "VarlabCore", "CZlib"]),
        .testTarget(
            name: "VarlabLanguageTests",
            dependencies: ["VarlabLanguage", "VarlabCore", "VarlabHost", "VarlabTerminal", "VarlabFuzzing"],
            resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v6]
)
