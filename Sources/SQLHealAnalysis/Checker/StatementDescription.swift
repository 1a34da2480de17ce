import SQLHealSQLite

/// What SQLite says about one statement prepared against the checked schema: the columns it
/// returns and the parameters it takes. For tools that describe a statement (`sqlheal mcp`'s
/// `check_sql`), not for findings: those come from ``QueryChecker/check(_:documentText:)``.
public struct StatementDescription: Sendable, Hashable {
    public struct ResultColumn: Sendable, Hashable {
        /// As SQLite names it (`email`, `count(*)`, an alias).
        public var name: String
        /// The declared type of the column it reads, `nil` for an expression.
        public var declaredType: String?
        /// The table and column it reads straight from, `nil` for an expression.
        public var table: String?
        public var column: String?

        public init(name: String, declaredType: String?, table: String?, column: String?) {
            self.name = name
            self.declaredType = declaredType
            self.table = table
            self.column = column
        }
    }

    /// Empty for a statement that returns no rows (INSERT without RETURNING, CREATE, …).
    public var resultColumns: [ResultColumn]
    public var parameterCount: Int
    /// Each parameter's name with its prefix (`:id`, `$id`, `?3`), `nil` for a plain `?`; 1-based order.
    public var parameterNames: [String?]
    public var isReadOnly: Bool

    public init(resultColumns: [ResultColumn], parameterCount: Int, parameterNames: [String?], isReadOnly: Bool) {
        self.resultColumns = resultColumns
        self.parameterCount = parameterCount
        self.parameterNames = parameterNames
        self.isReadOnly = isReadOnly
    }
}

/// A statement SQLite could not prepare: its message and the byte offset it points at.
public struct StatementPreparationError: Error, Sendable, Hashable {
    public var message: String
    public var offset: Int?
}

extension QueryChecker {
    /// Prepares the first statement of `sql` on the checker's in-memory schema database (never
    /// the user's database) and describes it, or says why SQLite refused it.
    public func describeStatement(_ sql: String) -> Result<StatementDescription, StatementPreparationError> {
        state.withLock { state in
            guard let database = state.database else {
                return .failure(StatementPreparationError(message: "the schema could not be loaded into SQLite", offset: nil))
            }
            let statement: SQLiteStatement
            do {
                statement = try database.connection.prepare(sql)
            } catch let error as SQLiteError {
                return .failure(StatementPreparationError(message: error.message, offset: error.offset))
            } catch {
                return .failure(StatementPreparationError(message: "\(error)", offset: nil))
            }
            let columns = (0..<statement.columnCount).map { index in
                StatementDescription.ResultColumn(
                    name: statement.columnName(at: index),
                    declaredType: statement.columnDeclaredType(at: index),
                    table: statement.columnTableName(at: index),
                    column: statement.columnOriginName(at: index)
                )
            }
            let parameterCount = statement.parameterCount
            return .success(StatementDescription(
                resultColumns: columns,
                parameterCount: parameterCount,
                parameterNames: parameterCount == 0 ? [] : (1...parameterCount).map { statement.parameterName(at: $0) },
                isReadOnly: statement.isReadOnly
            ))
        }
    }
}

extension DocumentAnalyzer {
    /// See ``QueryChecker/describeStatement(_:)``.
    public func describeStatement(_ sql: String) -> Result<StatementDescription, StatementPreparationError> {
        checker.describeStatement(sql)
    }
}
