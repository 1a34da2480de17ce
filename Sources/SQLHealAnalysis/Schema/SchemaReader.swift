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
        guard case .createTable(let table) = SQLParser.parse(sql).statements.first?.kind else { return false }
        return table.virtualModule != nil
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
        guard let offset = offsetOfColumnDefinition(column, inDDL: ddl) else { return nil }
        return line(ofOffset: offset, in: Array(ddl.utf8))
    }

    /// The 1-based line, within `ddl`, of the name a `CREATE TABLE/VIEW/VIRTUAL TABLE/INDEX/
    /// TRIGGER` statement creates; `nil` when `ddl` is not such a statement or names another object.
    public static func lineOfCreatedName(_ name: String, inDDL ddl: String) -> Int? {
        guard let statement = SQLParser.parse(ddl).statements.first, let created = createdName(of: statement),
              created.text.lowercased() == name.lowercased() else {
            return nil
        }
        return line(ofOffset: created.range.lowerBound, in: Array(ddl.utf8))
    }

    /// The byte offset in `ddl` where `column` is defined (see ``lineOfColumnDefinition(_:inDDL:)``).
    public static func offsetOfColumnDefinition(_ column: String, inDDL ddl: String) -> Int? {
        guard let statement = SQLParser.parse(ddl).statements.first else { return nil }
        let key = column.lowercased()
        switch statement.kind {
        case .createTable(let create):
            // `AS SELECT` tables and virtual tables declare no columns in the statement.
            return create.columns.first { $0.name.text.lowercased() == key }?.name.range.lowerBound
        case .alterTable(let alter):
            guard case .addColumn(let added) = alter.action, added.name.text.lowercased() == key else { return nil }
            return added.name.range.lowerBound
        default:
            return nil
        }
    }

    /// The name a `CREATE TABLE/VIEW/VIRTUAL TABLE/INDEX/TRIGGER` statement creates.
    private static func createdName(of statement: SQLStatement) -> SQLName? {
        switch statement.kind {
        case .createTable(let table): table.name?.name
        case .createView(let view): view.name?.name
        case .createIndex(let index): index.name?.name
        case .createTrigger(let trigger): trigger.name?.name
        default: nil
        }
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
