// swift-tools-version: 6.1
// libFuzzer targets, kept out of the main package because they have no `main` of their own.
// Build and run one (see Fuzz/README.md):
//   swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address --product FuzzScanner
//   Fuzz/.build/debug/FuzzScanner -max_total_time=60 Fuzz/Corpus/Scanner
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "SQLHealFuzz",
    dependencies: [.package(name: "sqlheal", path: "..")],
    targets: [
        .executableTarget(name: "FuzzFraming", dependencies: [.product(name: "SQLHealEngine", package: "sqlheal")], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzScanner", dependencies: [.product(name: "SQLHealEngine", package: "sqlheal")], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzChecker", dependencies: [.product(name: "SQLHealEngine", package: "sqlheal")], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzSQLModel", dependencies: [.product(name: "SQLHealEngine", package: "sqlheal")], swiftSettings: fuzzSettings),
    ]
)
