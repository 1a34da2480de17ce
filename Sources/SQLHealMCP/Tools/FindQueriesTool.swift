import Dispatch
import MCP
import SQLHealAnalysis
import SQLHealWorkspace

/// `find_queries`: every query of the project that uses a table (or one of its columns), found
/// by the same reading of the statements that gives the repair its evidence
/// (``TableUsageCollector``), not by a text search: aliases, joins, CTEs and constant table
/// names are resolved, comments and prose are not queries.
enum FindQueriesTool {
    static let name = "find_queries"

    static let definition = Tool(
        name: name,
        title: "Find the queries that use a table or column",
        description: """
            Lists every SQL query in the project's source files that uses `table` (and, with `column`, that column of \
            it): file, 1-based line and column of the SQL, the statement kind and text, and the table's columns it \
            names. Use it before renaming or changing a table or column.
            """,
        inputSchema: JSONSchema.object([
            "table": JSONSchema.string("A table or view name (case-insensitive)."),
            "column": JSONSchema.string("Only queries that use this column of the table."),
        ], required: ["table"], additionalProperties: false),
        annotations: .init(title: "Find queries", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: outputSchema
    )

    struct Match: Sendable {
        var path: String
        var position: TextPosition
        var query: EmbeddedQuery
        var columns: [String]
    }

    static func call(_ arguments: ToolArguments, workspace: ProjectWorkspace) throws -> ToolAnswer {
        try arguments.requireOnly(["table", "column"])
        let table = try arguments.requiredString("table")
        let column = try arguments.string("column")
        let context = workspace.schema.context
        let schemaTable = context.checkedSchema.table(named: table) ?? context.declaredSchema?.table(named: table)
        let matches = findQueries(table: table, column: column, workspace: workspace)
        if schemaTable == nil && matches.isEmpty {
            let names = context.checkedSchema.tables.map(\.name) + (context.declaredSchema?.tables.map(\.name) ?? [])
            let suggestions = NameSuggestions.suggestions(for: table, among: names)
            throw ToolInputError("\(name): no table named \(table) in the schema and no query uses it"
                + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: " or "))?"))
        }
        if let column, let schemaTable, schemaTable.column(named: column) == nil, matches.isEmpty {
            let suggestions = NameSuggestions.suggestions(for: column, among: schemaTable.columns.map(\.name))
            throw ToolInputError("\(name): table \(schemaTable.name) has no column \(column) and no query uses one"
                + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: " or "))?"))
        }
        let queries: [Value] = matches.map { match in
            [
                "file": .string(WorkspacePath.display(match.path, root: workspace.root)),
                "line": .int(match.position.line + 1),
                "column": .int(match.position.column + 1),
                "statement": .string(statementKind(match.query.sql)),
                "sql": .string(match.query.sql),
                "columns": .strings(match.columns),
            ]
        }
        let subject = column.map { "\(table).\($0)" } ?? table
        var summary = "\(matches.count) quer\(matches.count == 1 ? "y uses" : "ies use") \(subject)."
        for match in matches {
            summary += "\n- \(WorkspacePath.display(match.path, root: workspace.root)):\(match.position.line + 1): \(statementKind(match.query.sql))"
        }
        return ToolAnswer(structured: [
            "table": .string(schemaTable?.name ?? table),
            "column": .optional(column),
            "inSchema": .bool(schemaTable != nil),
            "queries": .array(queries),
        ], summary: summary)
    }

    /// Every query of the project's files that uses the table (and column), in file order.
    static func findQueries(table: String, column: String?, workspace: ProjectWorkspace) -> [Match] {
        let files = workspace.discoverFiles().files
        let extraction = workspace.configuration.analysis.extraction
        let schema = workspace.schema.context.checkedSchema
        let perFile = LockedResults<[Match]>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let path = files[index]
            guard let language = SourceLanguage(fileName: path), case .success(let bytes) = SourceFileReader.read(path) else { return }
            let lines = LineIndex(utf8: bytes)
            var matches: [Match] = []
            for query in QueryExtractor.extractQueries(from: bytes, language: language, configuration: extraction) where query.dynamism != .unresolved {
                // The collector reads only fully static SQL (the repair infers types from it);
                // a query with a value spliced in still names its tables, and the placeholder
                // standing for the value names none, so it is read as it is.
                var readable = query
                readable.dynamism = .fullyStatic
                guard let usage = TableUsageCollector.collect([readable], schema: schema).first(where: { $0.name.lowercased() == table.lowercased() }) else { continue }
                if let column, usage.column(named: column) == nil { continue }
                matches.append(Match(path: path, position: lines.position(of: query.sourceRange.lowerBound, in: workspace.unit),
                                     query: query, columns: usage.columns.map(\.name)))
            }
            perFile.store(matches, at: index)
        }
        return perFile.values().flatMap { $0 }
    }

    /// The statement's first keyword: `SELECT`, `INSERT`, … (`WITH` for a common table expression).
    static func statementKind(_ sql: String) -> String {
        let word = sql.drop { !$0.isLetter }.prefix { $0.isLetter }
        return word.uppercased()
    }

    static let outputSchema: Value = JSONSchema.object([
        "table": JSONSchema.string(),
        "column": JSONSchema.optionalString(),
        "inSchema": JSONSchema.boolean,
        "queries": JSONSchema.array(of: JSONSchema.object([
            "file": JSONSchema.string(), "line": JSONSchema.integer, "column": JSONSchema.integer,
            "statement": JSONSchema.string(), "sql": JSONSchema.string(),
            "columns": JSONSchema.array(of: JSONSchema.string(), description: "The table's columns this query names."),
        ], required: ["file", "line", "column", "sql"])),
    ], required: ["table", "queries"])
}
