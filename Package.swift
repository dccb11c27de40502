// swift-tools-version:6.0
import PackageDescription

// Layers, from the bottom up:
//   VarlabCore      numerics only: random MLPs, landscapes, measures, training, theory
//   VarlabGraphics  figures as data and as files (SVG, PNG, CSV, JSON); no terminal
//   VarlabLanguage  lexer, parser, interpreter; talks to the outside through a Host protocol
//   VarlabTerminal  ANSI heat maps, Unicode charts, progress bars
//   varlab          the executable: command line, REPL (readline), wiring
let package = Package(
    name: "varlab",
    products: [
        .executable(name: "varlab", targets: ["varlab"]),
        .library(name: "VarlabCore", targets: ["VarlabCore"]),
        .library(name: "VarlabLanguage", targets: ["VarlabLanguage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "CKernels"),
        .target(name: "VarlabCore", dependencies: ["CKernels"]),
        .target(name: "VarlabGraphics", dependencies: ["VarlabCore", "CZlib"]),
        .target(name: "VarlabLanguage", dependencies: ["VarlabCore", "VarlabGraphics"]),
        .target(name: "VarlabTerminal", dependencies: ["VarlabCore", "VarlabGraphics"]),
        .executableTarget(
            name: "varlab",
            dependencies: [
                "VarlabCore", "VarlabGraphics", "VarlabLanguage", "VarlabTerminal", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "VarlabCoreTests", dependencies: ["VarlabCore"]),
        .testTarget(name: "VarlabGraphicsTests", dependencies: ["VarlabGraphics", "VarlabCore", "CZlib"]),
        .testTarget(
            name: "VarlabLanguageTests",
            dependencies: ["VarlabLanguage", "VarlabCore", "VarlabTerminal"],
            resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v5]
)
