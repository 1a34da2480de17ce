import ArgumentParser
import Foundation
import SQLHealMCP

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Runs a Model Context Protocol server over stdin/stdout for coding agents.",
        discussion: """
            Tools: describe_schema, check_sql, check_file, check_project, find_queries, plan_repair (a dry run); \
            resources: sqlheal://schema (JSON) and sqlheal://schema.sql. It never writes anything. Nothing but \
            protocol messages is written to stdout; logs go to stderr.
            """
    )

    @OptionGroup var project: ProjectRootOptions

    func run() async throws {
        let root = project.resolvedRoot
        let outputDescriptor = ProtocolOutput.reserveStandardOutput()
        try await SQLHealMCPServer.run(root: root, version: SQLHealVersion.current, inputDescriptor: STDIN_FILENO, outputDescriptor: outputDescriptor)
    }
}
