import MCP
import SQLHealAnalysis
import SQLHealWorkspace

/// `describe_schema`: the schema queries are checked against, as the workspace assembled it
/// (the database, and the migrations that declare it), with keys, indexes and where each part
/// is declared. The `sqlheal://schema` resource is the same document for every table.
enum DescribeSchemaTool {
    static let name = "describe_schema"

    static let definition = Tool(
        name: name,
        title: "Describe the project's SQLite schema",
        description: """
            The SQLite schema sqlheal checks this project's SQL against: every table, view and virtual table with its \
            columns (declared type, NOT NULL, primary key position, default), foreign keys, indexes, and where each is \
            declared (migration file:line); and the schema sources used (the database file, migration files). When the \
            database and the migrations disagree, `inDatabase` and `declaredType` say how. Pass `table` for one table.
            """,
        inputSchema: JSONSchema.object(
            ["table": JSONSchema.string("Only this table or view (case-insensitive).")],
            additionalProperties: false),
        annotations: .init(title: "Describe schema", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: outputSchema
    )

    static func call(_ arguments: ToolArguments, workspace: ProjectWorkspace) throws -> ToolAnswer {
        try arguments.requireOnly(["table"])
        let only = try arguments.string("table")
        let document = try SchemaDocument(workspace: workspace).json(onlyTable: only, toolName: name)
        let tableCount = document["tables"]?.arrayValue?.count ?? 0
        let sourceList = (document["sources"]?.arrayValue ?? []).compactMap { $0.objectValue?["path"]?.stringValue }
        let from = sourceList.isEmpty ? "no schema source" : sourceList.joined(separator: ", ")
        let summary = only.map { "Table \($0) of the schema from \(from)." } ?? "\(tableCount) tables and views from \(from)."
        return ToolAnswer(structured: document, summary: summary)
    }

    static let outputSchema: Value = JSONSchema.object([
        "sources": JSONSchema.array(of: JSONSchema.object([
            "kind": JSONSchema.string("database, migrations, prisma-migrations, drizzle-migrations, schema-file, configured, code, knex"),
            "path": JSONSchema.string(),
        ], required: ["kind", "path"]), description: "As `sqlheal schema --format json` lists them, in the order applied."),
        "checkedAgainst": JSONSchema.string("What queries are checked against: the database, or the declared schema (migrations, schema files, the code's DDL) when there is none.",
                                            enumeration: ["database", "declared schema"]),
        "tables": JSONSchema.array(of: JSONSchema.object([
            "name": JSONSchema.string(),
            "kind": JSONSchema.string(enumeration: ["table", "view", "virtual"]),
            "declaredAt": JSONSchema.optionalString("file:line of its CREATE"),
            "inDatabase": ["type": ["boolean", "null"]],
            "strict": JSONSchema.boolean,
            "withoutRowid": JSONSchema.boolean,
            "columns": JSONSchema.array(of: JSONSchema.object([
                "name": JSONSchema.string(), "type": JSONSchema.string(), "notNull": JSONSchema.boolean,
                "primaryKey": JSONSchema.integer, "default": JSONSchema.optionalString(), "hidden": JSONSchema.boolean,
                "declaredAt": JSONSchema.optionalString(), "inDatabase": ["type": ["boolean", "null"]],
                "declaredType": JSONSchema.optionalString("The migrations' type where the database has another."),
            ], required: ["name", "type"])),
            "foreignKeys": JSONSchema.array(of: JSONSchema.object([
                "columns": JSONSchema.array(of: JSONSchema.string()), "references": JSONSchema.string(),
                "referencedColumns": JSONSchema.array(of: JSONSchema.string()),
                "onDelete": JSONSchema.string(), "onUpdate": JSONSchema.string(),
            ], required: ["columns", "references"])),
            "indexes": JSONSchema.array(of: JSONSchema.object([
                "name": JSONSchema.string(), "columns": JSONSchema.array(of: JSONSchema.string()),
                "unique": JSONSchema.boolean, "origin": JSONSchema.string(), "partial": JSONSchema.boolean,
            ], required: ["name", "columns", "unique"])),
            "sql": JSONSchema.string("The CREATE statement."),
        ], required: ["name", "kind", "columns"])),
    ], required: ["sources", "tables"])
}

/// The assembled schema as JSON: the answer of `describe_schema` and the `sqlheal://schema` resource.
struct SchemaDocument {
    let workspace: ProjectWorkspace

    private var context: SchemaContext { workspace.schema.context }
    private var hasDatabase: Bool { workspace.schema.isCheckedAgainstDatabase }

    func json(onlyTable: String? = nil, toolName: String = DescribeSchemaTool.name) throws -> [String: Value] {
        // The checked schema plus the tables the code creates at run time, as `sqlheal schema` shows it.
        let checked = workspace.schema.assembledSnapshot
        let declared = context.declaredSchema
        var names: [String: String] = [:]  // lowercased → as declared
        for table in (declared?.tables ?? []) + checked.tables { names[table.name.lowercased()] = table.name }
        var keys = names.keys.sorted()
        if let onlyTable {
            guard names[onlyTable.lowercased()] != nil else {
                let suggestions = NameSuggestions.suggestions(for: onlyTable, among: Array(names.values))
                let hint = suggestions.isEmpty ? "the schema has \(names.values.sorted().joined(separator: ", "))" : "did you mean \(suggestions.joined(separator: " or "))?"
                throw ToolInputError("\(toolName): no table or view named \(onlyTable) in the schema; \(hint)")
            }
            keys = [onlyTable.lowercased()]
        }
        let checkedRelations = TableRelations.read(checked)
        let declaredRelations = declared.map(TableRelations.read) ?? [:]
        let tables: [Value] = keys.compactMap { key in
            let inChecked = checked.table(named: key)
            guard let table = inChecked ?? declared?.table(named: key) else { return nil }
            let relations = inChecked != nil ? checkedRelations[key] : declaredRelations[key]
            return tableJSON(table, checked: inChecked, declared: declared?.table(named: key), relations: relations ?? .none)
        }
        return [
            "sources": .array(sources),
            "checkedAgainst": .string(Self.checkedAgainst(workspace)),
            "tables": .array(tables),
        ]
    }

    /// Where the schema was read from, exactly as `sqlheal schema` lists it (``SchemaReport``).
    var sources: [Value] {
        SchemaReport.sources(of: workspace.schema, root: workspace.root).map { source in
            ["kind": .string(source.kind), "path": .string(source.path)]
        }
    }

    static func checkedAgainst(_ workspace: ProjectWorkspace) -> String {
        workspace.schema.isCheckedAgainstDatabase ? "database" : "declared schema"
    }

    /// One table: as the checked schema has it, with what the migrations declare differently.
    private func tableJSON(_ table: TableSchema, checked: TableSchema?, declared: TableSchema?, relations: TableRelations) -> Value {
        var columns: [Value] = []
        for column in table.columns {
            let declaredColumn = declared?.column(named: column.name)
            columns.append(columnJSON(column, declared: declaredColumn, inDatabase: hasDatabase ? checked != nil : nil))
        }
        if let checked, let declared, hasDatabase {
            for column in declared.columns where checked.column(named: column.name) == nil {
                columns.append(columnJSON(column, declared: column, inDatabase: false))
            }
        }
        var object: [String: Value] = [
            "name": .string(table.name),
            "kind": .string(SchemaReport.kindName(table.kind)),
            "declaredAt": .optional((table.declaredAt ?? declared?.declaredAt)?.description),
            "inDatabase": hasDatabase ? .bool(checked != nil) : .null,
            "strict": .bool(table.isStrict),
            "withoutRowid": .bool(table.isWithoutRowid),
            "columns": .array(columns),
            "sql": .string(table.createSQL),
        ]
        if table.kind == .table {
            object["foreignKeys"] = .array(relations.foreignKeys.map { key in
                ["columns": .strings(key.columns), "references": .string(key.referencedTable),
                 "referencedColumns": .strings(key.referencedColumns), "onDelete": .string(key.onDelete), "onUpdate": .string(key.onUpdate)]
            })
            object["indexes"] = .array(relations.indexes.map { index in
                ["name": .string(index.name), "columns": .strings(index.columns), "unique": .bool(index.isUnique),
                 "origin": .string(index.origin), "partial": .bool(index.isPartial)]
            })
        }
        return .object(object)
    }

    private func columnJSON(_ column: ColumnSchema, declared: ColumnSchema?, inDatabase: Bool?) -> Value {
        var object: [String: Value] = [
            "name": .string(column.name),
            "type": .string(column.declaredType),
            "notNull": .bool(column.isNotNull),
            "primaryKey": .int(column.primaryKeyPosition),
            "default": .optional(column.defaultValueSQL),
            "hidden": .bool(column.isHidden),
            "declaredAt": .optional((column.declaredAt ?? declared?.declaredAt)?.description),
            "inDatabase": inDatabase.map(Value.bool) ?? .null,
        ]
        if let declared, declared.declaredType.uppercased() != column.declaredType.uppercased() {
            object["declaredType"] = .string(declared.declaredType)
        }
        return .object(object)
    }
}
