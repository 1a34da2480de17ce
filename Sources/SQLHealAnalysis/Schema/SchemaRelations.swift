import SQLHealSQLite

/// The keys between tables and the indexes of a schema: what ``SchemaSnapshot`` leaves out
/// because the checker does not need it, read for tools that describe the schema.
public struct TableRelations: Sendable, Hashable {
    public struct ForeignKey: Sendable, Hashable {
        public var columns: [String]
        public var referencedTable: String
        /// Empty when the key names no columns (it then means the referenced table's primary key).
        public var referencedColumns: [String]
        public var onDelete: String
        public var onUpdate: String
    }

    public struct Index: Sendable, Hashable {
        public var name: String
        public var columns: [String]
        public var isUnique: Bool
        /// `c` CREATE INDEX, `u` a UNIQUE constraint, `pk` the PRIMARY KEY.
        public var origin: String
        public var isPartial: Bool
    }

    public var foreignKeys: [ForeignKey]
    public var indexes: [Index]

    public static let none = TableRelations(foreignKeys: [], indexes: [])

    /// Replays the snapshot's DDL on a fresh in-memory database (statements that fail, such as
    /// a virtual table whose module this SQLite lacks, are skipped) and reads every table's
    /// foreign keys and indexes with SQLite's pragmas. Keyed by lowercased table name.
    public static func read(_ snapshot: SchemaSnapshot) -> [String: TableRelations] {
        guard let connection = try? SQLiteConnection() else { return [:] }
        connection.disableDoubleQuotedStringLiterals()
        for statement in snapshot.ddl { try? connection.execute(statement) }
        var relations: [String: TableRelations] = [:]
        for table in snapshot.tables where table.kind == .table {
            relations[table.name.lowercased()] = TableRelations(
                foreignKeys: foreignKeys(of: table.name, connection: connection),
                indexes: indexes(of: table.name, connection: connection)
            )
        }
        return relations
    }

    private static func foreignKeys(of table: String, connection: SQLiteConnection) -> [ForeignKey] {
        guard let rows = try? connection.rows(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq",
            [.text(table)]
        ) else { return [] }
        var keys: [ForeignKey] = []
        var lastID: Int64?
        for row in rows where row.count >= 6 {
            let id = row[0].integerValue ?? 0
            let from = row[2].textValue ?? ""
            let to = row[3].textValue
            if id != lastID {
                keys.append(ForeignKey(columns: [], referencedTable: row[1].textValue ?? "", referencedColumns: [],
                                       onDelete: row[5].textValue ?? "NO ACTION", onUpdate: row[4].textValue ?? "NO ACTION"))
                lastID = id
            }
            keys[keys.count - 1].columns.append(from)
            if let to { keys[keys.count - 1].referencedColumns.append(to) }
        }
        return keys
    }

    private static func indexes(of table: String, connection: SQLiteConnection) -> [Index] {
        guard let rows = try? connection.rows(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY seq", [.text(table)]
        ) else { return [] }
        var indexes: [Index] = []
        for row in rows where row.count >= 4 {
            guard let name = row[0].textValue else { continue }
            let columns = (try? connection.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(name)]))?
                .map { $0.first?.textValue ?? "<expression>" } ?? []
            indexes.append(Index(name: name, columns: columns, isUnique: (row[1].integerValue ?? 0) != 0,
                                 origin: row[2].textValue ?? "c", isPartial: (row[3].integerValue ?? 0) != 0))
        }
        // Oldest first reads better than SQLite's newest-first listing.
        return indexes.reversed()
    }
}
