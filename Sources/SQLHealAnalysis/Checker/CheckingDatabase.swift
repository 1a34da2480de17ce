import SQLHealSQLite

/// The in-memory SQLite database queries are prepared against: only the checked schema's DDL,
/// double-quoted string literals off, and a cap on what user SQL may make it compute.
/// Not thread-safe: ``QueryChecker`` guards it with a mutex.
final class CheckingDatabase {
    let connection: SQLiteConnection
    /// Tables, views and virtual tables whose DDL did not replay here (a virtual table whose
    /// module this SQLite lacks): queries naming them cannot be checked. Lowercased.
    let uncheckableTableNames: Set<String>
    /// Schema names attached for documents that `ATTACH DATABASE … AS name` (``AttachedDatabases``), lowercased.
    var attachedSchemaNames: Set<String> = []
    /// Of those, the ones whose schema the configuration gives (``SchemaContext/attachableSchemas``).
    var knownAttachedSchemaNames: Set<String> = []
    let attachableSchemas: [String: [String]]

    /// Instructions a statement from a user file may run when executed here (document DDL).
    static let executionInstructionLimit = 2_000_000

    init?(context: SchemaContext) {
        let schema = context.checkedSchema
        guard let connection = try? SQLiteConnection() else { return nil }
        connection.disableDoubleQuotedStringLiterals()
        connection.setMaximumValueLength(1_000_000)
        var uncheckable: Set<String> = []
        for statement in schema.ddl {
            do {
                try connection.withInstructionLimit(Self.executionInstructionLimit) { try connection.execute(statement) }
            } catch {
                if let table = schema.tables.first(where: { $0.createSQL == statement }) {
                    uncheckable.insert(table.name.lowercased())
                }
            }
        }
        // Tables the project's code creates at run time; failures (already exists) are fine.
        for statement in context.codeDefinedDDL {
            _ = try? connection.withInstructionLimit(Self.executionInstructionLimit) { try connection.execute(statement) }
        }
        self.connection = connection
        self.uncheckableTableNames = uncheckable
        self.attachableSchemas = context.attachableSchemas
    }

    /// SQLite's error for preparing the first statement of `sql`, `nil` when it prepares.
    func prepareError(_ sql: String) -> SQLiteError? {
        do {
            _ = try connection.prepare(sql)
            return nil
        } catch let error as SQLiteError {
            // Only comments: nothing to check, nothing wrong.
            if error.code == 21 /* SQLITE_MISUSE */ && error.message == "no statement in the SQL text" { return nil }
            return error
        } catch {
            return nil
        }
    }

    /// Runs `sql` under the instruction cap; `false` when SQLite refused or interrupted it.
    @discardableResult
    func execute(_ sql: String) -> Bool {
        do {
            try connection.withInstructionLimit(Self.executionInstructionLimit) { try connection.execute(sql) }
            return true
        } catch {
            return false
        }
    }

    /// Lowercased column name → declared type, of a table as this connection sees it now; `nil`
    /// when there is no such table.
    func declaredTypes(of table: String) -> [String: String]? {
        guard let rows = try? connection.rows("SELECT name, type FROM pragma_table_xinfo(?)", [.text(table)]), !rows.isEmpty else {
            return nil
        }
        var types: [String: String] = [:]
        for row in rows where row.count == 2 {
            if let name = row[0].textValue { types[name.lowercased()] = row[1].textValue ?? "" }
        }
        return types
    }

    /// The columns of a table or view as this connection sees it (tables the document itself
    /// creates included); `nil` when there is no such table.
    func columnNames(of table: String) -> [String]? {
        guard let rows = try? connection.rows("SELECT name FROM pragma_table_xinfo(?)", [.text(table)]), !rows.isEmpty else {
            return nil
        }
        return rows.compactMap { $0.first?.textValue }
    }
}
