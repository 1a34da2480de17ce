import MCP
import SQLHealAnalysis
import SQLHealWorkspace

/// `check_sql`: one statement checked as sqlheal would check it in the project's code, before
/// the agent writes it there.
enum CheckSQLTool {
    static let name = "check_sql"

    static let definition = Tool(
        name: name,
        title: "Check a SQL statement against the project's schema",
        description: """
            Checks SQLite SQL against this project's real schema with the same checker the editor and `sqlheal check` use: \
            unknown tables and columns (with did-you-mean suggestions and where a name is declared), syntax errors, \
            parameter count, values whose type contradicts the column they meet. `params` are the values the code binds, \
            as JavaScript expressions (`"userId"`, `"parseInt(req.query.id)"`, `"'text'"`) or JSON numbers, booleans and \
            null: an array for `?` placeholders, an object for `:name`/`$name`/`@name`. Without `params` the count is not \
            checked. When the statement is valid, the answer lists its result columns with their types. Lines and \
            columns are 1-based within `sql`. The result is an error (isError) when the statement has error findings: \
            it would fail when run.
            """,
        inputSchema: JSONSchema.object([
            "sql": JSONSchema.string("One SQLite statement (several separated by `;` are checked one by one)."),
            "params": ["description": "Values bound to the placeholders: JavaScript expressions (strings) or JSON literals; an array (positional) or an object (named).",
                       "type": ["array", "object"]],
        ], required: ["sql"], additionalProperties: false),
        annotations: .init(title: "Check SQL", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: outputSchema
    )

    static func call(_ arguments: ToolArguments, workspace: ProjectWorkspace) throws -> ToolAnswer {
        try arguments.requireOnly(["sql", "params"])
        let sql = try arguments.requiredString("sql")
        let parameters = try readParameters(arguments)
        let functionNames = workspace.configuration.analysis.extraction.queryFunctionNames
        guard let functionName = functionNames.contains("all") ? "all" : functionNames.sorted().first else {
            throw ToolInputError("\(name): this project's sqlheal.json names no query functions (`queryFunctions`), so no statement can be checked as code would run it")
        }
        let probe = QueryProbe(sql: sql, parameters: parameters, functionName: functionName)
        let analysis = workspace.analyzer.analyze(probe.text, language: .javascript)
        guard analysis.queries.count == 1, let query = analysis.queries.first else {
            // The scanner takes text for SQL only when it starts like SQL (`SELEC 1` does not).
            if case .failure(let error) = workspace.analyzer.describeStatement(sql) {
                let position = error.offset.map { offset -> String in
                    let start = LineIndex(sql).position(of: offset, in: .utf32)
                    return " (line \(start.line + 1), column \(start.column + 1))"
                } ?? ""
                throw ToolInputError("\(name): SQLite cannot read this as SQL: \(error.message)\(position)")
            }
            throw ToolInputError("\(name): the statement could not be read back as one query; check that each `params` entry is a complete JavaScript expression")
        }
        return answer(sql: sql, probe: probe, query: query, findings: analysis.findings, workspace: workspace, parameters: parameters)
    }

    static func readParameters(_ arguments: ToolArguments) throws -> QueryProbe.Parameters {
        guard let value = arguments.values["params"], !value.isNull else { return .unspecified }
        func expression(_ element: Value, at label: String) throws -> String {
            switch element {
            case .string(let text):
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw ToolInputError("\(name): params[\(label)] is an empty expression; write a string value as a JavaScript literal, e.g. \"'text'\"")
                }
                return text
            case .int(let number): return String(number)
            case .double(let number): return String(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "null"
            default:
                throw arguments.mistyped("params[\(label)]", expected: "a JavaScript expression (string), number, boolean or null", got: element)
            }
        }
        if let array = value.arrayValue {
            return .positional(try array.enumerated().map { try expression($0.element, at: String($0.offset)) })
        }
        if let object = value.objectValue {
            return .named(try object.keys.sorted().map { key in
                guard key.range(of: "^[$:@]?[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
                    throw ToolInputError("\(name): params key \(key) is not a parameter name (`id`, `$id`, `:id` or `@id`)")
                }
                return (key, try expression(object[key]!, at: key))
            })
        }
        throw arguments.mistyped("params", expected: "an array (for ? placeholders) or an object (for named ones)", got: value)
    }

    // MARK: - The answer

    private static func answer(sql: String, probe: QueryProbe, query: EmbeddedQuery, findings: [Finding], workspace: ProjectWorkspace, parameters: QueryProbe.Parameters) -> ToolAnswer {
        let lines = LineIndex(sql)
        let findingValues: [Value] = findings.map { finding in
            var object: [String: Value] = [
                "code": .string(finding.code.rawValue),
                "severity": .string(finding.severity.name),
                "message": .string(finding.message),
            ]
            if let range = probe.sqlRange(forDocumentRange: finding.range) {
                let start = lines.position(of: range.lowerBound, in: .utf32)
                let end = lines.position(of: range.upperBound, in: .utf32)
                object["in"] = "sql"
                object["line"] = .int(start.line + 1)
                object["column"] = .int(start.column + 1)
                object["endLine"] = .int(end.line + 1)
                object["endColumn"] = .int(end.column + 1)
                object["text"] = .string(String(decoding: Array(sql.utf8)[range], as: UTF8.self))
            } else {
                object["in"] = "params"
                let label = probe.parameterLabel(forDocumentRange: finding.range)
                object["param"] = .optional(label)
                let clamped = finding.range.clamped(to: 0..<probe.text.count)
                object["text"] = .string(String(decoding: probe.text[clamped], as: UTF8.self))
            }
            let suggestions = finding.fixHints.flatMap { hint -> [String] in
                if case .replaceName(let names) = hint { return names }
                return []
            }
            object["suggestions"] = .strings(suggestions)
            object["related"] = .array(finding.related.map { ["location": .string($0.location.description), "message": .string($0.message)] })
            return .object(object)
        }
        let errorCount = findings.count { $0.severity == .error }
        let bindings = QueryBinder.bindings(for: query, schema: workspace.schema.context.checkedSchema)
        let parameterValues: [Value] = bindings.compactMap { binding in
            guard case .parameter(let number, let parameterName) = binding.identity else { return nil }
            return [
                "number": .int(number),
                "name": .optional(parameterName),
                "placeholder": .string(String(decoding: Array(query.sql.utf8)[binding.sqlRange.clamped(to: 0..<query.sql.utf8.count)], as: UTF8.self)),
                "column": .optional(binding.column?.qualifiedName),
                "type": .optional(binding.column.map(\.column.declaredType)),
                "context": .optional(binding.context?.rawValue),
                "value": .optional(binding.value?.expressionText),
            ]
        }
        var structured: [String: Value] = [
            "valid": .bool(errorCount == 0),
            "findings": .array(findingValues),
            "parameters": .array(parameterValues),
            "parametersChecked": .bool(parameters != .unspecified),
            "checkedAgainst": .string(SchemaDocument.checkedAgainst(workspace)),
        ]
        var summary: String
        if errorCount == 0, case .success(let description) = workspace.analyzer.describeStatement(sql) {
            structured["columns"] = .array(description.resultColumns.map { column in
                ["name": .string(column.name), "type": .optional(column.declaredType), "table": .optional(column.table), "column": .optional(column.column)]
            })
            structured["parameterCount"] = .int(description.parameterCount)
            structured["readOnly"] = .bool(description.isReadOnly)
            let columns = description.resultColumns.map { "\($0.name) \($0.declaredType ?? "(expression)")" }
            summary = findings.isEmpty ? "Valid." : "Valid, with \(findings.count) warning\(findings.count == 1 ? "" : "s")."
            if !columns.isEmpty { summary += " Result columns: \(columns.joined(separator: ", "))." }
        } else {
            summary = findings.isEmpty ? "Valid." : "\(findings.count) finding\(findings.count == 1 ? "" : "s"):"
        }
        for finding in findings {
            summary += "\n- \(finding.severity.name) [\(finding.code.rawValue)] \(finding.message)"
        }
        return ToolAnswer(structured: structured, summary: summary, isError: errorCount > 0)
    }

    static let outputSchema: Value = JSONSchema.object([
        "valid": JSONSchema.boolean,
        "findings": JSONSchema.array(of: JSONSchema.object([
            "code": JSONSchema.string(), "severity": JSONSchema.string(enumeration: ["error", "warning", "info", "hint"]),
            "message": JSONSchema.string(), "in": JSONSchema.string(enumeration: ["sql", "params"]),
            "line": JSONSchema.integer, "column": JSONSchema.integer, "endLine": JSONSchema.integer, "endColumn": JSONSchema.integer,
            "text": JSONSchema.string(), "param": JSONSchema.optionalString(),
            "suggestions": JSONSchema.array(of: JSONSchema.string()),
            "related": JSONSchema.array(of: JSONSchema.object(["location": JSONSchema.string(), "message": JSONSchema.string()])),
        ], required: ["code", "severity", "message", "in"])),
        "parameters": JSONSchema.array(of: JSONSchema.object([
            "number": JSONSchema.integer, "name": JSONSchema.optionalString(), "placeholder": JSONSchema.string(),
            "column": JSONSchema.optionalString("table.column the placeholder meets"), "type": JSONSchema.optionalString(),
            "context": JSONSchema.optionalString(), "value": JSONSchema.optionalString(),
        ], required: ["number"])),
        "parametersChecked": JSONSchema.boolean,
        "checkedAgainst": JSONSchema.string(),
        "columns": JSONSchema.array(of: JSONSchema.object([
            "name": JSONSchema.string(), "type": JSONSchema.optionalString(), "table": JSONSchema.optionalString(), "column": JSONSchema.optionalString(),
        ], required: ["name"]), description: "Result columns, when the statement is valid."),
        "parameterCount": JSONSchema.integer,
        "readOnly": JSONSchema.boolean,
    ], required: ["valid", "findings", "parameters"])
}
