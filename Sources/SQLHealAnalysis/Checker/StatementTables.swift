/// The tables a statement reads or writes and the aliases it gives them, as the SQL model reads
/// them (``SQLStatement/tableMentions``). Used only to word messages and pick suggestions:
/// SQLite itself decides what exists.
struct StatementTables {
    /// Alias or table name, lowercased → the table name as written.
    private(set) var tableByReference: [String: String] = [:]
    /// Tables as written, in statement order, without duplicates.
    private(set) var tables: [String] = []
    /// Every alias the statement gives (tables', subqueries', functions'), lowercased.
    private(set) var aliases: [String] = []
    /// Aliases of subqueries (`(SELECT …) AS pairs`), lowercased: their columns are whatever the
    /// subquery selects, which a hole in it may decide.
    private(set) var subqueryAliases: Set<String> = []
    /// The table an `INSERT INTO` / `REPLACE INTO` / `UPDATE` statement writes.
    private(set) var targetTable: String?

    init(_ statement: SQLStatement?) {
        for mention in statement?.tableMentions ?? [] {
            // A subquery has no name of its own: its alias stands for it.
            let name = mention.kind == .subquery ? mention.alias?.text ?? "" : mention.name
            guard !name.isEmpty else { continue }
            let key = name.lowercased()
            if mention.kind != .subquery {
                if tableByReference[key] == nil { tableByReference[key] = name }
                if !tables.contains(where: { $0.lowercased() == key }) { tables.append(name) }
            }
            if mention.role == .target && targetTable == nil { targetTable = name }
            if let alias = mention.alias {
                tableByReference[alias.key] = name
                if mention.kind == .subquery { subqueryAliases.insert(alias.key) }
                if !aliases.contains(alias.key) { aliases.append(alias.key) }
            }
            if mention.isTriggerTable {
                for pseudo in ["new", "old"] where tableByReference[pseudo] == nil { tableByReference[pseudo] = name }
            }
        }
    }

    /// The table a qualifier (`u` in `u.email`) stands for, or `nil` when the statement does not say.
    func table(forQualifier qualifier: String) -> String? {
        tableByReference[qualifier.lowercased()]
    }
}
