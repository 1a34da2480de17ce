import MCP
import SQLHealWorkspace

/// The assembled schema as documents an agent can read without calling a tool: JSON (the
/// `describe_schema` answer for every table) and the DDL queries are checked against.
public enum SchemaResources {
    static let jsonURI = "sqlheal://schema"
    static let sqlURI = "sqlheal://schema.sql"

    public static var resources: [Resource] {
        [
            Resource(name: "schema", uri: jsonURI, title: "Project schema (JSON)",
                     description: "Every table, view and virtual table with columns, keys, indexes and where each is declared, and the schema sources (as describe_schema).",
                     mimeType: "application/json"),
            Resource(name: "schema.sql", uri: sqlURI, title: "Project schema (SQL)",
                     description: "The CREATE statements queries are checked against.",
                     mimeType: "application/sql"),
        ]
    }

    /// The document at `uri`; throws `invalidParams` for any other URI.
    public static func read(_ uri: String, project: MCPProject) throws -> ReadResource.Result {
        let workspace = project.workspace()
        switch uri {
        case jsonURI:
            let document = try SchemaDocument(workspace: workspace).json()
            return ReadResource.Result(contents: [.text(JSONText.serialize(.object(document)), uri: uri, mimeType: "application/json")])
        case sqlURI:
            let ddl = workspace.schema.context.checkedSchema.ddl.map { $0.hasSuffix(";") ? $0 : $0 + ";" }.joined(separator: "\n\n")
            return ReadResource.Result(contents: [.text(ddl + "\n", uri: uri, mimeType: "application/sql")])
        default:
            throw MCPError.invalidParams("unknown resource \(uri); the resources are \(jsonURI) and \(sqlURI)")
        }
    }
}
