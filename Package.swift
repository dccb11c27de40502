// swift-tools-version:6.1
import PackageDescription

// Layers, from the bottom up:
//   VarlabCore      numerics only: random MLPs, landscapes, measures, training, theory
//   VarlabGraphics  figures as data, laid out once as SVG; PNG rasterised from that SVG by librsvg/cairo
//   VarlabLanguage  lexer, parser, interpreter; talks to the outside through a Host protocol
//   VarlabStore     the SQLite store of finished work: resume, shards, merge, queryable views
//   VarlabHost      the outside world for an interpreter: files on disk (optionally confined), a clock
//   VarlabTerminal  ANSI heat maps, Unicode charts, progress bars
//   VarlabKernel    a Jupyter kernel (ZeroMQ, signed messages) around the interpreter
//   varlab          the executable: command line, REPL (readline), wiring
/// A pkg-config name used on macOS only: Debian's readline.pc and libzmq.pc add flags that
/// SwiftPM refuses (-D, -isystem) while the headers sit in /usr/include; Homebrew's include
/// and library folders come from its pkg-config files.
func onMacOS(_ pkgConfig: String) -> String? {
    #if os(macOS)
        return pkgConfig
    #else
        return nil
    #endif
}

let package = Package(
    name: "varlab",
    // Linux: any Swift 6.1 toolchain. macOS 15 for Synchronization's Mutex and Atomic.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "varlab", targets: ["varlab"]),
        .library(name: "VarlabCore", targets: ["VarlabCore"]),
        .library(name: "VarlabLanguage", targets: ["VarlabLanguage"]),
        .library(name: "VarlabStore", targets: ["VarlabStore"]),
    ],
    // PNG: rasterised figures (librsvg, cairo) and zlib-compressed images. On by default;
    // a library user who turns it off builds VarlabCore and VarlabLanguage with nothing but
    // a Swift toolchain (figures are then SVG only; README, "As a library").
    traits: [
        .trait(name: "PNG", description: "PNG figures through librsvg and cairo, images compressed with zlib"),
        .default(enabledTraits: ["PNG"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation`: the DocC catalogs of VarlabCore, VarlabLanguage
        // and VarlabStore (CI builds them, warnings as errors). A plugin: nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // System libraries, found through pkg-config (Debian's -dev packages, Homebrew's).
        .systemLibrary(
            name: "CReadline", pkgConfig: onMacOS("readline"),
            providers: [.apt(["libreadline-dev"]), .brew(["readline"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CZMQ", pkgConfig: onMacOS("libzmq"), providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .target(name: "CKernels"),
        // librsvg and cairo: cairo's flags through pkg-config (GLib's would bring -pthread,
        // which SwiftPM refuses), librsvg linked beside it (Sources/CRaster/svg_raster.c).
        .systemLibrary(
            name: "CRsvg", pkgConfig: "cairo",
            providers: [.apt(["librsvg2-dev", "libcairo2-dev"]), .brew(["librsvg", "cairo"])]),
        .target(
            name: "CRaster", dependencies: ["CRsvg"],
            linkerSettings: [.linkedLibrary("rsvg-2"), .linkedLibrary("gobject-2.0"), .linkedLibrary("glib-2.0")]),
        .target(name: "CLineSupport", dependencies: ["CReadline"]),
        .target(name: "VarlabCore", dependencies: ["CKernels"], resources: [.copy("Resources")]),
        .target(
            name: "VarlabGraphics",
            dependencies: [
                "VarlabCore", .target(name: "CZlib", condition: .when(traits: ["PNG"])),
                .target(name: "CRaster", condition: .when(traits: ["PNG"])),
            ]),
        .target(name: "VarlabLanguage", dependencies: ["VarlabCore", "VarlabGraphics"]),
        .target(name: "VarlabStore", dependencies: ["VarlabCore", "CSQLite"]),
        .target(name: "VarlabHost", dependencies: ["VarlabLanguage", "VarlabCore", "VarlabStore"]),
        .target(name: "VarlabTerminal", dependencies: ["VarlabCore", "VarlabGraphics"]),
        .target(
            name: "VarlabKernel",
            dependencies: [
                "VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "VarlabStore", "CZMQ", "CCrypto",
            ]),
        .executableTarget(
            name: "varlab",
            dependencies: [
                "VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "VarlabStore", "VarlabTerminal",
                "VarlabKernel", "CReadline", "CLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(
            name: "VarlabFuzzing",
            dependencies: ["VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "VarlabStore"]),
        .executableTarget(name: "varlab-fuzz", dependencies: ["VarlabFuzzing"]),
        // README "As a library": its program, compiled with the package and run by the tests.
        .executableTarget(
            name: "varlab-quickstart", dependencies: ["VarlabCore", "VarlabStore"], path: "examples/library"),
        .executableTarget(
            name: "varlab-bench",
            dependencies: ["VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabHost", "VarlabStore", "CKernels"],
            exclude: ["numpy_reference.py"]),
        .testTarget(name: "VarlabCoreTests", dependencies: ["VarlabCore"]),
        .testTarget(name: "VarlabCLITests"),
        .testTarget(name: "VarlabKernelTests", dependencies: ["VarlabKernel", "VarlabCore", "VarlabLanguage"]),
        .testTarget(name: "VarlabTerminalTests", dependencies: ["VarlabTerminal", "VarlabGraphics"]),
        .testTarget(name: "VarlabGraphicsTests", dependencies: ["VarlabGraphics", "VarlabCore", "CZlib"]),
        .testTarget(
            name: "VarlabLanguageTests",
            dependencies: [
                "VarlabLanguage", "VarlabCore", "VarlabHost", "VarlabStore", "VarlabTerminal", "VarlabFuzzing",
                "CSQLite",
            ],
            resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v6]
)
