/// SQLite's type affinity, decided from a column's declared type by the rules of
/// "Datatypes In SQLite", section 3.1 — by substring, in this order, never by the whole name.
public enum TypeAffinity: String, Sendable, Hashable, Codable {
    case integer = "INTEGER"
    case text = "TEXT"
    case blob = "BLOB"
    case real = "REAL"
    case numeric = "NUMERIC"

    public init(declaredType: String) {
        let type = declaredType.uppercased()
        if type.contains("INT") {
            self = .integer
        } else if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") {
            self = .text
        } else if type.isEmpty || type.contains("BLOB") {
            self = .blob
        } else if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") {
            self = .real
        } else {
            self = .numeric
        }
    }

    /// INTEGER, REAL and NUMERIC convert text that looks like a number when comparing or storing.
    public var isNumeric: Bool { self == .integer || self == .real || self == .numeric }
}

public struct ColumnSchema: Sendable, Hashable {
    public var name: String
    /// The declared type as written (`VARCHAR(20)`, `` for none).
    public var declaredType: String
    public var affinity: TypeAffinity
    public var isNotNull: Bool
    /// 1-based position in the primary key, 0 when not part of it.
    public var primaryKeyPosition: Int
    /// `INTEGER PRIMARY KEY` on a rowid table: an alias of the rowid that rejects non-integers.
    public var isRowidAlias: Bool
    /// Hidden columns of virtual tables (FTS5's `rank`, the table-named column) and generated columns.
    public var isHidden: Bool
    public var defaultValueSQL: String?
    public var declaredAt: SchemaLocation?

    public init(
        name: String,
        declaredType: String,
        isNotNull: Bool = false,
        primaryKeyPosition: Int = 0,
        isRowidAlias: Bool = false,
        isHidden: Bool = false,
        defaultValueSQL: String? = nil,
        declaredAt: SchemaLocation? = nil
    ) {
        self.name = name
        self.declaredType = declaredType
        self.affinity = TypeAffinity(declaredType: declaredType)
        self.isNotNull = isNotNull
        self.primaryKeyPosition = primaryKeyPosition
        self.isRowidAlias = isRowidAlias
        self.isHidden = isHidden
        self.defaultValueSQL = defaultValueSQL
        self.declaredAt = declaredAt
    }
}

public enum TableKind: String, Sendable, Hashable {
    case table
    case view
    case virtualTable
}

public struct TableSchema: Sendable, Hashable {
    public var name: String
    public var kind: TableKind
    public var columns: [ColumnSchema]
    public var isStrict: Bool
    public var isWithoutRowid: Bool
    /// The CREATE statement exactly as SQLite stores it in `sqlite_schema.sql`.
    public var createSQL: String
    public var declaredAt: SchemaLocation?

    public init(
        name: String,
        kind: TableKind,
        columns: [ColumnSchema],
        isStrict: Bool = false,
        isWithoutRowid: Bool = false,
        createSQL: String,
        declaredAt: SchemaLocation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.columns = columns
        self.isStrict = isStrict
        self.isWithoutRowid = isWithoutRowid
        self.createSQL = createSQL
        self.declaredAt = declaredAt
    }

    /// The column named `name`, compared as SQLite does (ASCII case-insensitively).
    public func column(named name: String) -> ColumnSchema? {
        let key = name.lowercased()
        return columns.first { $0.name.lowercased() == key }
    }
}

/// A database schema as the checker needs it: the tables, views and their columns, plus the
/// DDL that rebuilds it on an empty connection.
public struct SchemaSnapshot: Sendable, Hashable {
    /// Keyed by lowercased name: SQLite compares identifiers ASCII case-insensitively.
    public private(set) var tablesByLowercasedName: [String: TableSchema]
    /// CREATE statements (tables, views, virtual tables, indexes, triggers) in an order that
    /// replays on an empty database.
    public var ddl: [String]
    /// Changes whenever anything above changes: the checker's cache key.
    public var fingerprint: String

    public init(tables: [TableSchema], ddl: [String], fingerprint: String) {
        var byName: [String: TableSchema] = [:]
        for table in tables { byName[table.name.lowercased()] = table }
        self.tablesByLowercasedName = byName
        self.ddl = ddl
        self.fingerprint = fingerprint
    }

    public static let empty = SchemaSnapshot(tables: [], ddl: [], fingerprint: "empty")

    public var tables: [TableSchema] { tablesByLowercasedName.values.sorted { $0.name < $1.name } }

    public func table(named name: String) -> TableSchema? { tablesByLowercasedName[name.lowercased()] }
}
