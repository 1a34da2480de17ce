// swift-tools-version: 6.1
import PackageDescription

// Targets mirror the architecture (see ARCHITECTURE.md):
//   SQLHealJSONRPC -> SQLHealLSP -> SQLHealServer
//   SQLHealAnalysis (pure core, no IO) <- SQLHealWorkspace (reads files) <- SQLHealRepair (writes databases)
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "sqlheal",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sqlheal", targets: ["sqlheal"]),
        // For the fuzz package (Fuzz/) and anyone embedding the engine.
        .library(name: "SQLHealEngine", targets: ["SQLHealJSONRPC", "SQLHealLSP", "SQLHealAnalysis", "SQLHealWorkspace", "SQLHealServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `sqlheal mcp`: the official Model Context Protocol SDK (only its `MCP` library is used).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SQLHealSQLite", dependencies: ["CSQLite"], swiftSettings: strictSettings),
        .target(name: "SQLHealJSONRPC", swiftSettings: strictSettings),
        .target(name: "SQLHealLSP", dependencies: ["SQLHealJSONRPC"], swiftSettings: strictSettings),
        .target(name: "SQLHealAnalysis", dependencies: ["SQLHealSQLite"], swiftSettings: strictSettings),
        .target(name: "SQLHealWorkspace", dependencies: ["SQLHealAnalysis", "SQLHealSQLite"], swiftSettings: strictSettings),
        .target(name: "SQLHealRepair", dependencies: ["SQLHealAnalysis", "SQLHealWorkspace", "SQLHealSQLite"], swiftSettings: strictSettings),
        .target(
            name: "SQLHealServer",
            dependencies: ["SQLHealJSONRPC", "SQLHealLSP", "SQLHealAnalysis", "SQLHealWorkspace", "SQLHealRepair"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SQLHealMCP",
            dependencies: [
                "SQLHealAnalysis", "SQLHealWorkspace", "SQLHealRepair",
                .product(name: "MCP", package: "swift-sdk"),
                // Already in the graph through the SDK: its transport takes `FileDescriptor`s and a `Logger`.
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sqlheal",
            dependencies: [
                "SQLHealServer", "SQLHealWorkspace", "SQLHealRepair", "SQLHealAnalysis", "SQLHealMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SQLHealBenchmarks",
            dependencies: ["SQLHealAnalysis", "SQLHealWorkspace", "SQLHealServer", "SQLHealJSONRPC", "SQLHealRepair"],
            swiftSettings: strictSettings
        ),
        // Shared by test targets: multi-file project fixtures (`ProjectFixture`).
        .target(name: "SQLHealTestSupport", dependencies: ["SQLHealAnalysis"], path: "Tests/SQLHealTestSupport", swiftSettings: strictSettings),
        .testTarget(name: "SQLHealJSONRPCTests", dependencies: ["SQLHealJSONRPC"], swiftSettings: strictSettings),
        .testTarget(name: "SQLHealAnalysisTests", dependencies: ["SQLHealAnalysis", "SQLHealSQLite", "SQLHealTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SQLHealWorkspaceTests", dependencies: ["SQLHealWorkspace", "SQLHealAnalysis", "SQLHealSQLite", "SQLHealTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SQLHealRepairTests", dependencies: ["SQLHealRepair", "SQLHealSQLite", "SQLHealTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "SQLHealServerTests",
            dependencies: ["SQLHealServer", "SQLHealJSONRPC", "SQLHealLSP"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SQLHealMCPTests",
            dependencies: ["SQLHealMCP", "SQLHealWorkspace", .product(name: "MCP", package: "swift-sdk")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ProtocolFixtureTests", dependencies: ["SQLHealJSONRPC"], swiftSettings: strictSettings),
        // Runs the built `sqlheal` binary on projects in temporary folders (build first).
        .testTarget(name: "SQLHealCLITests", dependencies: ["SQLHealRepair"], swiftSettings: strictSettings),
    ]
)
