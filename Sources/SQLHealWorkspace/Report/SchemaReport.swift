import SQLHealAnalysis

/// The schema a project assembled and where each part came from: what `sqlheal schema` prints,
/// what the server logs at start and shows in a hover on `sqlheal.json`.
public struct SchemaReport: Sendable {
    public struct Source: Sendable, Hashable {
        public var kind: String
        /// Relative to the root.
        public var path: String
    }

    public struct Column: Sendable, Hashable {
        public var name: String
        public var type: String
    }

    public struct Table: Sendable, Hashable {
        public var name: String
        /// `table`, `view` or `virtual`.
        public var kind: String
        public var columns: [Column]
        /// `file:line` relative to the root; for a table only the database declares, the
        /// database's path alone.
        public var declaredAt: String?
    }

    public var root: String
    public var sources: [Source]
    public var tables: [Table]

    /// How reports and tools name a table's kind: `table`, `view` or `virtual`.
    public static func kindName(_ kind: TableKind) -> String {
        switch kind {
        case .table: "table"
        case .view: "view"
        case .virtualTable: "virtual"
        }
    }

    public init(schema: WorkspaceSchema, root: String) {
        self.root = root
        sources = Self.sources(of: schema, root: root)
        let databaseName = schema.context.databaseDisplayName
        tables = schema.assembledSnapshot.tables.map { table in
            let kind = Self.kindName(table.kind)
            let columns = table.columns.filter { !$0.isHidden }.map { Column(name: $0.name, type: $0.declaredType) }
            let declaredAt = table.declaredAt.map { "\($0.path):\($0.line)" } ?? databaseName
            return Table(name: table.name, kind: kind, columns: columns, declaredAt: declaredAt)
        }
    }

    /// Where `schema` was read from, paths shown relative to `root`.
    public static func sources(of schema: WorkspaceSchema, root: String) -> [Source] {
        schema.sources.map { Source(kind: $0.kind.rawValue, path: WorkspacePath.display($0.path, root: root)) }
    }

    public var isEmpty: Bool { tables.isEmpty }

    public func json() -> String {
        let object = ReportJSON.object([
            ("sources", .array(sources.map { .object([("kind", .string($0.kind)), ("path", .string($0.path))]) })),
            ("tables", .array(tables.map { table in
                .object([
                    ("name", .string(table.name)),
                    ("kind", .string(table.kind)),
                    ("columns", .array(table.columns.map { .object([("name", .string($0.name)), ("type", .string($0.type))]) })),
                    ("declaredAt", table.declaredAt.map { .string($0) } ?? .null),
                ])
            })),
        ])
        return object.serialized(pretty: true) + "\n"
    }

    /// Sources first (`kind: path`), then one line per table: `name (kind) declaredAt: col type, …`.
    public func text(maximumTables: Int? = nil) -> String {
        var lines: [String] = []
        if sources.isEmpty {
            lines.append("sources: none")
        } else {
            lines.append("sources:")
            for source in sources { lines.append("  \(source.kind): \(source.path)") }
        }
        lines.append("tables: \(tables.count)")
        let shown = maximumTables.map { Array(tables.prefix($0)) } ?? tables
        for table in shown {
            let kind = table.kind == "table" ? "" : " (\(table.kind))"
            let at = table.declaredAt.map { "  [\($0)]" } ?? ""
            let columns = table.columns.map { $0.type.isEmpty ? $0.name : "\($0.name) \($0.type)" }.joined(separator: ", ")
            lines.append("  \(table.name)\(kind)(\(columns))\(at)")
        }
        if shown.count < tables.count { lines.append("  … and \(tables.count - shown.count) more") }
        return lines.joined(separator: "\n") + "\n"
    }
}
