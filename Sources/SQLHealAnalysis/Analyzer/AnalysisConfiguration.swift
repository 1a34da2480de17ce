/// Which calls and tags hold SQL. Mirrors the `queryFunctions` and `sqlTags` keys of `sqlheal.json`.
public struct QueryExtractionConfiguration: Sendable, Hashable {
    /// A call whose callee's last name is one of these takes SQL as its first argument
    /// (`db.all(…)`, `this.db.prepare(…).get(x)`).
    public var queryFunctionNames: Set<String>
    /// A tagged template whose tag (or the tag's first name, `sql.unsafe`) is one of these is SQL
    /// with bound parameters.
    public var sqlTagNames: Set<String>
    /// Receivers tied to databases by configuration, and the main database's file name.
    public var connections: ConnectionConfiguration
    /// The database a document's queries run on when nothing in it says otherwise (a `databases`
    /// entry whose `paths` hold the document).
    public var defaultDatabase: QueryConnection.Database

    public init(queryFunctionNames: Set<String>, sqlTagNames: Set<String>, connections: ConnectionConfiguration = .none, defaultDatabase: QueryConnection.Database = .main) {
        self.queryFunctionNames = queryFunctionNames
        self.sqlTagNames = sqlTagNames
        self.connections = connections
        self.defaultDatabase = defaultDatabase
    }

    public static let defaultQueryFunctionNames: [String] = [
        "query", "execute", "all", "get", "run", "exec", "prepare", "each", "iterate", "pluck", "first",
    ]
    public static let defaultSQLTagNames: [String] = ["sql", "SQL"]

    public static let `default` = QueryExtractionConfiguration(
        queryFunctionNames: Set(defaultQueryFunctionNames),
        sqlTagNames: Set(defaultSQLTagNames)
    )
}

/// Everything that tunes one document's analysis, apart from the schema.
public struct AnalysisConfiguration: Sendable, Hashable {
    public var extraction: QueryExtractionConfiguration

    public init(extraction: QueryExtractionConfiguration = .default) {
        self.extraction = extraction
    }

    public static let `default` = AnalysisConfiguration()
}
