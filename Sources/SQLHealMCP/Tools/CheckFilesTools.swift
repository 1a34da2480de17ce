import Foundation
import MCP
import SQLHealWorkspace

/// `check_file` and `check_project`: the project's findings, exactly as
/// `sqlheal check --format json` reports them (``ProjectWorkspace/checkReport(requestedPaths:progress:)``
/// and ``CheckReport/json()``), with the summary line and the skipped files beside them.
enum CheckFilesTools {
    static let checkFileName = "check_file"
    static let checkProjectName = "check_project"

    static let checkFileDefinition = Tool(
        name: checkFileName,
        title: "Check source files",
        description: """
            Checks the SQL in one or more of the project's source files (JS/TS/JSX/TSX, or a migration .sql file for its \
            schema findings) against the project's schema. Findings are objects {file, line, column, endLine, endColumn, \
            severity, code, message}, exactly as `sqlheal check --format json`; lines and columns are 1-based (UTF-16 \
            columns). Paths are relative to the project root.
            """,
        inputSchema: JSONSchema.object([
            "path": JSONSchema.string("One file, relative to the project root."),
            "paths": JSONSchema.array(of: JSONSchema.string(), description: "Several files."),
        ], additionalProperties: false),
        annotations: .init(title: "Check files", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: outputSchema
    )

    static let checkProjectDefinition = Tool(
        name: checkProjectName,
        title: "Check the whole project",
        description: """
            Checks every source file of the project (or only the folders and files in `paths`) and the schema sources, \
            as `sqlheal check --format json` does: configuration and migration findings, each file's findings, and \
            unused tables when the whole project is checked.
            """,
        inputSchema: JSONSchema.object([
            "paths": JSONSchema.array(of: JSONSchema.string(), description: "Only these folders or files, relative to the project root."),
        ], additionalProperties: false),
        annotations: .init(title: "Check project", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: outputSchema
    )

    static func checkFile(_ arguments: ToolArguments, workspace: ProjectWorkspace) throws -> ToolAnswer {
        try arguments.requireOnly(["path", "paths"])
        let given = (try arguments.string("path").map { [$0] } ?? []) + (try arguments.stringArray("paths") ?? [])
        guard !given.isEmpty else {
            throw ToolInputError("\(checkFileName): give `path` (a file relative to the project root) or `paths`")
        }
        let paths = try given.map { try MCPProject.resolve($0, root: workspace.root, toolName: checkFileName) }
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ToolInputError("\(checkFileName): \(WorkspacePath.display(path, root: workspace.root)) is a folder; use check_project with `paths` for folders")
            }
        }
        return try answer(workspace.checkReport(requestedPaths: paths), workspace: workspace, requested: paths)
    }

    static func checkProject(_ arguments: ToolArguments, workspace: ProjectWorkspace) throws -> ToolAnswer {
        try arguments.requireOnly(["paths"])
        let paths = try (arguments.stringArray("paths") ?? []).map { try MCPProject.resolve($0, root: workspace.root, toolName: checkProjectName) }
        return try answer(workspace.checkReport(requestedPaths: paths), workspace: workspace, requested: paths)
    }

    private static func answer(_ report: CheckReport, workspace: ProjectWorkspace, requested: [String]) throws -> ToolAnswer {
        // The CLI's own JSON, read back: the same shape by construction, not by a second encoder.
        guard let findings = try? JSONDecoder().decode(Value.self, from: Data(report.json().utf8)), findings.arrayValue != nil else {
            throw ToolInputError("sqlheal could not read back its own report")
        }
        var notes: [Value] = report.notes.map { note in
            ["file": .optional(note.path.map(report.displayPath)), "message": .string(note.message)]
        }
        // A file the configuration leaves out is checked for nothing: say so rather than answer "no findings".
        for path in requested where !workspace.isProjectSourceFile(path) && !workspace.schema.migrations.files.contains(path) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            notes.append(["file": .string(report.displayPath(path)),
                          "message": "not a file this project checks (not a source file, or left out by include/exclude in sqlheal.json)"])
        }
        let structured: [String: Value] = [
            "findings": findings,
            "summary": .string(report.summaryLine),
            "errorCount": .int(report.errorCount),
            "warningCount": .int(report.warningCount),
            "checkedFileCount": .int(report.checkedFileCount),
            "queryCount": .int(report.queryCount),
            "notes": .array(notes),
        ]
        var summary = report.summaryLine + "."
        let text = report.text()
        if !text.isEmpty { summary += "\n" + text.trimmingCharacters(in: .newlines) }
        return ToolAnswer(structured: structured, summary: summary)
    }

    static let outputSchema: Value = JSONSchema.object([
        "findings": JSONSchema.array(of: JSONSchema.object([
            "file": JSONSchema.string(), "line": JSONSchema.integer, "column": JSONSchema.integer,
            "endLine": JSONSchema.integer, "endColumn": JSONSchema.integer,
            "severity": JSONSchema.string(enumeration: ["error", "warning", "info", "hint"]),
            "code": JSONSchema.string(), "message": JSONSchema.string(),
        ], required: ["file", "line", "column", "endLine", "endColumn", "severity", "code", "message"]),
        description: "As `sqlheal check --format json`."),
        "summary": JSONSchema.string(),
        "errorCount": JSONSchema.integer,
        "warningCount": JSONSchema.integer,
        "checkedFileCount": JSONSchema.integer,
        "queryCount": JSONSchema.integer,
        "notes": JSONSchema.array(of: JSONSchema.object(["file": JSONSchema.optionalString(), "message": JSONSchema.string()]),
                                  description: "Files skipped or not checked, and why."),
    ], required: ["findings", "summary", "errorCount", "warningCount", "checkedFileCount", "queryCount"])
}
