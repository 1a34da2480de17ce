import SQLHealAnalysis

/// A `CREATE TABLE` statement as the SQL model reads it (``SQLParser``, SQLite's own tokenizer
/// rules), so that the rebuild can edit the original text at exactly one place (the table name,
/// one column's type, or the end of the column list) and keep everything else as written:
/// defaults, CHECKs (even one ending in a `--` comment), COLLATE, AUTOINCREMENT, generated
/// columns, comments.
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

    /// `nil` when the text is not one plain `CREATE TABLE name ( … )` (e.g. `CREATE TABLE x AS
    /// SELECT`), or when the model could not read all of it (an edit at a guessed place could
    /// damage the statement).
    init?(_ text: String) {
        self.text = text
        let tree = SQLParser.parse(text)
        guard tree.unexpectedTokenOffsets.isEmpty, tree.statements.count == 1, let statement = tree.statements.first,
              case .createTable(let create) = statement.kind, let name = create.name, !name.name.text.isEmpty,
              create.asSelect == nil, create.virtualModule == nil, let last = create.columns.last else { return nil }
        sql = tree.sql
        nameRange = name.name.range
        schemaPrefixRange = name.schema.map { $0.range.lowerBound..<name.name.range.lowerBound }
        columns = create.columns.map { Self.column($0, sql: tree.sql) }
        endOfLastColumn = last.range.upperBound
        tableLevelKeyColumns = create.constraints.compactMap { constraint in
            switch constraint.kind {
            case .primaryKey(let terms), .unique(let terms): terms.compactMap(Self.columnName(of:))
            case .check, .foreignKey: nil
            }
        }
    }

    private static func column(_ definition: SQLColumnDefinition, sql: TokenizedSQL) -> Column {
        var column = Column(name: definition.name.text, range: definition.range, typeRange: definition.typeRange, nameEnd: definition.name.range.upperBound)
        for constraint in definition.constraints {
            switch constraint.kind {
            case .primaryKey: column.isPrimaryKey = true
            case .unique: column.isUnique = true
            case .notNull: column.isNotNull = true
            case .references: column.hasReferences = true
            case .generated(_, let isStored):
                column.isGenerated = true
                column.isStoredGenerated = isStored
            case .defaultValue(let value):
                column.hasDefault = true
                // `DEFAULT (…)`: the `)` after the value is the constraint's own.
                let parenthesized = value.range.upperBound < constraint.range.upperBound
                var literal = value
                if case .unary(let op, let operand) = value.kind, op == "-" || op == "+" { literal = operand }
                switch literal.kind {
                case .literal(.null) where !parenthesized: column.defaultIsNull = true
                case .literal(.integer), .literal(.float), .literal(.string), .literal(.blob), .literal(.boolean):
                    column.defaultIsConstant = !parenthesized
                case .column(let reference) where reference.table == nil && ["true", "false"].contains(reference.column.key):
                    column.defaultIsConstant = !parenthesized
                default: column.defaultIsConstant = false
                }
            case .null, .check, .collate: break
            }
        }
        return column
    }

    /// `a` of `PRIMARY KEY (a COLLATE NOCASE DESC)`; `nil` for an expression.
    private static func columnName(of term: SQLExpression) -> String? {
        switch term.kind {
        case .column(let reference) where reference.table == nil: reference.column.text
        case .collate(let inner, _): columnName(of: inner)
        default: nil
        }
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
}
