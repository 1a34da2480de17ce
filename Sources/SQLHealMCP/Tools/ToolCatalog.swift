import MCP
import SQLHealWorkspace

/// The tools `sqlheal mcp` offers, and the one place a call is routed to its tool.
public enum ToolCatalog {
    public static var tools: [Tool] {
        [
            DescribeSchemaTool.definition, CheckSQLTool.definition, CheckFilesTools.checkFileDefinition,
            CheckFilesTools.checkProjectDefinition, FindQueriesTool.definition, PlanRepairTool.definition,
        ]
    }

    /// Runs a tool on the project as it is now. Every failure is an answer with `isError`: an
    /// unknown tool, bad arguments, a table that does not exist. Blocking work: call it off the
    /// cooperative thread pool.
    public static func call(_ name: String, arguments: [String: Value]?, project: MCPProject) -> CallTool.Result {
        let toolArguments = ToolArguments(toolName: name, values: arguments)
        let run: (ToolArguments, ProjectWorkspace) throws -> ToolAnswer
        switch name {
        case DescribeSchemaTool.name: run = DescribeSchemaTool.call
        case CheckSQLTool.name: run = CheckSQLTool.call
        case CheckFilesTools.checkFileName: run = CheckFilesTools.checkFile
        case CheckFilesTools.checkProjectName: run = CheckFilesTools.checkProject
        case FindQueriesTool.name: run = FindQueriesTool.call
        case PlanRepairTool.name: run = PlanRepairTool.call
        default:
            return ToolAnswer.failure(ToolInputError("unknown tool \(name); the tools are \(tools.map(\.name).joined(separator: ", "))"))
        }
        do {
            let workspace = project.workspace()
            var answer = try run(toolArguments, workspace)
            // Without a schema only syntax is checked: an agent must not read "valid" as "the
            // tables exist", so every answer says so, as `sqlheal check` does.
            if workspace.schema.isMissing {
                answer.structured["warning"] = .string(WorkspaceSchema.missingSchemaMessage)
                answer.summary = "Warning: \(WorkspaceSchema.missingSchemaMessage)\n\(answer.summary)"
            }
            return answer.result
        } catch let error as ToolInputError {
            return ToolAnswer.failure(error)
        } catch {
            return ToolAnswer.failure(ToolInputError("\(name): \(error)"))
        }
    }
}
