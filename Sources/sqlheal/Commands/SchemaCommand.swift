import ArgumentParser
import Foundation
import SQLHealWorkspace

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Prints the schema sqlheal assembled and where each part came from.",
        discussion: """
            Without configuration the schema is detected: the database file, SQL migration folders
            (migrations/, db/migrations/, prisma/migrations/, drizzle/), schema files (schema.sql and
            other .sql files declaring tables), and the schema statements the code runs (CREATE TABLE
            in exec/run/prepare calls and SQL templates, knex schema builder calls). Exit status: 0;
            2 on a usage or configuration error.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var project: ProjectRootOptions

    @Option(name: .long, help: "text: the sources, then one line per table; json: { sources, tables }.")
    var format: OutputFormat = .text

    func run() async throws {
        let root = project.resolvedRoot
        let workspace = ProjectWorkspace.load(root: root)
        let report = SchemaReport(schema: workspace.schema, root: workspace.root)
        let output = format == .json ? report.json() : report.text()
        FileHandle.standardOutput.write(Data(output.utf8))
        for finding in workspace.workspaceFindings where finding.severity == .error {
            StandardError.write("\(WorkspacePath.display(finding.path, root: workspace.root)):\(finding.line1):\(finding.column1): \(finding.severity.rawValue): \(finding.message) [\(finding.code.rawValue)]\n")
        }
        if workspace.schema.isMissing {
            StandardError.write("warning: \(WorkspaceSchema.missingSchemaMessage)\n")
        }
        if workspace.configuration.hasConfigurationErrors { throw ExitCode(2) }
    }
}
