// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

/// Release builds: code the probe and planner run is small next to start-up, so
/// optimise for size; link with lld, packed relative relocations (DT_RELR,
/// glibc 2.36), identical code folded, and no symbols exported from the
/// executable (nothing loads it as a library). bench/README.md, "Release size".
/// scripts/build-release adds -Osize for the dependencies (swift-argument-parser),
/// which settings here cannot reach; every release build goes through it.
/// Value witnesses (copy, move, destroy of each type) as layout strings the
/// runtime interprets instead of a function per type: 200,704 bytes less (the two
/// experimental features and the two frontend flags are all needed; without
/// either half the build is the same). bench/floor.md, "Release size".
let releaseSize: [SwiftSetting] = [
    .unsafeFlags([
        "-Osize",
        "-Xfrontend", "-enable-layout-string-value-witnesses",
        "-Xfrontend", "-enable-layout-string-value-witnesses-instantiation",
    ], .when(configuration: .release)),
    .enableExperimentalFeature("LayoutStringValueWitnesses", .when(configuration: .release)),
    .enableExperimentalFeature("LayoutStringValueWitnessesInstantiation", .when(configuration: .release)),
]
let releaseLink: [LinkerSetting] = [
    .unsafeFlags([
        "-use-ld=lld",
        "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        "-Xlinker", "--icf=all",
        "-Xlinker", "--no-export-dynamic",
    ], .when(configuration: .release)),
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
        .target(name: "Layout", dependencies: ["CYAML"], swiftSettings: strict + releaseSize),
        .target(
            name: "Apply",
            dependencies: ["CParted", "Layout", "Platform"],
            swiftSettings: strict + releaseSize
        ),
        .target(
            name: "Workflow",
            dependencies: ["Layout", "Apply", "Platform"],
            swiftSettings: strict + releaseSize
        ),
        .executableTarget(
            name: "DiskPlan",
            dependencies: [
                "Layout", "Apply", "Workflow", "Platform", "CArguments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict + releaseSize,
            linkerSettings: releaseLink
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
