import SQLHealAnalysis

/// A `CREATE TABLE` statement read token by token (SQLite's own tokenizer rules), so that the
/// rebuild can edit the original text at exactly one place (the table name, one column's type
/// token, or the end of the column list) and keep everything else as written: defaults, CHECKs
/// (even one ending in a `--` comment), COLLATE, AUTOINCREMENT, generated columns, comments.
///
/// Regenerating DDL from `PRAGMA table_info` loses all of that; editing the text does not.
struct CreateTableText: Sendable {
    struct Column: Sendable {
        var name: String
        /// The whole column definition, name to last constraint token.
        var range: ByteRange
        /// The type token(s) (`VARCHAR(20)`, `UNSIGNED BIG INT`); `nil` when the column has no type.
        var typeRange: ByteRange?
        /// Where a type goes when there is none: right after the name.
        var nameEnd: Int
        var isPrimaryKey = false
        var isUnique = false
        var isNotNull = false
        var hasDefault = false
        var defaultIsNull = false
        /// A literal default (`0`, `'x'`, `-1`, `NULL`, `TRUE`); `CURRENT_TIMESTAMP` and `( … )` are not.
        var defaultIsConstant = true
        var isGenerated = false
        var isStoredGenerated = false
        var hasReferences = false
    }

    let text: String
    let sql: TokenizedSQL
    /// The table name token; `schemaPrefixRange` is `main.` in front of it, if any.
    let nameRange: ByteRange
    let schemaPrefixRange: ByteRange?
    let columns: [Column]
    /// Offset just after the last column definition: where an added column goes (`, def`).
    let endOfLastColumn: Int
    /// `PRIMARY KEY (a, b)`, `UNIQUE (x)`, … at table level name these columns.
    let tableLevelKeyColumns: [[String]]

    /// `nil` when the text is not a plain `CREATE TABLE name ( … )` (e.g. `CREATE TABLE x AS SELECT`).
    init?(_ text: String) {
        self.text = text
        let sql = TokenizedSQL(text)
        self.sql = sql
        let tokens = sql.significantTokens
        var index = 0
        func keyword(_ word: String) -> Bool { index < tokens.count && sql.isKeyword(tokens[index], word) }
        guard keyword("CREATE") else { return nil }
        index += 1
        if keyword("TEMP") || keyword("TEMPORARY") { index += 1 }
        guard keyword("TABLE") else { return nil }
        index += 1
        if keyword("IF") { index += 3 }  // IF NOT EXISTS
        guard index < tokens.count else { return nil }
        var nameToken = tokens[index]
        var schemaPrefix: ByteRange?
        if index + 2 < tokens.count, sql.isOperator(tokens[index + 1], ".") {
            schemaPrefix = tokens[index].range.lowerBound..<tokens[index + 2].range.lowerBound
            nameToken = tokens[index + 2]
            index += 2
        }
        guard sql.identifierName(of: nameToken) != nil || nameToken.kind == .string else { return nil }
        nameRange = nameToken.range
        schemaPrefixRange = schemaPrefix
        index += 1
        guard index < tokens.count, sql.isOperator(tokens[index], "(") else { return nil }
        index += 1

        // Split the body into items at top-level commas.
        var items: [[SQLToken]] = []
        var current: [SQLToken] = []
        var depth = 0
        var closed = false
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if sql.isOperator(token, "(") { depth += 1 }
            if sql.isOperator(token, ")") {
                if depth == 0 { closed = true; break }
                depth -= 1
            }
            if depth == 0, sql.isOperator(token, ",") {
                items.append(current)
                current = []
                continue
            }
            current.append(token)
        }
        guard closed else { return nil }
        items.append(current)

        var columns: [Column] = []
        var keyColumns: [[String]] = []
        var inConstraints = false
        for item in items {
            guard let first = item.first else { continue }
            if inConstraints || Self.tableConstraintStarts.contains(where: { sql.isKeyword(first, $0) }) {
                inConstraints = true
                if let key = Self.tableKeyColumns(item, sql) { keyColumns.append(key) }
                continue
            }
            guard let column = Self.readColumn(item, sql) else { return nil }
            columns.append(column)
        }
        guard let last = columns.last else { return nil }
        self.columns = columns
        self.endOfLastColumn = last.range.upperBound
        self.tableLevelKeyColumns = keyColumns
    }

    func column(named name: String) -> Column? {
        let key = name.lowercased()
        return columns.first { $0.name.lowercased() == key }
    }

    /// The same statement creating `newName` (quoted) in the main schema. Everything else,
    /// a self-referencing `REFERENCES old_name` included, is left as written.
    func renamed(to newName: String) -> String {
        let start = schemaPrefixRange?.lowerBound ?? nameRange.lowerBound
        return replacing(start..<nameRange.upperBound, with: SQLIdentifier.quote(newName))
    }

    /// The same statement with one column's type token replaced (or added after the name).
    func changingType(ofColumn name: String, to newType: String) -> String? {
        guard let column = column(named: name) else { return nil }
        if let typeRange = column.typeRange {
            return replacing(typeRange, with: newType)
        }
        return replacing(column.nameEnd..<column.nameEnd, with: " " + newType)
    }

    /// The same statement with a column definition added after the last column.
    func addingColumn(definition: String) -> String {
        replacing(endOfLastColumn..<endOfLastColumn, with: ", " + definition)
    }

    /// The text of one column definition as written.
    func definitionText(of column: Column) -> String { sql.text(in: column.range) }

    private func replacing(_ range: ByteRange, with replacement: String) -> String {
        var bytes = sql.bytes
        bytes.replaceSubrange(range, with: Array(replacement.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let tableConstraintStarts = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
    private static let columnConstraintStarts: Set<String> = [
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    ]

    private static func readColumn(_ item: [SQLToken], _ sql: TokenizedSQL) -> Column? {
        guard let first = item.first else { return nil }
        let name: String
        if first.kind == .string {
            name = String(sql.text(of: first).dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        } else if let identifier = sql.identifierName(of: first) {
            name = identifier
        } else {
            return nil
        }
        guard let lastToken = item.last else { return nil }
        var column = Column(name: name, range: first.range.lowerBound..<lastToken.range.upperBound, typeRange: nil, nameEnd: first.range.upperBound)
        var index = 1
        func isConstraintStart(_ token: SQLToken) -> Bool {
            token.kind == .keyword && columnConstraintStarts.contains(sql.text(of: token).uppercased())
        }
        // Type name: words (and strings), then an optional `( n [, m] )`.
        var typeEnd: Int?
        while index < item.count, item[index].kind == .identifier || item[index].kind == .string
            || (item[index].kind == .keyword && !isConstraintStart(item[index])) {
            typeEnd = item[index].range.upperBound
            index += 1
        }
        if typeEnd != nil, index < item.count, sql.isOperator(item[index], "(") {
            var depth = 0
            while index < item.count {
                if sql.isOperator(item[index], "(") { depth += 1 }
                if sql.isOperator(item[index], ")") {
                    depth -= 1
                    if depth == 0 { typeEnd = item[index].range.upperBound; index += 1; break }
                }
                index += 1
            }
        }
        if let typeEnd, item.count > 1 { column.typeRange = item[1].range.lowerBound..<typeEnd }

        // Constraints, at parenthesis depth 0 only (CHECK bodies and defaults hold anything).
        var depth = 0
        while index < item.count {
            let token = item[index]
            if sql.isOperator(token, "(") { depth += 1; index += 1; continue }
            if sql.isOperator(token, ")") { depth -= 1; index += 1; continue }
            // STORED is not one of SQLite's keywords: it reads as a name.
            if depth == 0, column.isGenerated, token.kind == .identifier, sql.text(of: token).uppercased() == "STORED" {
                column.isStoredGenerated = true
            }
            guard depth == 0, token.kind == .keyword else { index += 1; continue }
            let word = sql.text(of: token).uppercased()
            switch word {
            case "PRIMARY": column.isPrimaryKey = true
            case "UNIQUE": column.isUnique = true
            case "NOT":
                if index + 1 < item.count, sql.isKeyword(item[index + 1], "NULL") { column.isNotNull = true; index += 1 }
            case "REFERENCES": column.hasReferences = true
            case "AS":
                column.isGenerated = true
            case "DEFAULT":
                column.hasDefault = true
                var valueIndex = index + 1
                if valueIndex < item.count, sql.isOperator(item[valueIndex], "+") || sql.isOperator(item[valueIndex], "-") { valueIndex += 1 }
                if valueIndex < item.count {
                    let value = item[valueIndex]
                    switch value.kind {
                    case .integer, .float, .string, .blob: column.defaultIsConstant = true
                    case .keyword where sql.isKeyword(value, "NULL"): column.defaultIsNull = true
                    case .identifier where ["TRUE", "FALSE"].contains(sql.text(of: value).uppercased()): column.defaultIsConstant = true
                    default: column.defaultIsConstant = false
                    }
                    index = valueIndex
                }
            default: break
            }
            index += 1
        }
        return column
    }

    private static func tableKeyColumns(_ item: [SQLToken], _ sql: TokenizedSQL) -> [String]? {
        guard let keyword = item.firstIndex(where: { sql.isKeyword($0, "PRIMARY") || sql.isKeyword($0, "UNIQUE") }),
              let open = item[keyword...].firstIndex(where: { sql.isOperator($0, "(") }) else { return nil }
        var names: [String] = []
        var depth = 0
        var expectName = true
        for token in item[open...] {
            if sql.isOperator(token, "(") { depth += 1; continue }
            if sql.isOperator(token, ")") { depth -= 1; if depth == 0 { break }; continue }
            if depth == 1, sql.isOperator(token, ",") { expectName = true; continue }
            if depth == 1, expectName, let name = sql.identifierName(of: token) {
                names.append(name)
                expectName = false
            }
        }
        return names
    }
}
