/// One completion offered inside SQL.
public struct SQLCompletionItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case table, view, column, keyword, function, commonTable, alias
    }

    public var label: String
    public var kind: Kind
    /// One line: a column's table and type, a function's signature.
    public var detail: String
    public var documentation: String?
    /// What to insert: the label, quoted when it is not a bare identifier.
    public var insertText: String
    /// Lower sorts first: what the position most likely wants.
    public var priority: Int
}

public struct SQLCompletionList: Sendable, Hashable {
    public var items: [SQLCompletionItem]
    /// The source range the chosen item replaces (the word being typed, or an empty range at the cursor).
    public var replaceRange: ByteRange
}

/// Completion inside SQL, from the SQL model: tables and views after FROM/JOIN/INTO/UPDATE,
/// columns of the sources in scope (after `alias.` too, CTE and subquery columns included),
/// keywords that fit the clause, and SQLite's functions. Nothing inside string literals or comments.
public enum SQLCompletion {
    enum Position {
        case statementStart
        case tableName
        case qualifiedColumn(qualifier: String)
        /// Inside a clause, after `keyword` (the clause's last keyword at this nesting level).
        case expression(clause: String)
    }

    public static func complete(_ context: SQLEditingContext) -> SQLCompletionList? {
        guard !context.isInsideLiteralOrComment else { return nil }
        let word = context.wordAtCursor
        let replace = context.sourceRange(of: word?.range ?? context.sqlOffset..<context.sqlOffset)
        var items: [SQLCompletionItem] = []
        switch position(context) {
        case .statementStart:
            items = keywords(statementKeywords, priority: 0)
        case .tableName:
            items = tables(context)
        case .qualifiedColumn(let qualifier):
            items = qualifiedColumns(qualifier, context)
        case .expression(let clause):
            items = columns(context) + functions(priority: 2) + keywords(clauseKeywords[clause] ?? expressionKeywords, priority: 3)
        }
        return SQLCompletionList(items: items, replaceRange: replace)
    }

    // MARK: - Where the cursor is

    static let tableKeywords: Set<String> = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE", "REFERENCES", "EXISTS"]
    static let clauseWords: Set<String> = [
        "SELECT", "FROM", "WHERE", "ON", "USING", "GROUP", "ORDER", "BY", "HAVING", "SET", "VALUES", "LIMIT", "OFFSET",
        "RETURNING", "WHEN", "THEN", "ELSE", "INTO", "JOIN", "UPDATE", "TABLE", "INDEX", "WINDOW", "DO",
    ]

    static func position(_ context: SQLEditingContext) -> Position {
        let tokens = context.significantTokensBeforeCursor
        guard let last = tokens.last else { return .statementStart }
        let sql = context.sql
        if sql.isOperator(last, ";") { return .statementStart }
        if sql.isOperator(last, "."), tokens.count >= 2 {
            let qualifierToken = tokens[tokens.index(before: tokens.endIndex - 1)]
            if let qualifier = sql.identifierName(of: qualifierToken) { return .qualifiedColumn(qualifier: qualifier) }
        }
        let lastWord = last.kind == .keyword ? sql.text(of: last).uppercased() : ""
        if tableKeywords.contains(lastWord) {
            // `DROP TABLE IF EXISTS x`, `INSERT INTO`, `JOIN`: a table name comes next. `EXISTS (`
            // is an expression, and only reaches here without its parenthesis.
            if lastWord != "EXISTS" || tokens.dropLast().last.map({ sql.isKeyword($0, "IF") }) == true { return .tableName }
        }
        // The clause the cursor is in: the last clause keyword at this nesting level.
        var nesting = 0
        var sawComma = false
        for token in tokens.reversed() {
            if sql.isOperator(token, ")") { nesting += 1; continue }
            if sql.isOperator(token, "(") {
                if nesting == 0 { break }
                nesting -= 1
                continue
            }
            guard nesting == 0 else { continue }
            if sql.isOperator(token, ",") && token == last { sawComma = true }
            if sql.isOperator(token, ";") { return .statementStart }
            guard token.kind == .keyword else { continue }
            let word = sql.text(of: token).uppercased()
            guard clauseWords.contains(word) else { continue }
            if sawComma && (word == "FROM" || word == "JOIN") { return .tableName }
            if word == "BY" { return .expression(clause: "ORDER") }
            return .expression(clause: word)
        }
        if sql.isOperator(last, "(") && tokens.count == 1 { return .statementStart }
        return .expression(clause: "SELECT")
    }

    // MARK: - Items

    static func quoted(_ name: String) -> String {
        let bytes = Array(name.utf8)
        let isBare = !bytes.isEmpty && SQLTokenizer.isIdentifierStart(bytes[0]) && bytes.allSatisfy(SQLTokenizer.isIdentifierCharacter)
            && !SQLTokenizer.keywords.contains(name.uppercased())
        return isBare ? name : "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    static func tables(_ context: SQLEditingContext) -> [SQLCompletionItem] {
        var items: [SQLCompletionItem] = []
        var seen = Set<String>()
        for reference in context.resolution.references where reference.role == .declaration {
            guard case .commonTable(let declaration) = reference.symbol, declaration.upperBound <= context.sqlOffset else { continue }
            let name = context.sql.text(in: declaration)
            guard seen.insert(name.lowercased()).inserted else { continue }
            items.append(SQLCompletionItem(label: name, kind: .commonTable, detail: "common table expression", documentation: nil, insertText: quoted(name), priority: 0))
        }
        let schemaTables = context.schema.tables + context.resolution.localTables.values.filter { context.schema.table(named: $0.name) == nil }
        for table in schemaTables where seen.insert(table.name.lowercased()).inserted {
            let isView = table.kind == .view
            let columns = table.columns.filter { !$0.isHidden }.map(\.name).joined(separator: ", ")
            items.append(SQLCompletionItem(
                label: table.name, kind: isView ? .view : .table, detail: "\(SQLHover.kindName(table)) (\(columns))",
                documentation: table.declaredAt.map { "Declared at \($0)" }, insertText: quoted(table.name), priority: 1
            ))
        }
        items += SQLiteFunctions.all.filter { $0.kind == .tableValued }.map { function in
            SQLCompletionItem(label: function.name, kind: .function, detail: function.signature, documentation: function.documentation, insertText: function.name, priority: 3)
        }
        return items
    }

    static func columnItem(_ column: SQLColumnInfo, source: String, priority: Int) -> SQLCompletionItem {
        let type = column.declaredType.isEmpty ? "" : " \(column.declaredType)"
        return SQLCompletionItem(label: column.name, kind: .column, detail: "\(source).\(column.name)\(type)", documentation: nil, insertText: quoted(column.name), priority: priority)
    }

    static func qualifiedColumns(_ qualifier: String, _ context: SQLEditingContext) -> [SQLCompletionItem] {
        let key = qualifier.lowercased()
        if let source = context.resolution.visibleSources(at: context.sqlOffset).first(where: { $0.name.lowercased() == key }) {
            return source.columns.map { columnItem($0, source: source.name, priority: 0) }
        }
        // `users.` in a clause whose FROM is not written yet, or in a statement without scope.
        if let table = context.schema.table(named: qualifier) ?? context.resolution.localTables[key] {
            return SQLResolver.columns(of: table).map { columnItem($0, source: table.name, priority: 0) }
        }
        return []
    }

    static func columns(_ context: SQLEditingContext) -> [SQLCompletionItem] {
        var items: [SQLCompletionItem] = []
        var seen = Set<String>()
        for (depth, source) in context.resolution.visibleSources(at: context.sqlOffset).enumerated() {
            for column in source.columns where seen.insert(column.name.lowercased()).inserted {
                items.append(columnItem(column, source: source.name, priority: depth == 0 ? 0 : 1))
            }
        }
        return items
    }

    static func functions(priority: Int) -> [SQLCompletionItem] {
        SQLiteFunctions.all.filter { $0.kind != .tableValued }.map { function in
            SQLCompletionItem(label: function.name, kind: .function, detail: function.signature, documentation: function.documentation, insertText: function.name, priority: priority)
        }
    }

    static func keywords(_ words: [String], priority: Int) -> [SQLCompletionItem] {
        words.map { SQLCompletionItem(label: $0, kind: .keyword, detail: "keyword", documentation: nil, insertText: $0, priority: priority) }
    }

    static let statementKeywords = [
        "SELECT", "WITH", "INSERT INTO", "REPLACE INTO", "UPDATE", "DELETE FROM", "VALUES", "CREATE TABLE", "CREATE VIEW",
        "CREATE INDEX", "CREATE UNIQUE INDEX", "CREATE TRIGGER", "ALTER TABLE", "DROP TABLE", "PRAGMA", "BEGIN", "COMMIT", "EXPLAIN QUERY PLAN",
    ]

    static let expressionKeywords = [
        "AND", "OR", "NOT", "IN", "LIKE", "GLOB", "BETWEEN", "IS NULL", "IS NOT NULL", "EXISTS", "CASE", "CAST", "NULL",
        "COLLATE", "ESCAPE",
    ]

    static let clauseKeywords: [String: [String]] = [
        "SELECT": ["DISTINCT", "AS", "FROM", "CASE", "CAST", "NULL", "EXISTS", "NOT"],
        "FROM": ["AS", "WHERE", "JOIN", "LEFT JOIN", "INNER JOIN", "CROSS JOIN", "NATURAL JOIN", "ON", "USING", "GROUP BY", "ORDER BY", "LIMIT", "WINDOW", "UNION", "UNION ALL", "INTERSECT", "EXCEPT"],
        "JOIN": ["AS", "ON", "USING", "WHERE", "JOIN", "LEFT JOIN", "GROUP BY", "ORDER BY", "LIMIT"],
        "ON": ["AND", "OR", "NOT", "IN", "IS NULL", "WHERE", "JOIN", "LEFT JOIN", "GROUP BY", "ORDER BY", "LIMIT"],
        "WHERE": ["AND", "OR", "NOT", "IN", "LIKE", "GLOB", "BETWEEN", "IS NULL", "IS NOT NULL", "EXISTS", "CASE", "GROUP BY", "ORDER BY", "LIMIT", "RETURNING"],
        "GROUP": ["HAVING", "ORDER BY", "LIMIT"],
        "HAVING": ["AND", "OR", "NOT", "ORDER BY", "LIMIT"],
        "ORDER": ["ASC", "DESC", "NULLS FIRST", "NULLS LAST", "LIMIT"],
        "LIMIT": ["OFFSET"],
        "SET": ["WHERE", "FROM", "RETURNING", "CASE", "NULL"],
        "VALUES": ["ON CONFLICT", "RETURNING", "NULL", "DEFAULT VALUES"],
        "DO": ["NOTHING", "UPDATE SET"],
        "RETURNING": ["AS"],
        "WHEN": ["THEN", "AND", "OR"],
        "THEN": ["WHEN", "ELSE", "END"],
        "ELSE": ["END"],
        "INTO": ["VALUES", "SELECT", "DEFAULT VALUES"],
        "UPDATE": ["SET"],
        "TABLE": ["ADD COLUMN", "RENAME TO", "RENAME COLUMN", "DROP COLUMN"],
    ]
}

/// Signature help inside SQL: the SQLite function whose argument list holds the cursor.
public struct SQLSignatureHelp: Sendable, Hashable {
    public var function: SQLiteFunctions.Function
    /// 0-based; past the last parameter when the function takes `...`, the last one.
    public var activeParameter: Int

    public static func at(_ context: SQLEditingContext) -> SQLSignatureHelp? {
        guard !context.isInsideLiteralOrComment else { return nil }
        let tokens = context.significantTokensBeforeCursor
        let sql = context.sql
        var nesting = 0
        var commas = 0
        var index = tokens.endIndex
        while index > tokens.startIndex {
            index -= 1
            let token = tokens[index]
            if sql.isOperator(token, ")") { nesting += 1; continue }
            if sql.isOperator(token, ";") { return nil }
            if sql.isOperator(token, "(") {
                if nesting > 0 { nesting -= 1; continue }
                guard index > tokens.startIndex, let name = sql.identifierName(of: tokens[index - 1]),
                      let function = SQLiteFunctions.function(named: name) else { return nil }
                var active = commas
                if active >= function.parameters.count {
                    active = function.parameters.last == "..." ? max(0, function.parameters.count - 2) : max(0, function.parameters.count - 1)
                }
                return SQLSignatureHelp(function: function, activeParameter: active)
            }
            if nesting == 0 && sql.isOperator(token, ",") { commas += 1 }
        }
        return nil
    }
}
