/// The tables a statement reads or writes and the aliases it gives them, read from tokens.
/// Used only to word messages and pick suggestions: SQLite itself decides what exists.
struct StatementScope {
    /// Alias or table name, lowercased → the table name as written.
    var tableByReference: [String: String] = [:]
    /// Tables as written, in statement order, without duplicates.
    var tables: [String] = []
    /// For each table (lowercased), its aliases (lowercased).
    var aliasesByTable: [String: Set<String>] = [:]
    /// The table an `INSERT INTO` / `UPDATE` / `REPLACE INTO` statement writes.
    var targetTable: String?

    private static let tableIntroducers: Set<String> = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"]
    private static let clauseKeywords: Set<String> = [
        "FROM", "JOIN", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "ON", "USING", "SET", "VALUES",
        "SELECT", "UNION", "EXCEPT", "INTERSECT", "RETURNING", "WINDOW", "INTO", "UPDATE",
    ]

    init(tokens: [SQLLexer.Token]) {
        var lastClause = ""
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .word && Self.clauseKeywords.contains(token.text) { lastClause = token.text }
            let introducesTable: Bool
            if index > 0 {
                let previous = tokens[index - 1]
                introducesTable = (previous.kind == .word && Self.tableIntroducers.contains(previous.text))
                    || (previous.isSymbol(",") && (lastClause == "FROM" || lastClause == "JOIN"))
            } else {
                introducesTable = false
            }
            guard introducesTable, token.identifier != nil, !Self.isReservedWord(token) || token.kind == .quotedIdentifier else {
                index += 1
                continue
            }
            var tableIndex = index
            if index + 2 < tokens.count, tokens[index + 1].isSymbol("."), tokens[index + 2].identifier != nil {
                tableIndex = index + 2
            }
            guard let name = tokens[tableIndex].identifier else { index += 1; continue }
            let key = name.lowercased()
            if tableByReference[key] == nil { tableByReference[key] = name }
            if !tables.contains(where: { $0.lowercased() == key }) { tables.append(name) }
            if index > 0, targetTable == nil, tokens[index - 1].isKeyword("INTO") || tokens[index - 1].isKeyword("UPDATE") {
                targetTable = name
            }
            var aliasIndex = tableIndex + 1
            if aliasIndex < tokens.count, tokens[aliasIndex].isKeyword("AS") { aliasIndex += 1 }
            if aliasIndex < tokens.count, let alias = tokens[aliasIndex].identifier,
               tokens[aliasIndex].kind == .quotedIdentifier || !Self.isReservedWord(tokens[aliasIndex]),
               !(aliasIndex + 1 < tokens.count && tokens[aliasIndex + 1].isSymbol("(")) {
                tableByReference[alias.lowercased()] = name
                aliasesByTable[key, default: []].insert(alias.lowercased())
            }
            index = tableIndex + 1
        }
    }

    /// The table a qualifier (`u` in `u.email`) stands for, or `nil` when the statement does not say.
    func table(forQualifier qualifier: String) -> String? {
        tableByReference[qualifier.lowercased()]
    }

    static func isReservedWord(_ token: SQLLexer.Token) -> Bool {
        token.kind == .word && SQLTokenizer.keywords.contains(token.text)
    }
}
