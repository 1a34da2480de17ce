import SQLHealSQLite

/// Why a schema could not be read.
public struct SchemaReadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The DDL statement that failed, when replaying DDL.
    public var statement: String?
    public var underlying: SQLiteError?

    public init(message: String, statement: String? = nil, underlying: SQLiteError? = nil) {
        self.message = message
        self.statement = statement
        self.underlying = underlying
    }

    public var description: String { message }
}

extension SchemaSnapshot {
    /// Reads the `main` schema of an open connection: the configured database opened read-only,
    /// or an in-memory database the migrations were applied to.
    ///
    /// Every table, view and virtual table is read (`sqlite_` internals and the shadow tables of
    /// virtual tables are left out), its columns through `PRAGMA table_xinfo` (so FTS5's hidden
    /// `rank` and table-named columns and generated columns appear, marked hidden), STRICT and
    /// WITHOUT ROWID through `PRAGMA table_list`. ``ddl`` lists the CREATE statements in an order
    /// that replays on an empty database: tables, virtual tables, views, indexes, triggers.
    ///
    /// A virtual table whose module this SQLite lacks, or a view over a missing table, is kept
    /// with no columns rather than failing the whole read. ``ColumnSchema/declaredAt`` and
    /// ``TableSchema/declaredAt`` are left `nil`: the caller knows the files (see
    /// ``SchemaDeclarationLocator`` and ``updateTable(named:_:)``).
    ///
    /// Throws only when the schema table itself cannot be read (not a database, locked, corrupt).
    public init(reading connection: SQLiteConnection) throws {
        let listRows: [[SQLiteValue]]
        let schemaRows: [[SQLiteValue]]
        do {
            listRows = try connection.rows("SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'")
            schemaRows = try connection.rows("SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid")
        } catch let error as SQLiteError {
            throw SchemaReadError(message: "cannot read the schema: \(error.message)", underlying: error)
        }

        struct ListEntry { var type: String; var isWithoutRowid: Bool; var isStrict: Bool }
        var listByName: [String: ListEntry] = [:]
        for row in listRows {
            guard row.count >= 4, let name = row[0].textValue else { continue }
            listByName[name.lowercased()] = ListEntry(
                type: row[1].textValue ?? "table",
                isWithoutRowid: (row[2].integerValue ?? 0) != 0,
                isStrict: (row[3].integerValue ?? 0) != 0
            )
        }

        var tables: [TableSchema] = []
        var plainTableDDL: [String] = []
        var virtualTableDDL: [String] = []
        var viewDDL: [String] = []
        var indexDDL: [String] = []
        var triggerDDL: [String] = []
        for row in schemaRows {
            guard row.count >= 4, let type = row[0].textValue, let name = row[1].textValue else { continue }
            if name.lowercased().hasPrefix("sqlite_") { continue }
            // Automatic indexes have no SQL; they come back with their table.
            guard let sql = row[3].textValue else { continue }
            let entry = listByName[name.lowercased()]
            switch type {
            case "table":
                if entry?.type == "shadow" { continue }
                let isVirtual = entry?.type == "virtual" || Self.isVirtualTableDDL(sql)
                let kind: TableKind = isVirtual ? .virtualTable : .table
                let isWithoutRowid = entry?.isWithoutRowid ?? false
                let columns = Self.readColumns(of: name, kind: kind, isWithoutRowid: isWithoutRowid, connection: connection)
                tables.append(TableSchema(name: name, kind: kind, columns: columns, isStrict: entry?.isStrict ?? false,
                                          isWithoutRowid: isWithoutRowid, createSQL: sql))
                if isVirtual { virtualTableDDL.append(sql) } else { plainTableDDL.append(sql) }
            case "view":
                let columns = Self.readColumns(of: name, kind: .view, isWithoutRowid: false, connection: connection)
                tables.append(TableSchema(name: name, kind: .view, columns: columns, createSQL: sql))
                viewDDL.append(sql)
            case "index":
                indexDDL.append(sql)
            case "trigger":
                triggerDDL.append(sql)
            default:
                continue
            }
        }
        let ddl = plainTableDDL + virtualTableDDL + viewDDL + indexDDL + triggerDDL
        self.init(tables: tables, ddl: ddl, fingerprint: Self.fingerprint(ofDDL: ddl))
    }

    /// Replays `ddl` (any number of `;`-separated statements) into a fresh in-memory database and
    /// reads the result. Throws ``SchemaReadError`` naming the first statement that fails.
    public init(replayingDDL ddl: String) throws {
        try self.init(replayingDDLStatements: [ddl])
    }

    /// Replays each script of `scripts` in order into a fresh in-memory database and reads the result.
    public init(replayingDDLStatements scripts: [String]) throws {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection()
        } catch let error as SQLiteError {
            throw SchemaReadError(message: "cannot open an in-memory database: \(error.message)", underlying: error)
        }
        connection.disableDoubleQuotedStringLiterals()
        for script in scripts {
            do {
                try connection.execute(script)
            } catch let error as SQLiteError {
                throw SchemaReadError(message: "cannot replay DDL: \(error.message)", statement: script, underlying: error)
            }
        }
        try self.init(reading: connection)
    }

    /// Changes one table in place (for example to fill ``TableSchema/declaredAt`` and each
    /// column's ``ColumnSchema/declaredAt``) and refreshes the fingerprint, since messages name
    /// those locations. Does nothing when there is no such table.
    public mutating func updateTable(named name: String, _ update: (inout TableSchema) -> Void) {
        guard var table = table(named: name) else { return }
        update(&table)
        var tables = self.tables.filter { $0.name.lowercased() != name.lowercased() }
        tables.append(table)
        let ddl = self.ddl
        self = SchemaSnapshot(tables: tables, ddl: ddl, fingerprint: Self.fingerprint(ofDDL: ddl, tables: tables))
    }

    /// A stable fingerprint (FNV-1a, 64 bits, hex) of the DDL and, when given, of the declaration
    /// locations the tables carry. Stable across processes, unlike `Hasher`.
    static func fingerprint(ofDDL ddl: [String], tables: [TableSchema] = []) -> String {
        var hash = StableHash()
        for statement in ddl {
            hash.combine(statement)
            hash.combine(byte: 0)
        }
        for table in tables.sorted(by: { $0.name < $1.name }) {
            if let location = table.declaredAt { hash.combine("\(table.name)@\(location)") }
            for column in table.columns {
                if let location = column.declaredAt { hash.combine("\(table.name).\(column.name)@\(location)") }
            }
        }
        return hash.hexDigest
    }

    private static func isVirtualTableDDL(_ sql: String) -> Bool {
        let tokens = SQLLexer.tokenize(sql)
        return tokens.count > 2 && tokens[0].isKeyword("CREATE") && tokens[1].isKeyword("VIRTUAL")
    }

    private static func readColumns(of table: String, kind: TableKind, isWithoutRowid: Bool, connection: SQLiteConnection) -> [ColumnSchema] {
        guard let rows = try? connection.rows(
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid",
            [.text(table)]
        ) else {
            return []
        }
        var columns: [ColumnSchema] = []
        for row in rows {
            guard row.count >= 6, let name = row[0].textValue else { continue }
            let declaredType = row[1].textValue ?? ""
            let defaultValue: String? = switch row[3] {
            case .text(let text): text
            case .integer(let number): String(number)
            case .real(let number): String(number)
            default: nil
            }
            columns.append(ColumnSchema(
                name: name,
                declaredType: declaredType,
                isNotNull: (row[2].integerValue ?? 0) != 0,
                primaryKeyPosition: Int(row[4].integerValue ?? 0),
                isHidden: (row[5].integerValue ?? 0) != 0,
                defaultValueSQL: defaultValue
            ))
        }
        // A rowid alias is the single INTEGER PRIMARY KEY column of a rowid table. The exception
        // SQLite keeps for compatibility, `INTEGER PRIMARY KEY DESC` as a column constraint, is
        // an ordinary column backed by a separate unique index: asking for that index tells the
        // two apart exactly, without parsing the CREATE text.
        if kind == .table, !isWithoutRowid {
            let primaryKeyColumns = columns.indices.filter { columns[$0].primaryKeyPosition > 0 }
            if primaryKeyColumns.count == 1, let index = primaryKeyColumns.first,
               columns[index].declaredType.uppercased() == "INTEGER" {
                let primaryKeyIndexCount = (try? connection.scalar(
                    "SELECT count(*) FROM pragma_index_list(?, 'main') WHERE origin = 'pk'", [.text(table)]
                ))?.integerValue ?? 0
                if primaryKeyIndexCount == 0 { columns[index].isRowidAlias = true }
            }
        }
        return columns
    }
}

/// FNV-1a over bytes: small, stable across runs and platforms.
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    mutating func combine(_ text: String) {
        for byte in text.utf8 { combine(byte: byte) }
    }

    mutating func combine(_ number: Int) {
        var remaining = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            combine(byte: UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }

    var hexDigest: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}

/// Finds where a table or column is declared inside a DDL statement's text, so the workspace can
/// turn a migration file's statement into `file:line` locations.
public enum SchemaDeclarationLocator {
    /// The 1-based line, within `ddl`, of the definition of `column`: its name at the start of a
    /// column definition in `CREATE TABLE name (…)`, or after `ALTER TABLE … ADD [COLUMN]`.
    /// Table constraints (`PRIMARY KEY (…)`, `CONSTRAINT …`) are not definitions. Names compare
    /// ASCII case-insensitively, quoted or not. `nil` when `ddl` does not define the column.
    public static func lineOfColumnDefinition(_ column: String, inDDL ddl: String) -> Int? {
        let bytes = Array(ddl.utf8)
        guard let offset = offsetOfColumnDefinition(column, in: bytes) else { return nil }
        return line(ofOffset: offset, in: bytes)
    }

    /// The 1-based line, within `ddl`, of the name a `CREATE TABLE/VIEW/VIRTUAL TABLE/INDEX/
    /// TRIGGER` statement creates; `nil` when `ddl` is not such a statement or names another object.
    public static func lineOfCreatedName(_ name: String, inDDL ddl: String) -> Int? {
        let bytes = Array(ddl.utf8)
        let tokens = SQLLexer.tokenize(bytes)
        guard let nameIndex = createdNameTokenIndex(tokens), tokens[nameIndex].identifier?.lowercased() == name.lowercased() else {
            return nil
        }
        return line(ofOffset: tokens[nameIndex].range.lowerBound, in: bytes)
    }

    /// The byte offset in `ddl` where `column` is defined (see ``lineOfColumnDefinition(_:inDDL:)``).
    public static func offsetOfColumnDefinition(_ column: String, inDDL ddl: String) -> Int? {
        offsetOfColumnDefinition(column, in: Array(ddl.utf8))
    }

    private static let tableConstraintKeywords: Set<String> = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]

    private static func offsetOfColumnDefinition(_ column: String, in bytes: [UInt8]) -> Int? {
        let tokens = SQLLexer.tokenize(bytes)
        let key = column.lowercased()
        guard let first = tokens.first else { return nil }
        if first.isKeyword("ALTER") {
            guard let addIndex = tokens.firstIndex(where: { $0.isKeyword("ADD") }) else { return nil }
            var nameIndex = addIndex + 1
            if nameIndex < tokens.count && tokens[nameIndex].isKeyword("COLUMN") { nameIndex += 1 }
            guard nameIndex < tokens.count, tokens[nameIndex].identifier?.lowercased() == key else { return nil }
            return tokens[nameIndex].range.lowerBound
        }
        guard first.isKeyword("CREATE"), let nameIndex = createdNameTokenIndex(tokens) else { return nil }
        // The column list opens at the first `(` after the table name; `AS SELECT` tables have none.
        var index = nameIndex + 1
        while index < tokens.count && tokens[index].isSymbol(".") { index += 2 }
        guard index < tokens.count, tokens[index].isSymbol("(") else { return nil }
        var depth = 0
        var atDefinitionStart = true
        while index < tokens.count {
            let token = tokens[index]
            if token.isSymbol("(") {
                depth += 1
                if depth == 1 { atDefinitionStart = true; index += 1; continue }
            } else if token.isSymbol(")") {
                depth -= 1
                if depth <= 0 { break }
            } else if token.isSymbol(",") && depth == 1 {
                atDefinitionStart = true
                index += 1
                continue
            }
            if atDefinitionStart && depth == 1 {
                atDefinitionStart = false
                let isConstraint = token.kind == .word && tableConstraintKeywords.contains(token.text)
                if !isConstraint, token.identifier?.lowercased() == key {
                    return token.range.lowerBound
                }
            }
            index += 1
        }
        return nil
    }

    /// The index of the token holding the created object's name (after `IF NOT EXISTS` and a
    /// schema qualifier).
    private static func createdNameTokenIndex(_ tokens: [SQLLexer.Token]) -> Int? {
        guard let first = tokens.first, first.isKeyword("CREATE") else { return nil }
        var index = 1
        let skippable: Set<String> = ["TEMP", "TEMPORARY", "VIRTUAL", "UNIQUE"]
        while index < tokens.count && tokens[index].kind == .word && skippable.contains(tokens[index].text) { index += 1 }
        guard index < tokens.count, ["TABLE", "VIEW", "INDEX", "TRIGGER"].contains(where: { tokens[index].isKeyword($0) }) else { return nil }
        index += 1
        if index + 2 < tokens.count, tokens[index].isKeyword("IF"), tokens[index + 1].isKeyword("NOT"), tokens[index + 2].isKeyword("EXISTS") {
            index += 3
        }
        if index + 2 < tokens.count, tokens[index + 1].isSymbol("."), tokens[index + 2].identifier != nil {
            index += 2
        }
        return index < tokens.count && tokens[index].identifier != nil ? index : nil
    }

    private static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
            } else if bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A) {
                line += 1
            }
            index += 1
        }
        return line
    }
}
