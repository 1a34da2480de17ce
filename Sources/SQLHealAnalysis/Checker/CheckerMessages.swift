/// Words every checker finding the same way: which table, which column, its declared type,
/// where it is declared, what the migrations say when the database lacks it, and the closest names.
struct CheckerMessages {
    let schema: SchemaContext
    let database: CheckingDatabase

    /// How messages name the schema queries are checked against.
    var checkedSchemaName: String {
        schema.databaseDisplayName ?? "the schema the migrations build"
    }

    func syntaxError(_ sqliteMessage: String, anchor: RelativeFinding.Anchor) -> RelativeFinding {
        RelativeFinding(code: .sqlSyntax, severity: .error, anchor: anchor, message: "SQLite cannot parse this statement: \(sqliteMessage)")
    }

    func sqlError(_ sqliteMessage: String, anchor: RelativeFinding.Anchor) -> RelativeFinding {
        RelativeFinding(code: .sqlError, severity: .error, anchor: anchor, message: "SQLite rejects this statement: \(sqliteMessage)")
    }

    func missingTable(name: String, anchor: RelativeFinding.Anchor) -> RelativeFinding {
        if let declared = schema.declaredSchema?.table(named: name), schema.checkedSchema.table(named: name) == nil {
            let place = declared.declaredAt.map { "declared in \($0)" } ?? "declared in the migrations"
            let kind = declared.kind == .view ? "View" : "Table"
            return RelativeFinding(
                code: .missingTable, severity: .error, anchor: anchor,
                message: "\(kind) `\(declared.name)` is \(place), not applied to \(checkedSchemaName).",
                related: declared.declaredAt.map { [RelatedLocation(location: $0, message: "`\(declared.name)` is declared here")] } ?? [],
                fixHints: [.missingTable(table: declared.name)]
            )
        }
        let candidates = schema.checkedSchema.tables.map(\.name)
        let suggestions = NameSuggestions.suggestions(for: name, among: candidates)
        var message = "Table `\(name)` does not exist in \(checkedSchemaName)."
        var related: [RelatedLocation] = []
        if let best = suggestions.first {
            message += " Did you mean `\(best)`?"
            if let location = schema.checkedSchema.table(named: best)?.declaredAt {
                related.append(RelatedLocation(location: location, message: "`\(best)` is declared here"))
            }
        }
        var hints: [FindingFixHint] = []
        if !suggestions.isEmpty { hints.append(.replaceName(suggestions: suggestions)) }
        hints.append(.missingTable(table: name))
        return RelativeFinding(code: .missingTable, severity: .error, anchor: anchor, message: message, related: related, fixHints: hints)
    }

    /// `q.column` where the statement has no table or alias `q`.
    func unknownQualifier(_ qualifier: String, column: String, candidates: [String], anchor: RelativeFinding.Anchor) -> RelativeFinding {
        let suggestions = NameSuggestions.suggestions(for: qualifier, among: candidates)
        var message = "Column `\(qualifier).\(column)`: no table or alias `\(qualifier)` in this statement."
        if let best = suggestions.first { message += " Did you mean `\(best)`?" }
        return RelativeFinding(code: .missingColumn, severity: .error, anchor: anchor, message: message,
                               fixHints: suggestions.isEmpty ? [] : [.replaceName(suggestions: suggestions)])
    }

    /// `tables`: the tables the column was looked for in (one when qualified or an INSERT/UPDATE
    /// target, every table of the statement otherwise, possibly none).
    func missingColumn(name: String, tables: [String], anchor: RelativeFinding.Anchor) -> RelativeFinding {
        let checkedTables = tables.compactMap { schema.checkedSchema.table(named: $0) }
        // Drift: a migration declares this column, the checked database lacks it.
        for tableName in tables {
            guard let declaredTable = schema.declaredSchema?.table(named: tableName),
                  let declaredColumn = declaredTable.column(named: name),
                  schema.checkedSchema.table(named: tableName)?.column(named: name) == nil else { continue }
            let place = (declaredColumn.declaredAt ?? declaredTable.declaredAt).map { "declared in \($0)" } ?? "declared in the migrations"
            let type = declaredColumn.declaredType.isEmpty ? "" : " (\(declaredColumn.declaredType))"
            let related = (declaredColumn.declaredAt ?? declaredTable.declaredAt).map {
                [RelatedLocation(location: $0, message: "`\(declaredTable.name).\(declaredColumn.name)` is declared here")]
            } ?? []
            return RelativeFinding(
                code: .missingColumn, severity: .error, anchor: anchor,
                message: "Column `\(declaredTable.name).\(declaredColumn.name)`\(type) is \(place), not applied to \(checkedSchemaName).",
                related: related,
                fixHints: [.missingColumn(table: declaredTable.name, column: declaredColumn.name)]
            )
        }

        struct Candidate { var table: String; var column: ColumnSchema? ; var name: String }
        var candidates: [Candidate] = []
        for tableName in tables {
            if let table = schema.checkedSchema.table(named: tableName) {
                candidates += table.columns.map { Candidate(table: table.name, column: $0, name: $0.name) }
            } else if let names = database.columnNames(of: tableName) {
                candidates += names.map { Candidate(table: tableName, column: nil, name: $0) }
            }
        }
        let suggestions = NameSuggestions.suggestions(for: name, among: candidates.map(\.name))

        var message: String
        switch tables.count {
        case 0:
            message = "Column `\(name)` does not exist in the tables this statement uses."
        case 1:
            let table = checkedTables.first
            let tableName = table?.name ?? tables[0]
            let where_ = table?.declaredAt.map { " (declared in \($0))" } ?? (table != nil && schema.databaseDisplayName != nil ? " (in \(checkedSchemaName))" : "")
            let kind = table?.kind == .view ? "view" : "table"
            message = "Column `\(name)` does not exist in \(kind) `\(tableName)`\(where_)."
        default:
            message = "Column `\(name)` does not exist in " + tables.map { "`\($0)`" }.joined(separator: ", ") + "."
        }
        var related: [RelatedLocation] = []
        if let best = suggestions.first, let candidate = candidates.first(where: { $0.name == best }) {
            let type = candidate.column.map { $0.declaredType.isEmpty ? "no declared type" : $0.declaredType }
            var detail = [type].compactMap { $0 }
            if tables.count > 1 { detail.insert("in `\(candidate.table)`", at: 0) }
            if let location = candidate.column?.declaredAt {
                detail.append(location.description)
                related.append(RelatedLocation(location: location, message: "`\(candidate.table).\(best)` is declared here"))
            }
            message += " Did you mean `\(best)`" + (detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))") + "?"
        }
        var hints: [FindingFixHint] = []
        if !suggestions.isEmpty { hints.append(.replaceName(suggestions: suggestions)) }
        if tables.count == 1, let table = checkedTables.first { hints.append(.missingColumn(table: table.name, column: name)) }
        return RelativeFinding(code: .missingColumn, severity: .error, anchor: anchor, message: message, related: related, fixHints: hints)
    }
}
