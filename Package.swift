// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "diskplan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "diskplan", targets: ["DiskPlan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CParted",
            pkgConfig: "libparted",
            providers: [.apt(["libparted-dev", "libblkid-dev"])]
        ),
        // libyaml for the plan file's reader; the module map links its static
        // archive (see Sources/CYAML/module.modulemap), so the binary does not need
        // libyaml at run time.
        .systemLibrary(name: "CYAML", providers: [.apt(["libyaml-dev"])]),
        .target(name: "CArguments"),
        .target(name: "Platform", swiftSettings: strict),
        .target(name: "Layout", dependencies: ["CYAML"], swiftSettings: strict),
        .target(
            name: "Apply",
            dependencies: ["CParted", "Layout", "Platform"],
            swiftSettings: strict
        ),
        .target(
            name: "Workflow",
            dependencies: ["Layout", "Apply", "Platform"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "DiskPlan",
            dependencies: [
                "Layout", "Apply", "Workflow", "Platform", "CArguments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LayoutTests", dependencies: ["Layout"], swiftSettings: strict),
        .testTarget(name: "ApplyTests", dependencies: ["Apply", "Layout"], swiftSettings: strict),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Apply", "Layout"], swiftSettings: strict),
        .testTarget(name: "VMTests", dependencies: [], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: [], swiftSettings: strict),
        .testTarget(name: "ScriptTests", dependencies: [], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
