import Foundation
import SQLHealAnalysis
import SQLHealSQLite

/// What the planner needs to know about one table, read from `sqlite_schema` and the
/// `pragma_*` table-valued functions (never used to generate DDL: only to decide).
struct InspectedTable: Sendable {
    struct Column: Sendable {
        var name: String
        var declaredType: String
        var isNotNull: Bool
        var primaryKeyPosition: Int
        /// `pragma_table_xinfo.hidden`: 2 virtual generated, 3 stored generated.
        var hidden: Int
        var isGenerated: Bool { hidden == 2 || hidden == 3 }
    }

    var name: String
    var createSQL: String
    var isVirtual: Bool
    var isWithoutRowid: Bool
    var isStrict: Bool
    var hasAutoincrement: Bool
    /// True when the table's PRIMARY KEY is an alias of the rowid (`INTEGER PRIMARY KEY`, not `DESC`).
    var hasRowidAlias: Bool
    var columns: [Column]
    /// `CREATE INDEX` texts (automatic indexes have none: they come back with the CREATE TABLE).
    var indexSQL: [String]
    var triggerSQL: [String]
    /// Column sets that must stay unique (PRIMARY KEY, UNIQUE constraints and unique indexes on
    /// plain columns); expression index parts are left out.
    var uniqueColumnSets: [[String]]

    func column(named name: String) -> Column? {
        let key = name.lowercased()
        return columns.first { $0.name.lowercased() == key }
    }

    /// The name that reaches the real rowid here (`rowid`, `_rowid_` or `oid`: the first one
    /// that is not also a column name); `nil` for WITHOUT ROWID tables or when all three are taken.
    var rowidName: String? {
        guard !isWithoutRowid, !isVirtual else { return nil }
        return ["rowid", "_rowid_", "oid"].first { column(named: $0) == nil }
    }
}

/// A database's schema as the planner sees it: tables by lowercased name, views, every object name.
struct InspectedSchema: Sendable {
    var schemaVersion: Int64
    var tables: [String: InspectedTable]
    var viewNames: [String]
    /// Every name in `sqlite_schema` (tables, indexes, views, triggers), lowercased.
    var objectNames: Set<String>

    func table(named name: String) -> InspectedTable? { tables[name.lowercased()] }

    /// A table name nothing in the schema uses yet: `sqlheal_new_<table>`, then `_2`, `_3`, …
    func unusedName(basedOn base: String, avoiding extra: Set<String> = []) -> String {
        var candidate = base
        var counter = 2
        while objectNames.contains(candidate.lowercased()) || extra.contains(candidate.lowercased()) {
            candidate = "\(base)_\(counter)"
            counter += 1
        }
        return candidate
    }

    static func read(_ connection: SQLiteConnection) throws -> InspectedSchema {
        let schemaVersion = try connection.scalar("PRAGMA schema_version")?.integerValue ?? 0
        let objects = try connection.rows("SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid")
        var tables: [String: InspectedTable] = [:]
        var views: [String] = []
        var names: Set<String> = []
        var indexesByTable: [String: [String]] = [:]
        var triggersByTable: [String: [String]] = [:]
        for object in objects {
            guard object.count == 4, let type = object[0].textValue, let name = object[1].textValue else { continue }
            names.insert(name.lowercased())
            let owner = object[2].textValue?.lowercased() ?? ""
            let sql = object[3].textValue
            switch type {
            case "index": if let sql { indexesByTable[owner, default: []].append(sql) }
            case "trigger": if let sql { triggersByTable[owner, default: []].append(sql) }
            case "view": views.append(name)
            default: break
            }
        }
        for object in objects {
            guard object.count == 4, object[0].textValue == "table", let name = object[1].textValue,
                  let sql = object[3].textValue, !name.hasPrefix("sqlite_") else { continue }
            let isVirtual = sql.uppercased().hasPrefix("CREATE VIRTUAL")
            var columns: [InspectedTable.Column] = []
            var flags = (withoutRowid: false, strict: false)
            if !isVirtual {
                for row in try connection.rows(
                    "SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid", [.text(name)]) {
                    columns.append(.init(
                        name: row[0].textValue ?? "", declaredType: row[1].textValue ?? "",
                        isNotNull: row[2].integerValue == 1, primaryKeyPosition: Int(row[3].integerValue ?? 0),
                        hidden: Int(row[4].integerValue ?? 0)))
                }
                if let row = try connection.rows("SELECT wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = ?", [.text(name)]).first {
                    flags = (row[0].integerValue == 1, row[1].integerValue == 1)
                }
            }
            let hasPrimaryKey = columns.contains { $0.primaryKeyPosition > 0 }
            let primaryKeyHasIndex = try connection.scalar(
                "SELECT count(*) FROM pragma_index_list(?) WHERE origin = 'pk'", [.text(name)])?.integerValue ?? 0
            let hasRowidAlias = !isVirtual && !flags.withoutRowid && hasPrimaryKey && primaryKeyHasIndex == 0
            var uniqueSets: [[String]] = []
            if !isVirtual {
                if flags.withoutRowid || hasRowidAlias {
                    let key = columns.filter { $0.primaryKeyPosition > 0 }.sorted { $0.primaryKeyPosition < $1.primaryKeyPosition }.map(\.name)
                    if !key.isEmpty { uniqueSets.append(key) }
                }
                for index in try connection.rows("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1", [.text(name)]) {
                    guard let indexName = index.first?.textValue else { continue }
                    let parts = try connection.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(indexName)])
                    let partNames = parts.compactMap { $0.first?.textValue }
                    if !partNames.isEmpty { uniqueSets.append(partNames) }
                }
            }
            let hasAutoincrement = Self.declaresAutoincrement(sql)
            tables[name.lowercased()] = InspectedTable(
                name: name, createSQL: sql, isVirtual: isVirtual, isWithoutRowid: flags.withoutRowid, isStrict: flags.strict,
                hasAutoincrement: hasAutoincrement, hasRowidAlias: hasRowidAlias, columns: columns,
                indexSQL: indexesByTable[name.lowercased()] ?? [], triggerSQL: triggersByTable[name.lowercased()] ?? [],
                uniqueColumnSets: uniqueSets)
        }
        return InspectedSchema(schemaVersion: schemaVersion, tables: tables, viewNames: views, objectNames: names)
    }

    /// True when the CREATE TABLE text gives a column `PRIMARY KEY AUTOINCREMENT` (the table
    /// then has a row in `sqlite_sequence` that a rebuild must carry over).
    static func declaresAutoincrement(_ createSQL: String) -> Bool {
        guard case .createTable(let create) = SQLParser.parse(createSQL).statements.first?.kind else { return false }
        return create.columns.contains { column in
            column.constraints.contains { if case .primaryKey(_, true) = $0.kind { true } else { false } }
        }
    }
}
