/// What a hover shows inside SQL: Markdown, and the source range it is about.
public struct SQLHover: Sendable, Hashable {
    public var markdown: String
    public var range: ByteRange

    /// The hover at the context's cursor: a table or view, a column, a placeholder or hole, the
    /// statement's first keyword, a SQLite function, a CTE or alias; `nil` elsewhere.
    /// `rowCount` gives a line about a table's rows when the caller knows them (the server counts
    /// a configured database's rows; this module reads no file).
    public static func at(_ context: SQLEditingContext, rowCount: ((_ table: String) -> String?)? = nil) -> SQLHover? {
        let offset = context.sqlOffset
        let resolution = context.resolution
        if let placeholder = resolution.placeholder(at: offset) ?? resolution.placeholder(at: offset - 1) {
            return SQLHover(markdown: describePlaceholder(placeholder, context: context), range: context.sourceRange(of: placeholder.range))
        }
        if let reference = resolution.references(at: offset).first(where: { $0.range.lowerBound < offset || $0.range.lowerBound == offset }),
           let markdown = describe(reference.symbol, context: context, rowCount: rowCount) {
            return SQLHover(markdown: markdown, range: context.sourceRange(of: reference.range))
        }
        if let statement = context.tree.statement(at: offset), statement.firstKeywordRange.lowerBound <= offset, offset <= statement.firstKeywordRange.upperBound {
            return SQLHover(markdown: describeResult(of: statement, context: context), range: context.sourceRange(of: statement.firstKeywordRange))
        }
        return nil
    }

    // MARK: - Descriptions

    static func describe(_ symbol: SQLSymbol, context: SQLEditingContext, rowCount: ((String) -> String?)? = nil) -> String? {
        let resolution = context.resolution
        switch symbol {
        case .table(let key):
            guard let table = context.schema.table(named: key) ?? resolution.localTables[key] else { return nil }
            let rows = context.schema.table(named: key) != nil ? rowCount?(table.name) : nil
            return describeTable(table, schema: context.schema) + (rows.map { "\n\n" + $0 } ?? "")
        case .column(let tableKey, let columnKey):
            guard let table = context.schema.table(named: tableKey) ?? resolution.localTables[tableKey] else { return nil }
            return describeColumn(columnKey, of: table, schema: context.schema)
        case .alias(let declaration):
            let name = context.sql.text(in: declaration)
            let source = resolution.visibleSources(at: context.sqlOffset).first { $0.name.lowercased() == name.lowercased() }
            if let key = source?.tableKey, let table = context.schema.table(named: key) ?? resolution.localTables[key] {
                return "alias **\(name)** of\n\n" + describeTable(table, schema: context.schema)
            }
            return "alias **\(name)**" + (source.map { "\n\n" + columnTable($0.columns) } ?? "")
        case .commonTable(let declaration):
            let name = context.sql.text(in: declaration)
            let source = resolution.visibleSources(at: context.sqlOffset).first { $0.kind == .commonTable && $0.name.lowercased() == name.lowercased() }
            return "common table expression **\(name)**" + (source.map { "\n\n" + columnTable($0.columns) } ?? "")
        case .commonTableColumn(let declaration, let column):
            let name = context.sql.text(in: declaration)
            let info = resolution.visibleSources(at: context.sqlOffset).first { $0.kind == .commonTable && $0.name.lowercased() == name.lowercased() }?
                .columns.first { $0.name.lowercased() == column }
            return "column **\(name).\(info?.name ?? column)**" + (info.map { " `\($0.declaredType.isEmpty ? "any" : $0.declaredType)`" } ?? "") + " of common table expression \(name)"
        case .resultAlias(let declaration):
            return "result column **\(context.sql.text(in: declaration))**"
        case .function(let name):
            guard let function = SQLiteFunctions.function(named: name) else { return nil }
            let returns = function.returnType == SQLiteFunctions.sameAsFirstArgument ? "" : (function.returnType.isEmpty ? "" : " → \(function.returnType)")
            return "```sql\n\(function.signature)\(returns)\n```\n\(function.documentation)" + (function.kind == .scalar ? "" : " (\(function.kind.rawValue) function)")
        case .index(let name):
            return "index **\(name)**"
        case .trigger(let name):
            return "trigger **\(name)**"
        case .unknownTable, .unknownColumn:
            return nil
        }
    }

    static func kindName(_ table: TableSchema) -> String {
        switch table.kind {
        case .table: "table"
        case .view: "view"
        case .virtualTable: "virtual table"
        }
    }

    static func describeTable(_ table: TableSchema, schema: SchemaSnapshot) -> String {
        let details = SchemaObjectDescription(table: table, schema: schema)
        var lines: [String] = []
        var title = "\(kindName(table)) **\(table.name)**"
        var flags: [String] = []
        if table.isStrict { flags.append("STRICT") }
        if table.isWithoutRowid { flags.append("WITHOUT ROWID") }
        if !flags.isEmpty { title += " (\(flags.joined(separator: ", ")))" }
        lines.append(title)
        lines.append("")
        lines.append("| column | type | constraints |")
        lines.append("| --- | --- | --- |")
        for column in table.columns where !column.isHidden {
            lines.append("| \(column.name) | \(column.declaredType.isEmpty ? "—" : column.declaredType) | \(constraints(of: column, details: details).joined(separator: ", ")) |")
        }
        let primaryKey = table.columns.filter { $0.primaryKeyPosition > 0 }.sorted { $0.primaryKeyPosition < $1.primaryKeyPosition }.map(\.name)
        if !primaryKey.isEmpty { lines.append(""); lines.append("Primary key: \(primaryKey.joined(separator: ", "))") }
        if !details.foreignKeys.isEmpty {
            lines.append("")
            lines.append("Foreign keys: " + details.foreignKeys.map(\.text).joined(separator: "; "))
        }
        if !details.indexes.isEmpty {
            lines.append("")
            lines.append("Indexes: " + details.indexes.map { "\($0.isUnique ? "unique " : "")\($0.name) (\($0.terms.joined(separator: ", ")))\($0.isPartial ? " partial" : "")" }.joined(separator: "; "))
        }
        if !details.checks.isEmpty {
            lines.append("")
            lines.append("Checks: " + details.checks.map { "`\($0)`" }.joined(separator: "; "))
        }
        if let declared = table.declaredAt {
            lines.append("")
            lines.append("Declared at \(declared)")
        }
        return lines.joined(separator: "\n")
    }

    static func constraints(of column: ColumnSchema, details: SchemaObjectDescription) -> [String] {
        var parts: [String] = []
        if column.primaryKeyPosition > 0 { parts.append(column.isRowidAlias ? "PRIMARY KEY (rowid)" : "PRIMARY KEY") }
        if column.isNotNull { parts.append("NOT NULL") }
        if details.uniqueConstraints.contains([column.name]) { parts.append("UNIQUE") }
        if let defaultValue = column.defaultValueSQL { parts.append("DEFAULT \(defaultValue)") }
        for key in details.foreignKeys where key.columns.count == 1 && key.columns[0].lowercased() == column.name.lowercased() {
            parts.append("→ \(key.parentTable)(\(key.parentColumns.joined(separator: ", ")))")
        }
        return parts
    }

    static func describeColumn(_ key: String, of table: TableSchema, schema: SchemaSnapshot) -> String? {
        guard let column = table.column(named: key) else {
            guard ["rowid", "oid", "_rowid_"].contains(key) else { return nil }
            return "column **\(table.name).\(key)** `INTEGER`\n\nthe rowid of \(kindName(table)) \(table.name)"
        }
        let details = SchemaObjectDescription(table: table, schema: schema)
        var lines = ["column **\(table.name).\(column.name)** `\(column.declaredType.isEmpty ? "no declared type" : column.declaredType)`", ""]
        lines.append("affinity \(column.affinity.rawValue) · \(column.isNotNull || column.primaryKeyPosition > 0 && table.isWithoutRowid ? "NOT NULL" : "nullable")")
        let extra = constraints(of: column, details: details).filter { $0 != "NOT NULL" }
        if !extra.isEmpty { lines.append(""); lines.append(extra.joined(separator: " · ")) }
        if let declared = column.declaredAt ?? table.declaredAt {
            lines.append("")
            lines.append("Declared at \(declared)")
        }
        return lines.joined(separator: "\n")
    }

    static func columnTable(_ columns: [SQLColumnInfo]) -> String {
        var lines = ["| column | type |", "| --- | --- |"]
        for column in columns where !column.isHidden {
            lines.append("| \(column.name) | \(column.declaredType.isEmpty ? "—" : column.declaredType) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The JavaScript value a placeholder expects, from the column's affinity.
    public static func expectedJavaScriptValue(for affinity: TypeAffinity?) -> String {
        switch affinity {
        case .integer: "a number (an integer; a bigint or boolean also binds)"
        case .real: "a number"
        case .numeric: "a number (numeric text is converted)"
        case .text: "a string"
        case .blob: "a Buffer or Uint8Array (any value is stored as given)"
        case nil: "any value"
        }
    }

    static func describePlaceholder(_ placeholder: SQLPlaceholderBinding, context: SQLEditingContext) -> String {
        let hole = context.query?.holes.first { $0.sqlRange.lowerBound == placeholder.range.lowerBound }
        let what = hole.map { "`${\($0.value.expressionText)}` (\($0.role == .boundParameter ? "bound parameter" : "spliced into the SQL text"))" } ?? "placeholder `\(context.sql.text(in: placeholder.range))`"
        switch placeholder.target {
        case .column(let info):
            var name = info.name
            if case .column(let table, _) = info.origin, let schemaTable = context.schema.table(named: table) { name = "\(schemaTable.name).\(info.name)" }
            let type = info.declaredType.isEmpty ? "" : " `\(info.declaredType)`"
            return "\(what) binds column **\(name)**\(type)\n\nexpects \(expectedJavaScriptValue(for: info.affinity))"
        case .functionArgument(let function, let index):
            guard let known = SQLiteFunctions.function(named: function) else { return "\(what) is argument \(index + 1) of \(function)()" }
            let parameter = index < known.parameters.count ? known.parameters[index] : (known.parameters.last ?? "")
            return "\(what) is argument \(index + 1) (`\(parameter)`) of\n```sql\n\(known.signature)\n```\n\(known.documentation)"
        case .limit:
            return "\(what) is a LIMIT/OFFSET count\n\nexpects a number (an integer)"
        case .unknown:
            return "\(what)\n\nbinds no column sqlheal can tell"
        }
    }

    static func describeResult(of statement: SQLStatement, context: SQLEditingContext) -> String {
        let keyword = context.sql.text(in: statement.firstKeywordRange).uppercased()
        guard let result = context.resolution.results.first(where: { $0.statementRange == statement.range }), !result.columns.isEmpty else {
            return "**\(keyword)** statement: returns no rows"
        }
        return "**\(keyword)** returns \(result.columns.count) column\(result.columns.count == 1 ? "" : "s")\n\n" + columnTable(result.columns)
    }
}
