/// What the schema's DDL says about a table beyond its columns: keys, foreign keys, checks and
/// indexes, read from its `CREATE` statements by the SQL model (one reader for SQL text).
public struct SchemaObjectDescription: Sendable, Hashable {
    public struct ForeignKey: Sendable, Hashable {
        public var columns: [String]
        public var parentTable: String
        public var parentColumns: [String]
        public var actions: String

        /// `user_id → users(id) ON DELETE CASCADE`.
        public var text: String {
            let parent = parentColumns.isEmpty ? parentTable : "\(parentTable)(\(parentColumns.joined(separator: ", ")))"
            return "\(columns.joined(separator: ", ")) → \(parent)" + (actions.isEmpty ? "" : " \(actions)")
        }
    }

    public struct Index: Sendable, Hashable {
        public var name: String
        public var isUnique: Bool
        /// The indexed terms as written.
        public var terms: [String]
        public var isPartial: Bool
    }

    public var table: TableSchema
    public var foreignKeys: [ForeignKey]
    public var uniqueConstraints: [[String]]
    public var checks: [String]
    public var indexes: [Index]

    public init(table: TableSchema, schema: SchemaSnapshot) {
        self.table = table
        foreignKeys = []
        uniqueConstraints = []
        checks = []
        indexes = []
        let createTree = SQLParser.parse(table.createSQL)
        for statement in createTree.statements {
            guard case .createTable(let create) = statement.kind else { continue }
            for column in create.columns {
                for constraint in column.constraints {
                    switch constraint.kind {
                    case .references(let clause):
                        foreignKeys.append(ForeignKey(columns: [column.name.text], parentTable: clause.table.text, parentColumns: clause.columns.map(\.text), actions: clause.actions))
                    case .unique:
                        uniqueConstraints.append([column.name.text])
                    case .check(let expression):
                        checks.append(createTree.sql.text(in: expression.range))
                    default: break
                    }
                }
            }
            for constraint in create.constraints {
                switch constraint.kind {
                case .foreignKey(let columns, let clause):
                    foreignKeys.append(ForeignKey(columns: columns.map(\.text), parentTable: clause.table.text, parentColumns: clause.columns.map(\.text), actions: clause.actions))
                case .unique(let terms):
                    uniqueConstraints.append(terms.map { createTree.sql.text(in: $0.range) })
                case .check(let expression):
                    checks.append(createTree.sql.text(in: expression.range))
                case .primaryKey:
                    break
                }
            }
        }
        let key = table.name.lowercased()
        for ddl in schema.ddl where ddl.uppercased().contains("INDEX") {
            let tree = SQLParser.parse(ddl)
            for statement in tree.statements {
                guard case .createIndex(let index) = statement.kind, index.table?.key == key, let name = index.name else { continue }
                indexes.append(Index(
                    name: name.name.text, isUnique: index.isUnique,
                    terms: index.columns.map { tree.sql.text(in: $0.expression.range) + ($0.isDescending ? " DESC" : "") },
                    isPartial: index.whereClause != nil
                ))
            }
        }
    }
}
